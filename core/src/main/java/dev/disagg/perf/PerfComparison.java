package dev.disagg.perf;

import dev.disagg.results.Metric;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One metric at one concurrency: the baseline entry (when there is one), the measured value and
 * the verdict.
 */
public record PerfComparison(int concurrency, Metric metric, Optional<BaselineEntry> baseline, OptionalDouble measured, MetricVerdict verdict) {

    /** (measured - baseline) / baseline in percent, when both exist and the baseline is not 0. */
    public OptionalDouble changePercent() {
        if (baseline.isEmpty() || measured.isEmpty() || baseline.get().value() == 0) {
            return OptionalDouble.empty();
        }
        double base = baseline.get().value();
        return OptionalDouble.of((measured.getAsDouble() - base) / Math.abs(base) * 100.0);
    }
}
