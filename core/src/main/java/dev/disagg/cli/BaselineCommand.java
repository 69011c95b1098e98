package dev.disagg.cli;

import dev.disagg.baseline.BaselineUpdate;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code disagg baseline}: perf baseline files. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Manage perf baseline files.",
        subcommands = {BaselineCommand.Update.class})
public final class BaselineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say which one (disagg baseline update)");
    }

    /** {@code disagg baseline update}: records a passed run's values as the new baseline. */
    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                    "Write the values a passed run measured as baseline entries. Entries of other cases, GPU types,"
                            + " concurrencies and metrics are kept. Writes a new file (--output), or updates --baseline"
                            + " in place only with --in-place."
            })
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--case-dir", required = true, paramLabel = "DIR", description = "The case directory of a passed run.")
        Path caseDir;

        @Option(names = "--baseline", paramLabel = "FILE", description = "The existing baseline to start from (.yaml/.yml or .csv).")
        Path baseline;

        @Option(names = "--output", paramLabel = "FILE", description = "The new baseline file to write (must not exist).")
        Path output;

        @Option(names = "--in-place", description = "Update the --baseline file itself.")
        boolean inPlace;

        @Option(names = "--gpu-type", paramLabel = "TYPE", description = "Record the entries for this GPU type (default: any GPU type).")
        String gpuType;

        @Option(names = "--tolerance", paramLabel = "T", defaultValue = "5%",
                description = "Tolerance of new entries: a fraction (0.05) or a percentage (5%%); default ${DEFAULT-VALUE}."
                        + " Existing entries keep theirs.")
        String tolerance;

        @Option(names = "--metric", paramLabel = "KEY", description = "A metric to record (repeatable). Default: the metrics the case's"
                + " entries already have, else output_throughput, total_throughput, median_ttft, median_e2el.")
        List<String> metrics = new ArrayList<>();

        @Override
        public Integer call() {
            var written = new BaselineUpdate(caseDir, Optional.ofNullable(baseline), Optional.ofNullable(output), inPlace,
                    Optional.ofNullable(gpuType), tolerance, metrics).apply();
            spec.commandLine().getOut().println(written.describe());
            return Verdict.PASS.exitCode();
        }
    }
}
