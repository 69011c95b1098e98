package dev.disagg.slurm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs one external command to its end: the only way this package touches processes. */
public interface CommandRunner {

    /**
     * Runs {@code command} (no shell) and returns its exit status and output.
     *
     * @throws CommandTimeoutException when it did not end within {@code timeout} (it is killed)
     * @throws IOException when it could not be started (e.g. not installed)
     */
    CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException;

    /**
     * The same with {@code environment} added to this process's environment (e.g. secrets for
     * sbatch to pass on to the job, which must not go into an argument or a file). Runners that
     * cannot do that refuse rather than run the command without it.
     */
    default CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot give a command an environment");
    }
}
