package dev.disagg.cli;

import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.report.CheckOptions;
import dev.disagg.secret.Redactor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The perf-check options shared by {@code check} and {@code run}. */
final class PerfCheckOptions {
    @Option(names = "--baseline", paramLabel = "FILE", description = "Baseline file: readable .yaml/.yml or upstream's base .csv.")
    Path baseline;

    @Option(names = "--gpu-type", paramLabel = "TYPE", description = "Use the baseline entries for this GPU type (default: entries without one).")
    String gpuType;

    @Option(names = "--skip-perf-check", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Skip the perf check. Wins over the SKIP_PERF_CHECK environment variable; default false.")
    Boolean skipPerfCheck;

    @Option(names = "--missing-baseline", paramLabel = "fail|warn|ignore",
            description = "A measured gated metric without a baseline: fail the perf check (exit 3), warn (default), or ignore."
                    + " Every policy lists such metrics in the reports.")
    String missingBaseline;

    /** Kept for scripts written before --missing-baseline; the same as --missing-baseline fail. */
    @Option(names = "--fail-on-missing-baseline", hidden = true)
    boolean failOnMissingBaseline;

    CheckOptions toCheckOptions(Map<String, String> environment) {
        return new CheckOptions(Optional.ofNullable(baseline), Optional.ofNullable(gpuType).filter(g -> !g.isBlank()),
                Optional.ofNullable(skipPerfCheck), Optional.ofNullable(environment.get(SkipPerfCheck.VARIABLE)),
                missingBaselinePolicy(), Redactor.fromEnvironment(environment));
    }

    private MissingBaselinePolicy missingBaselinePolicy() {
        if (failOnMissingBaseline && missingBaseline != null) {
            throw new UserError("give --missing-baseline " + missingBaseline + " or --fail-on-missing-baseline (its old name for"
                    + " --missing-baseline fail), not both");
        }
        if (failOnMissingBaseline) {
            return MissingBaselinePolicy.FAIL;
        }
        try {
            return missingBaseline == null ? MissingBaselinePolicy.DEFAULT : MissingBaselinePolicy.parse(missingBaseline);
        } catch (InvalidInputException e) {
            throw new UserError(e.getMessage());
        }
    }
}
