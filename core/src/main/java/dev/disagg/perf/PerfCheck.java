package dev.disagg.perf;

import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares measured metrics with baseline entries. A metric regresses when it is beyond
 * {@code absolute + tolerance x |baseline|} of the baseline in its bad direction; moving the
 * good way never fails.
 */
public final class PerfCheck {
    private PerfCheck() {
    }

    public static PerfCheckResult run(List<ConcurrencyResult> measured, Baseline.Selection baseline,
                                      SkipDecision skip, MissingBaselinePolicy missingBaseline) {
        if (skip.skip()) {
            return skipped(measured, skip, missingBaseline);
        }
        List<PerfComparison> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        baseline.note().ifPresent(notes::add);
        for (BaselineEntry e : baseline.entries()) {
            OptionalDouble value = measured.stream().filter(r -> r.concurrency() == e.concurrency()).findFirst()
                    .map(r -> r.value(e.metric())).orElse(OptionalDouble.empty());
            MetricVerdict verdict = value.isEmpty() ? MetricVerdict.NOT_MEASURED
                    : e.direction().isWorse(value.getAsDouble(), e.limit()) ? MetricVerdict.REGRESSION
                    : MetricVerdict.PASS;
            if (verdict == MetricVerdict.NOT_MEASURED) {
                notes.add("baseline " + e.origin() + " (" + e.metric().key() + " at concurrency " + e.concurrency() + ") has no measured value in this run");
            }
            rows.add(new PerfComparison(e.concurrency(), e.metric(), Optional.of(e), value, verdict));
        }
        boolean gaps = false;
        // The metrics the case's baseline gates somewhere: one missing at a concurrency it covers is a gap too.
        Set<Metric> gated = baseline.entries().stream().map(BaselineEntry::metric).collect(Collectors.toCollection(TreeSet::new));
        for (ConcurrencyResult r : measured) {
            boolean covered = baseline.entries().stream().anyMatch(e -> e.concurrency() == r.concurrency());
            if (covered) {
                for (Metric m : gated) {
                    boolean has = baseline.entries().stream().anyMatch(e -> e.concurrency() == r.concurrency() && e.metric() == m);
                    if (!has && r.value(m).isPresent()) {
                        gaps = true;
                        notes.add("no baseline for " + m.key() + " at concurrency " + r.concurrency());
                        rows.add(new PerfComparison(r.concurrency(), m, Optional.empty(), r.value(m), MetricVerdict.NO_BASELINE));
                    }
                }
                continue;
            }
            gaps = true;
            if (!baseline.entries().isEmpty()) {
                notes.add("no baseline for concurrency " + r.concurrency());
            }
            for (Metric m : Metric.DEFAULT_GATED) {
                if (r.value(m).isPresent()) {
                    rows.add(new PerfComparison(r.concurrency(), m, Optional.empty(), r.value(m), MetricVerdict.NO_BASELINE));
                }
            }
        }
        rows.sort(Comparator.comparingInt(PerfComparison::concurrency).thenComparing(PerfComparison::metric));
        PerfCheckStatus status = rows.stream().anyMatch(c -> c.verdict() == MetricVerdict.REGRESSION) ? PerfCheckStatus.REGRESSED
                : baseline.entries().isEmpty() || (missingBaseline == MissingBaselinePolicy.FAIL && gaps) ? PerfCheckStatus.NO_BASELINE
                : PerfCheckStatus.PASSED;
        return new PerfCheckResult(status, skip, baseline.source(), rows, notes, missingBaseline);
    }

    /** The measured default-gated metrics, each marked skipped; the baseline is not read at all. */
    private static PerfCheckResult skipped(List<ConcurrencyResult> measured, SkipDecision skip, MissingBaselinePolicy missingBaseline) {
        List<PerfComparison> rows = new ArrayList<>();
        for (ConcurrencyResult r : measured) {
            for (Metric m : Metric.DEFAULT_GATED) {
                if (r.value(m).isPresent()) {
                    rows.add(new PerfComparison(r.concurrency(), m, Optional.empty(), r.value(m), MetricVerdict.SKIPPED));
                }
            }
        }
        return new PerfCheckResult(PerfCheckStatus.SKIPPED, skip, "", rows, List.of("perf check skipped: " + skip.describe()),
                missingBaseline);
    }
}
