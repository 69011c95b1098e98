package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a legacy submission script (never running it) and converts every submission it would make. */
public final class Migrator {
    private Migrator() {
    }

    /**
     * @throws ScriptError for the first construct that cannot be interpreted or submission that
     *         cannot be converted, naming its line
     */
    public static List<MigratedCase> migrate(String script, MigrationSettings settings) {
        List<SbatchCall> calls = Interpreter.run(Parser.parse(script));
        if (calls.isEmpty()) {
            throw new ScriptError(1, "the script never calls sbatch; there is nothing to convert");
        }
        List<MigratedCase> cases = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (SbatchCall call : calls) {
            MigratedCase converted = CaseBuilder.build(call, settings);
            String name = converted.name();
            int count = seen.merge(name, 1, Integer::sum);
            if (count > 1) {
                // The legacy flow would have written both runs into one log directory.
                converted = converted.renamed(name + "_" + count, "same legacy name as the submission of line "
                        + firstLine.get(name) + "; suffixed _" + count);
            } else {
                firstLine.put(name, call.line());
            }
            cases.add(converted);
        }
        return List.copyOf(cases);
    }

    /** The sbatch argument lists the script would run, in order (what a recording sbatch would see). */
    static List<List<String>> submissions(String script) {
        return Interpreter.run(Parser.parse(script)).stream().map(SbatchCall::texts).toList();
    }
}
