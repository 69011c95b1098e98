package dev.disagg.report;

import dev.disagg.perf.SkipPerfCheck;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to check a case.
 *
 * @param baseline the baseline file (.yaml/.yml or upstream's .csv); empty = no baseline
 * @param gpuType the GPU type to pick baseline entries for; empty = entries without a GPU type
 * @param skipPerfCheck the explicit option/parameter; wins over the environment
 * @param skipPerfCheckEnv the value of SKIP_PERF_CHECK in the environment, if set
 * @param failOnMissingBaseline a measured concurrency without a baseline fails the perf check
 */
public record CheckOptions(Optional<Path> baseline, Optional<String> gpuType, Optional<Boolean> skipPerfCheck,
                           Optional<String> skipPerfCheckEnv, boolean failOnMissingBaseline) {

    /** No baseline, any GPU, SKIP_PERF_CHECK from {@code environment}. */
    public static CheckOptions defaults(Map<String, String> environment) {
        return new CheckOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(environment.get(SkipPerfCheck.VARIABLE)), false);
    }
}
