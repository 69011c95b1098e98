package dev.disagg.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with {@link ProcessBuilder}, reading stdout and stderr at once, with a timeout, and with SIGPIPE
 * ignored: SLURM's clients get their credential from munged, which closes the connection of a client that has not
 * sent its request in time (munge's MUNGE_SOCKET_TIMEOUT_MSECS, 2-3 s by version; a loaded login node). With SIGPIPE
 * ignored libmunge sees the broken connection and tries again; otherwise sbatch dies of the signal before it reaches
 * slurmctld (exit 141, no message).
 */
public final class ProcessCommandRunner implements CommandRunner {
    /** The wrapper's stderr line when the command is not on the PATH, which ProcessBuilder would report itself. */
    private static final String NOT_FOUND = "disagg-process-runner: not found: ";
    private static final String IGNORING_SIGPIPE = "trap '' PIPE; command -v -- \"$0\" >/dev/null 2>&1"
            + " || { echo \"" + NOT_FOUND + "$0\" >&2; exit 127; }; exec \"$0\" \"$@\"";

    /** {@code command} with this process's environment as it is. */
    public CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), timeout);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", IGNORING_SIGPIPE));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Both streams are drained concurrently so a chatty command cannot block on a full pipe.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandTimeoutException(command.get(0) + " did not answer within " + timeout.toSeconds() + " s");
            }
            CommandResult result = new CommandResult(process.exitValue(), stdout.get(), stderr.get());
            if (result.exitCode() == 127 && result.stderr().equals(NOT_FOUND + command.get(0) + "\n")) {
                throw new IOException("not found on the PATH: " + command.get(0)); // callers say what they ran it for
            }
            return result;
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + command.get(0), e.getCause());
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "command-output-reader");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
