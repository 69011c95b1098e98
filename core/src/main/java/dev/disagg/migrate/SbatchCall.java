package dev.disagg.migrate;

import java.util.List;
import java.util.Map;

/**
 * One {@code sbatch} the script would run: its line, its arguments after expansion, and the
 * values the script's variables naming the model and sequence lengths had at that moment.
 */
record SbatchCall(int line, List<Field> arguments, Map<String, String> context) {
    /** Variables whose value names the case like the legacy log directory did. */
    static final List<String> CONTEXT_VARIABLES = List.of("model", "model_name", "isl", "osl");

    SbatchCall {
        arguments = List.copyOf(arguments);
        context = Map.copyOf(context);
    }

    List<String> texts() {
        return arguments.stream().map(Field::text).toList();
    }
}
