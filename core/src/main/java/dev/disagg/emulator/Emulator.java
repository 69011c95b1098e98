package dev.disagg.emulator;

import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Entry of {@code disagg emulate <executable> [args]}: runs one emulated upstream executable,
 * {@code pytest} (TensorRT-LLM's perf-sanity test roles) or {@code trtllm-llmapi-launch}, and
 * returns its exit status (the caller exits with it), so tests can run roles in one JVM.
 * See core/docs/emulator.md.
 */
public final class Emulator {
    public static final String PYTEST = "pytest";
    public static final String LLMAPI_LAUNCH = "trtllm-llmapi-launch";

    private Emulator() {
    }

    /**
     * @param args the executable's name, then its arguments
     * @return the exit status; 2 for an unknown executable or a malformed emulator variable
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(Arrays.asList(args), env, Path.of("").toAbsolutePath(), out, err);
    }

    static int run(List<String> args, Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !(args.get(0).equals(PYTEST) || args.get(0).equals(LLMAPI_LAUNCH))) {
            err.println("disagg emulate: expected " + PYTEST + " or " + LLMAPI_LAUNCH + ", then its arguments");
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            int status = args.get(0).equals(PYTEST)
                    ? new PytestRun(env, cwd, out, err).run(rest)
                    : new LlmapiLaunch(env, cwd, out, err).run(rest);
            if (Boolean.getBoolean(ClassTraining.PROPERTY)) {
                ClassTraining.run();
            }
            return status;
        } catch (VerdictException e) {
            err.println("disagg emulate: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("disagg emulate " + args.get(0) + ": " + e.getMessage());
            return 4;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
