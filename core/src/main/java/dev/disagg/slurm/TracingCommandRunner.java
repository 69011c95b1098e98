package dev.disagg.slurm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Appends one line per SLURM command to a trace file ({@code DISAGG_SLURM_TRACE}), so the load a
 * run puts on the controller can be counted: {@code <instant> pid=<pid> <command> -> <outcome> <ms>ms}.
 * Several processes may share one file: each line is one append.
 */
public final class TracingCommandRunner implements CommandRunner {
    /** The environment variable naming the trace file; unset or blank: no trace. */
    public static final String ENV = "DISAGG_SLURM_TRACE";

    private final CommandRunner delegate;
    private final Path file;
    private final Clock clock;

    public TracingCommandRunner(CommandRunner delegate, Path file, Clock clock) {
        this.delegate = delegate;
        this.file = file;
        this.clock = clock;
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        Instant start = clock.instant();
        String outcome = "error";
        try {
            CommandResult result = delegate.run(command, environment, timeout);
            outcome = "exit " + result.exitCode();
            return result;
        } catch (CommandTimeoutException e) {
            outcome = "timeout";
            throw e;
        } finally {
            append(start, describe(command), outcome, Duration.between(start, clock.instant()));
        }
    }

    /** What the trace shows of a command: sbatch's options may carry site settings, so only its script. */
    static String describe(List<String> command) {
        if (command.get(0).equals("sbatch")) {
            return "sbatch " + command.get(command.size() - 1);
        }
        return String.join(" ", command);
    }

    private void append(Instant start, String command, String outcome, Duration took) {
        String line = start + " pid=" + ProcessHandle.current().pid() + " " + command.replace('\n', ' ')
                + " -> " + outcome + " " + took.toMillis() + "ms\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // A trace is a diagnostic aid: failing to write it must not fail the case.
        }
    }
}
