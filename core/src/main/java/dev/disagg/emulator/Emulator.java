package dev.disagg.emulator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Entry of {@code disagg emulate <executable> [args]}: runs one emulated upstream executable and
 * returns its exit status (the caller exits with it), so tests can run roles in one JVM.
 */
public final class Emulator {
    public static final String PYTEST = "pytest";
    public static final String LLMAPI_LAUNCH = "trtllm-llmapi-launch";

    private Emulator() {
    }

    /**
     * @param args the executable's name, then its arguments
     * @return the exit status; 2 for an unknown executable
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals(PYTEST) || args[0].equals(LLMAPI_LAUNCH))) {
            err.println("disagg emulate: expected " + PYTEST + " or " + LLMAPI_LAUNCH + " and its arguments");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        err.println("disagg emulate " + args[0] + ": not implemented yet " + rest.length);
        return 4;
    }
}
