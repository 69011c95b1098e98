package dev.disagg.cli;

import dev.disagg.emulator.Emulator;
import java.util.Arrays;

/**
 * How job steps start this CLI ({@code {self}} in a profile's test command): the commands of
 * {@link DisaggCli}, except {@code emulate ...}, which the emulator's {@code pytest} and
 * {@code trtllm-llmapi-launch} scripts exec for every role, and which runs without building the
 * picocli command tree: building it costs a role about a third of its start-up CPU, paid by
 * every role at once (core/docs/benchmarks.md).
 */
public final class StepMain {
    private StepMain() {
    }

    public static void main(String[] args) {
        if (args.length >= 1 && args[0].equals("emulate")) {
            System.exit(Emulator.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
        }
        DisaggCli.main(args);
    }
}
