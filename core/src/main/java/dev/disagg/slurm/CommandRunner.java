package dev.disagg.slurm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs one external command to its end: the only way this package touches processes. */
public interface CommandRunner {

    /**
     * Runs {@code command} (no shell) and returns its exit status and output.
     *
     * @throws CommandTimeoutException when it did not end within {@code timeout} (it is killed)
     * @throws IOException when it could not be started (e.g. not installed)
     */
    CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException;
}
