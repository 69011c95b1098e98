package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.fail;

import dev.disagg.cli.DisaggCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code disagg} command in its own JVM (as Jenkins runs it), its output in files. */
final class CliProcess {
    private final Process process;
    private final Path out;
    private final Path err;
    private final Instant started = Instant.now();

    private CliProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    Instant started() {
        return started;
    }

    /** Starts {@code disagg args...} with {@code env} added; output goes to {@code <dir>/<name>.out|.err}. */
    static CliProcess start(Path dir, String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), DisaggCli.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return new CliProcess(builder.start(), out, err);
    }

    /** Waits for the exit status; a process still running after {@code deadline} fails the test (and is stopped). */
    int await(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
            fail("disagg did not end within " + deadline.toSeconds() + " s; output so far:\n" + out() + err());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (disagg cancels the job it follows), then SIGKILL after a grace period. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    String all() {
        return out() + err();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
