package dev.disagg.slurm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pure parsers for what the SLURM commands print. */
final class SlurmOutput {
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job ([0-9]+)");
    private static final Pattern EXIT_CODE = Pattern.compile("([0-9]+):([0-9]+)");
    /** Messages of a controller that is busy, restarting or briefly unreachable. */
    private static final List<String> TRANSIENT = List.of(
            "socket timed out",
            "unable to contact slurm controller",
            "connection refused",
            "connection timed out",
            "connection reset",
            "zero bytes were transmitted or received",
            "transport endpoint is not connected",
            "communication connection failure",
            "temporarily unable to accept job",
            "resource temporarily unavailable",
            "slurmctld is not responding",
            "unable to establish connection");

    private SlurmOutput() {
    }

    /** The job id in sbatch's answer ({@code Submitted batch job 12}, maybe {@code on cluster x}). */
    static Optional<JobId> submittedJobId(String stdout) {
        Matcher m = SUBMITTED.matcher(stdout);
        return m.find() ? Optional.of(new JobId(m.group(1))) : Optional.empty();
    }

    /** True when the message says the controller could not be reached or answer in time. */
    static boolean isTransient(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return TRANSIENT.stream().anyMatch(lower::contains);
    }

    /**
     * The status in {@code scontrol show job -o} output or a jobcomp/filetxt line: both are
     * {@code Key=value} words; the line for {@code jobId} is used (arrays print several).
     */
    static Optional<JobStatus> keyValueStatus(JobId jobId, String text) {
        JobStatus found = null;
        for (String line : text.split("\n")) {
            if (!jobId.value().equals(field(line, "JobId").orElse(null))) {
                continue;
            }
            Optional<String> state = field(line, "JobState");
            if (state.isEmpty()) {
                continue;
            }
            int[] exit = exitCode(field(line, "ExitCode").orElse("0:0"));
            // The jobcomp file may list an id twice (ids restart when the controller's state is
            // reset): the last line is the newest.
            found = new JobStatus(jobId, JobState.parse(state.get()), exit[0], exit[1],
                    field(line, "Reason").orElse(""));
        }
        return Optional.ofNullable(found);
    }

    /** The jobs in {@code squeue -h -o %i|%T|%r} output, by id (no exit code: squeue shows none). */
    static Map<JobId, JobStatus> squeueStatuses(String stdout) {
        Map<JobId, JobStatus> out = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String[] cols = line.strip().split("\\|", -1);
            if (cols.length >= 3 && cols[0].matches("[0-9]+")) {
                JobId id = new JobId(cols[0]);
                out.put(id, new JobStatus(id, JobState.parse(cols[1]), 0, 0, cols[2]));
            }
        }
        return out;
    }

    /** The status in {@code sacct -X -n -P -o JobID,State,ExitCode} output. */
    static Optional<JobStatus> sacctStatus(JobId jobId, String stdout) {
        for (String line : stdout.split("\n")) {
            String[] cols = line.strip().split("\\|", -1);
            if (cols.length >= 3 && cols[0].equals(jobId.value())) {
                int[] exit = exitCode(cols[2]);
                return Optional.of(new JobStatus(jobId, JobState.parse(cols[1]), exit[0], exit[1], ""));
            }
        }
        return Optional.empty();
    }

    /** A setting in {@code scontrol show config} output ({@code Name = value}). */
    static Optional<String> configValue(String stdout, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*=\\s*(.*?)\\s*$").matcher(stdout);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The value of {@code Key=value} in a line; a key is matched whole ({@code ExitCode} is not {@code DerivedExitCode}). */
    static Optional<String> field(String line, String key) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\\S*)").matcher(line);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static int[] exitCode(String text) {
        Matcher m = EXIT_CODE.matcher(text.strip());
        return m.matches()
                ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))}
                : new int[] {0, 0};
    }
}
