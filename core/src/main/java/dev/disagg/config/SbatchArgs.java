package dev.disagg.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sbatch options a case ({@code slurm.extra_args}) or a cluster profile ({@code sbatch_args})
 * may add: long options {@code --name} or {@code --name=value} only, except those the tool sets
 * itself. A bare word would become the job script (or its argument), a short option's value
 * would be the next word, and an option the tool owns would move the job log out of the case
 * directory, drop the job's environment or change the job's shape behind the plan.
 */
public final class SbatchArgs {
    private static final Pattern LONG_OPTION = Pattern.compile("--([a-z][a-z0-9-]*)(=.*)?", Pattern.DOTALL);

    /** Options the plan sets, with where to set them instead. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("output", "the job log goes to the case directory (slurm_%j.log), where the reports read it"),
            Map.entry("error", "the job log goes to the case directory (slurm_%j.log), where the reports read it"),
            Map.entry("input", "the job reads no standard input"),
            Map.entry("array", "one case is one job; an array would run it several times into one case directory"),
            Map.entry("nodes", "the plan computes the nodes from the hardware section"),
            Map.entry("ntasks", "the plan computes the tasks from the hardware section"),
            Map.entry("ntasks-per-node", "the plan sets it to hardware.gpus_per_node"),
            Map.entry("ntasks-per-core", "the plan sets the tasks from the hardware section"),
            Map.entry("ntasks-per-socket", "the plan sets the tasks from the hardware section"),
            Map.entry("ntasks-per-gpu", "the plan sets the tasks from the hardware section"),
            Map.entry("segment", "set slurm.set_segment instead"),
            Map.entry("job-name", "set slurm.job_name instead"),
            Map.entry("time", "set slurm.job_time or the case timeout instead"),
            Map.entry("partition", "set slurm.partition (or the profile's partition) instead"),
            Map.entry("account", "set slurm.account (or the profile's account) instead"),
            Map.entry("requeue", "a requeued job would write into a case directory that already holds a run"),
            Map.entry("wrap", "the job script is the rendered job.sh"),
            Map.entry("wait", "the tool follows the job itself"),
            Map.entry("parsable", "the tool reads sbatch's output itself"),
            Map.entry("test-only", "nothing would be submitted"),
            Map.entry("chdir", "the job runs from the case directory's paths as planned"));

    private SbatchArgs() {
    }

    /** Why {@code word} cannot be an sbatch argument here, or empty when it can. */
    public static Optional<String> problem(String word) {
        Matcher m = LONG_OPTION.matcher(word);
        if (!m.matches()) {
            if (word.startsWith("-") && !word.startsWith("--")) {
                return Optional.of("'" + Section.shown(word) + "' is a short option; write the long form --name=value"
                        + " (its value must be in the same word)");
            }
            return Optional.of("'" + Section.shown(word) + "' is not an option (--name or --name=value); a bare word"
                    + " would become sbatch's job script or its argument");
        }
        String name = m.group(1);
        String value = m.group(2) == null ? "" : m.group(2).substring(1);
        if (name.equals("export")) {
            // secrets and the roles' settings reach the job through its environment
            return value.equals("ALL") || value.startsWith("ALL,") ? Optional.empty()
                    : Optional.of("--export=" + Section.shown(value) + " would drop the job's environment; only"
                            + " --export=ALL or --export=ALL,NAME=value is allowed");
        }
        String why = OWNED.get(name);
        return why == null ? Optional.empty() : Optional.of("--" + name + " is set by the tool: " + why);
    }
}
