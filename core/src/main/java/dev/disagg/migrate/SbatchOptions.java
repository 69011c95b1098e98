package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The options of one {@code sbatch} call, read the way sbatch reads them: options up to the
 * first word that is not one, then the batch script, then the script's arguments.
 *
 * @param extraArgs options passed on unchanged through {@code slurm.extra_args}
 * @param dropped options the case cannot carry because the tool manages them (job output paths)
 */
record SbatchOptions(
        int line,
        OptionalInt nodes,
        OptionalInt ntasks,
        OptionalInt ntasksPerNode,
        Optional<String> partition,
        Optional<String> account,
        Optional<String> jobName,
        Optional<String> time,
        Optional<String> gres,
        OptionalInt segment,
        List<String> extraArgs,
        List<String> dropped,
        String script,
        List<Field> scriptArguments) {

    private static final Map<Character, String> SHORT = Map.ofEntries(
            Map.entry('N', "nodes"), Map.entry('n', "ntasks"), Map.entry('p', "partition"), Map.entry('A', "account"),
            Map.entry('J', "job-name"), Map.entry('t', "time"), Map.entry('o', "output"), Map.entry('e', "error"),
            Map.entry('w', "nodelist"), Map.entry('x', "exclude"), Map.entry('c', "cpus-per-task"),
            Map.entry('G', "gpus"), Map.entry('C', "constraint"), Map.entry('q', "qos"), Map.entry('D', "chdir"),
            Map.entry('d', "dependency"), Map.entry('a', "array"), Map.entry('i', "input"));

    /** Long options that take a value, so {@code --name value} (without '=') can be read. */
    private static final Set<String> WITH_VALUE = Set.of(
            "nodes", "ntasks", "ntasks-per-node", "tasks-per-node", "partition", "account", "job-name", "time", "gres",
            "segment", "output", "error", "nodelist", "exclude", "cpus-per-task", "gpus", "gpus-per-node",
            "gpus-per-task", "cpus-per-gpu", "constraint", "qos", "chdir", "dependency", "array", "input", "mem",
            "mem-per-cpu", "mem-per-gpu", "reservation", "comment", "mail-type", "mail-user", "export", "begin",
            "deadline", "signal", "distribution", "licenses", "network", "time-min", "nice", "priority", "wckey",
            "clusters", "cluster", "wrap", "container", "container-image");

    /** Long options that never take a value (options with an optional value must use '=' for one). */
    private static final Set<String> FLAGS = Set.of(
            "exclusive", "requeue", "no-requeue", "overcommit", "hold", "parsable", "test-only", "contiguous",
            "spread-job", "wait", "oversubscribe", "no-kill", "use-min-nodes", "verbose", "quiet", "ignore-pbs");

    /** Options that become case fields. */
    private static final Set<String> MAPPED = Set.of(
            "nodes", "ntasks", "ntasks-per-node", "partition", "account", "job-name", "time", "gres", "segment");

    /** The job's output belongs in the case directory; where the old script sent it does not carry over. */
    private static final Set<String> DROPPED = Set.of("output", "error", "chdir", "input");

    static SbatchOptions parse(SbatchCall call) {
        List<Field> args = call.arguments();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        int i = 0;
        while (i < args.size() && args.get(i).text().startsWith("-") && !args.get(i).text().equals("-")) {
            String arg = args.get(i).text();
            String name;
            String value;
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (FLAGS.contains(name)) {
                    value = null;
                } else if (WITH_VALUE.contains(name)) {
                    if (++i >= args.size()) {
                        throw new ScriptError(call.line(), "sbatch option --" + name + " has no value");
                    }
                    value = args.get(i).text();
                } else {
                    throw new ScriptError(call.line(), "sbatch option --" + name + " is not known to the migration, so it cannot"
                            + " tell whether the next word is its value; write --" + name + "=VALUE, or drop it and add it to"
                            + " the cases' slurm.extra_args by hand");
                }
            } else {
                char letter = arg.length() > 1 ? arg.charAt(1) : ' ';
                name = SHORT.get(letter);
                if (name == null) {
                    throw new ScriptError(call.line(), "sbatch option " + arg + " is not known to the migration; use its long form (--name=value)");
                }
                if (arg.length() > 2) {
                    value = arg.substring(2).startsWith("=") ? arg.substring(3) : arg.substring(2);
                } else {
                    if (++i >= args.size()) {
                        throw new ScriptError(call.line(), "sbatch option " + arg + " has no value");
                    }
                    value = args.get(i).text();
                }
            }
            i++;
            if (name.equals("tasks-per-node")) {
                name = "ntasks-per-node";
            }
            if (name.equals("array") || name.equals("wrap")) {
                throw new ScriptError(call.line(), "sbatch --" + name + " cannot be converted: a case is exactly one job"
                        + " running disaggr_torch.slurm");
            }
            if (value != null && !value.isEmpty() && value.chars().anyMatch(Character::isWhitespace)) {
                throw new ScriptError(call.line(), "sbatch --" + name + " value '" + value + "' contains blanks, which"
                        + " slurm.extra_args cannot carry");
            }
            String spelled = value == null ? "--" + name : "--" + name + "=" + value;
            if (DROPPED.contains(name)) {
                dropped.add(spelled);
            } else if (MAPPED.contains(name)) {
                // sbatch lets a later option win; so does the migration.
                options.put(name, value == null ? "" : value);
            } else {
                extra.add(spelled);
            }
        }
        if (i >= args.size()) {
            throw new ScriptError(call.line(), "sbatch is given no batch script (--wrap and stdin scripts cannot be converted)");
        }
        String script = args.get(i).text();
        return new SbatchOptions(call.line(),
                count(options, "nodes", call.line()), count(options, "ntasks", call.line()),
                count(options, "ntasks-per-node", call.line()),
                text(options, "partition"), text(options, "account"), text(options, "job-name"), text(options, "time"),
                text(options, "gres"), count(options, "segment", call.line()),
                List.copyOf(extra), List.copyOf(dropped), script, List.copyOf(args.subList(i + 1, args.size())));
    }

    private static OptionalInt count(Map<String, String> options, String name, int line) {
        String value = options.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!value.matches("[1-9][0-9]{0,6}")) {
            throw new ScriptError(line, "sbatch --" + name + "=" + value + ": expected a whole number > 0"
                    + (value.contains("-") ? " (ranges like 2-4 cannot be converted)" : ""));
        }
        return OptionalInt.of(Integer.parseInt(value));
    }

    private static Optional<String> text(Map<String, String> options, String name) {
        return Optional.ofNullable(options.get(name)).filter(v -> !v.isEmpty());
    }
}
