package dev.disagg.cli;

import dev.disagg.emulator.Emulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code disagg emulate pytest|trtllm-llmapi-launch [args]}: runs one executable of the emulator
 * of TensorRT-LLM's perf-sanity roles by hand. Job steps reach it through the scripts that
 * {@link dev.disagg.emulator.EmulatorBin} writes (and StepMain's fast path).
 */
@Command(
        name = "emulate",
        description = {
                "Runs an emulated TensorRT-LLM executable: 'pytest <...>/perf/test_perf_sanity.py::test_e2e[<id>] "
                        + "--output-dir DIR ...' (one perf-sanity role, chosen by DISAGG_SERVING_TYPE) or "
                        + "'trtllm-llmapi-launch <command>'. No GPU; see core/docs/emulator.md.",
                "Every argument after the executable's name is passed on unchanged."
        })
public final class EmulateCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return Emulator.run(args.toArray(String[]::new), System.getenv(), System.out, System.err);
    }
}
