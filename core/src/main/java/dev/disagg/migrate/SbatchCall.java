package dev.disagg.migrate;

import java.util.List;
import java.util.Map;

/**
 * One {@code sbatch} the script would run: its line, its arguments after expansion, and the
 * values the script's variables naming the model and sequence lengths had at that moment.
 */
record SbatchCall(int line, List<Field> arguments, Map<String, String> context) {
    /** Variables naming the model, in order of preference. */
    static final List<String> MODEL_VARIABLES = List.of("model", "model_name", "MODEL", "MODEL_NAME");
    /** Variables holding the model's checkpoint path, whose last component names it when nothing else does. */
    static final List<String> MODEL_PATH_VARIABLES = List.of("model_path", "MODEL_PATH", "model_dir", "MODEL_DIR");
    /** Variables whose value names the case like the legacy log directory did. */
    static final List<String> CONTEXT_VARIABLES = java.util.stream.Stream.of(MODEL_VARIABLES, MODEL_PATH_VARIABLES,
            List.of("isl", "osl")).flatMap(List::stream).toList();

    SbatchCall {
        arguments = List.copyOf(arguments);
        context = Map.copyOf(context);
    }

    List<String> texts() {
        return arguments.stream().map(Field::text).toList();
    }
}
