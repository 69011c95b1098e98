package dev.disagg.cli;

import dev.disagg.emulator.Emulator;
import dev.disagg.standin.Standin;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * How job steps start this CLI ({@code {self}} in a profile's test command): the commands of
 * {@link DisaggCli}, except that a bare {@code standin}, as the job script starts it with every
 * setting in DISAGG_* variables, runs without building the picocli command tree. Building it
 * costs a stand-in about a third of its start-up CPU, paid by every role at once
 * (core/docs/benchmarks.md).
 */
public final class StepMain {
    private StepMain() {
    }

    public static void main(String[] args) {
        if (args.length >= 1 && args[0].equals("emulate")) {
            // The emulated pytest / trtllm-llmapi-launch that EmulatorBin's scripts exec.
            System.exit(Emulator.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
                    System.out, System.err));
        }
        if (args.length == 1 && args[0].equals("standin")) {
            System.exit(standin(System.getenv(), System.out, System.err));
        }
        DisaggCli.main(args);
    }

    /** {@code disagg standin} without options: the same statuses and messages. */
    static int standin(Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            return Standin.run(env, out);
        } catch (Exception e) {
            PrintWriter writer = new PrintWriter(err, true);
            int status = UserErrorHandler.report(e, writer);
            writer.flush();
            return status;
        }
    }
}
