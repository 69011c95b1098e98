package dev.disagg.perf;

import dev.disagg.results.Metric;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One metric at one concurrency: the baseline entry (when there is one), the measured value and
 * the verdict.
 *
 * @param reference what {@code baseline} came from: the baseline file, or the history (then it is
 *     the median of the past passing runs and its absolute tolerance the allowed band)
 */
public record PerfComparison(int concurrency, Metric metric, Optional<BaselineEntry> baseline, OptionalDouble measured, MetricVerdict verdict,
                             PerfReference reference) {

    public PerfComparison {
        if (reference == PerfReference.BOTH) {
            throw new IllegalArgumentException("a comparison has one reference: baseline or history");
        }
    }

    /** A comparison with the baseline file. */
    public PerfComparison(int concurrency, Metric metric, Optional<BaselineEntry> baseline, OptionalDouble measured, MetricVerdict verdict) {
        this(concurrency, metric, baseline, measured, verdict, PerfReference.BASELINE);
    }

    /** (measured - baseline) / baseline in percent, when both exist and the baseline is not 0. */
    public OptionalDouble changePercent() {
        if (baseline.isEmpty() || measured.isEmpty() || baseline.get().value() == 0) {
            return OptionalDouble.empty();
        }
        double base = baseline.get().value();
        return OptionalDouble.of((measured.getAsDouble() - base) / Math.abs(base) * 100.0);
    }
}
