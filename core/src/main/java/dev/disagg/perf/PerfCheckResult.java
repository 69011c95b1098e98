package dev.disagg.perf;

import java.util.List;

/**
 * What the perf check found.
 *
 * @param baselineSource the baseline file, or empty when none was given or the check was skipped
 * @param notes things a reader should know (missing baselines, entries for unmeasured concurrencies)
 */
public record PerfCheckResult(PerfCheckStatus status, SkipDecision skip, String baselineSource,
                              List<PerfComparison> comparisons, List<String> notes) {
    public PerfCheckResult {
        comparisons = List.copyOf(comparisons);
        notes = List.copyOf(notes);
    }

    public List<PerfComparison> regressions() {
        return comparisons.stream().filter(c -> c.verdict() == MetricVerdict.REGRESSION).toList();
    }
}
