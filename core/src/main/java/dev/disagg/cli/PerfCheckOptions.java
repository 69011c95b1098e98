package dev.disagg.cli;

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

    @Option(names = "--fail-on-missing-baseline", description = "A measured concurrency without a baseline fails the perf check (exit 3).")
    boolean failOnMissingBaseline;

    CheckOptions toCheckOptions(Map<String, String> environment) {
        return new CheckOptions(Optional.ofNullable(baseline), Optional.ofNullable(gpuType).filter(g -> !g.isBlank()),
                Optional.ofNullable(skipPerfCheck), Optional.ofNullable(environment.get(SkipPerfCheck.VARIABLE)),
                failOnMissingBaseline, Redactor.fromEnvironment(environment));
    }
}
