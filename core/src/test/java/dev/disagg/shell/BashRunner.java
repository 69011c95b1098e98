package dev.disagg.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line through a real {@code bash -c}, the way a job step runs it. */
public final class BashRunner {
    private BashRunner() {
    }

    /** stdout of {@code bash -c script}, run in {@code dir} with {@code env} added; fails on a non-zero exit. */
    public static String run(Path dir, Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("bash finished").isTrue();
        assertThat(process.exitValue()).as("exit status of: %s", script).isZero();
        return out;
    }
}
