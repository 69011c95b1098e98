package dev.disagg.slurm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs one external command to its end: the only way this package touches processes. */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code command} (no shell) with {@code environment} added to this process's
     * environment (e.g. secrets for sbatch to pass on to the job, which must not go into an
     * argument or a file; empty for most commands) and returns its exit status and output.
     *
     * @throws CommandTimeoutException when it did not end within {@code timeout} (it is killed)
     * @throws IOException when it could not be started (e.g. not installed)
     */
    CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException;
}
