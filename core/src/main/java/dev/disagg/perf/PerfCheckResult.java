package dev.disagg.perf;

import java.util.List;

/**
 * What the perf check found.
 *
 * @param baselineSource the baseline file, or empty when none was given or the check was skipped
 * @param notes things a reader should know (missing baselines, entries for unmeasured concurrencies)
 * @param missingBaselinePolicy what the check did with gated metrics without a baseline
 * @param reference what the run was judged against ({@code --perf-reference})
 * @param referenceDescription the same for readers: the baseline file and/or the history's place and rule
 */
public record PerfCheckResult(PerfCheckStatus status, SkipDecision skip, String baselineSource,
                              List<PerfComparison> comparisons, List<String> notes, MissingBaselinePolicy missingBaselinePolicy,
                              PerfReference reference, String referenceDescription) {
    public PerfCheckResult {
        comparisons = List.copyOf(comparisons);
        notes = List.copyOf(notes);
    }

    /** Judged against the baseline file only. */
    public PerfCheckResult(PerfCheckStatus status, SkipDecision skip, String baselineSource,
                           List<PerfComparison> comparisons, List<String> notes, MissingBaselinePolicy missingBaselinePolicy) {
        this(status, skip, baselineSource, comparisons, notes, missingBaselinePolicy, PerfReference.BASELINE,
                PerfCheck.describeBaseline(baselineSource));
    }

    public List<PerfComparison> regressions() {
        return comparisons.stream().filter(c -> c.verdict() == MetricVerdict.REGRESSION).toList();
    }

    /** The metrics compared with a baseline (passed or regressed). */
    public List<PerfComparison> compared() {
        return comparisons.stream().filter(c -> c.verdict() == MetricVerdict.PASS || c.verdict() == MetricVerdict.REGRESSION).toList();
    }

    /** The measured gated metrics that had no baseline to compare with (none when the check was skipped). */
    public List<PerfComparison> missingBaseline() {
        return comparisons.stream().filter(c -> c.verdict() == MetricVerdict.NO_BASELINE).toList();
    }
}

