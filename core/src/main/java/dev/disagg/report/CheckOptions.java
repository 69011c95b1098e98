package dev.disagg.report;

import dev.disagg.history.HistorySettings;
import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.PerfReference;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.secret.Redactor;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * How to check a case.
 *
 * @param baseline the baseline file (.yaml/.yml or upstream's .csv); empty = no baseline
 * @param gpuType the GPU type to pick baseline entries for; empty = entries without a GPU type
 * @param skipPerfCheck the explicit option/parameter; wins over the environment
 * @param skipPerfCheckEnv the value of SKIP_PERF_CHECK in the environment, if set
 * @param missingBaseline what a measured gated metric without a baseline does to the perf check
 * @param redactor masks secrets in the log lines the reports quote
 * @param reference what the perf check compares with; history and both need {@code history}
 * @param history where past runs are read from; empty = no history
 */
public record CheckOptions(Optional<Path> baseline, Optional<String> gpuType, Optional<Boolean> skipPerfCheck,
                           Optional<String> skipPerfCheckEnv, MissingBaselinePolicy missingBaseline, Redactor redactor,
                           PerfReference reference, Optional<HistorySettings> history) {

    public CheckOptions {
        if (reference.usesHistory() && history.isEmpty()) {
            throw new IllegalArgumentException("--perf-reference " + reference.key() + " needs a history store");
        }
    }

    /** Judged against the baseline file, no history. */
    public CheckOptions(Optional<Path> baseline, Optional<String> gpuType, Optional<Boolean> skipPerfCheck,
                        Optional<String> skipPerfCheckEnv, MissingBaselinePolicy missingBaseline, Redactor redactor) {
        this(baseline, gpuType, skipPerfCheck, skipPerfCheckEnv, missingBaseline, redactor, PerfReference.BASELINE, Optional.empty());
    }

    /** Masking only {@code NAME=value} assignments with secret-looking names. */
    public CheckOptions(Optional<Path> baseline, Optional<String> gpuType, Optional<Boolean> skipPerfCheck,
                        Optional<String> skipPerfCheckEnv, MissingBaselinePolicy missingBaseline) {
        this(baseline, gpuType, skipPerfCheck, skipPerfCheckEnv, missingBaseline, Redactor.assignmentsOnly());
    }

    /** No baseline, any GPU, SKIP_PERF_CHECK and the secrets to mask from {@code environment}. */
    public static CheckOptions defaults(Map<String, String> environment) {
        return new CheckOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(environment.get(SkipPerfCheck.VARIABLE)), MissingBaselinePolicy.DEFAULT, Redactor.fromEnvironment(environment));
    }

    /** The same, also masking {@code secretValues} in what the reports quote from logs. */
    public CheckOptions maskingAlso(Collection<String> secretValues) {
        return new CheckOptions(baseline, gpuType, skipPerfCheck, skipPerfCheckEnv, missingBaseline,
                redactor.with(secretValues), reference, history);
    }

    /** The same, judged against {@code reference} with past runs from {@code history}. */
    public CheckOptions withHistory(PerfReference reference, Optional<HistorySettings> history) {
        return new CheckOptions(baseline, gpuType, skipPerfCheck, skipPerfCheckEnv, missingBaseline, redactor, reference, history);
    }
}
