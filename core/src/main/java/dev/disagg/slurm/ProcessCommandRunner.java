package dev.disagg.slurm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands with {@link ProcessBuilder}, reading stdout and stderr at once, with a timeout. */
public final class ProcessCommandRunner implements CommandRunner {

    /** {@code command} with this process's environment as it is. */
    public CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), timeout);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
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
            return new CommandResult(process.exitValue(), stdout.get(), stderr.get());
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
