package dev.disagg.perf;

import dev.disagg.history.HistoryBand;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares measured metrics with baseline entries, with the case's past passing runs, or both. A
 * metric regresses when it is beyond {@code absolute + tolerance x |baseline|} of the baseline
 * (or beyond the history's band around the median) in its bad direction; moving the good way
 * never fails.
 */
public final class PerfCheck {
    private PerfCheck() {
    }

    /**
     * Judges {@code measured} against {@code reference}: the baseline selection, the history, or
     * both (a metric fails when either says it regressed; it lacks a reference only when neither
     * has one). {@code history} is needed unless the reference is the baseline.
     */
    public static PerfCheckResult judge(List<ConcurrencyResult> measured, PerfReference reference, Baseline.Selection baseline,
                                        Optional<HistoryReference> history, SkipDecision skip, MissingBaselinePolicy missingBaseline) {
        if (reference.usesHistory() && history.isEmpty()) {
            throw new IllegalArgumentException("--perf-reference " + reference.key() + " needs a history");
        }
        String description = describe(reference, baseline.source(), history);
        if (skip.skip()) {
            PerfCheckResult s = skipped(measured, skip, missingBaseline);
            return new PerfCheckResult(s.status(), skip, s.baselineSource(), s.comparisons(), s.notes(), missingBaseline, reference, description);
        }
        if (reference == PerfReference.BASELINE) {
            PerfCheckResult b = run(measured, baseline, skip, missingBaseline);
            return new PerfCheckResult(b.status(), skip, b.baselineSource(), b.comparisons(), b.notes(), missingBaseline, reference, description);
        }
        List<PerfComparison> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String baselineSource = "";
        if (reference == PerfReference.BOTH) {
            PerfCheckResult b = run(measured, baseline, skip, missingBaseline);
            rows.addAll(b.comparisons());
            notes.addAll(b.notes());
            baselineSource = b.baselineSource();
        }
        List<PerfComparison> fromHistory = historyRows(measured, history.get(), notes);
        rows.addAll(fromHistory);
        if (reference == PerfReference.BOTH) {
            rows = withoutCoveredGaps(rows);
        }
        rows.sort(Comparator.comparingInt(PerfComparison::concurrency).thenComparing(PerfComparison::metric)
                .thenComparing(PerfComparison::reference));
        boolean compared = rows.stream().anyMatch(c -> c.verdict() == MetricVerdict.PASS || c.verdict() == MetricVerdict.REGRESSION);
        boolean gaps = rows.stream().anyMatch(c -> c.verdict() == MetricVerdict.NO_BASELINE);
        PerfCheckStatus status = rows.stream().anyMatch(c -> c.verdict() == MetricVerdict.REGRESSION) ? PerfCheckStatus.REGRESSED
                : !compared || (missingBaseline == MissingBaselinePolicy.FAIL && gaps) ? PerfCheckStatus.NO_BASELINE
                : PerfCheckStatus.PASSED;
        return new PerfCheckResult(status, skip, baselineSource, rows, notes, missingBaseline, reference, description);
    }

    /** The measured default-gated metrics judged against the history's band; too few past runs is "no baseline". */
    static List<PerfComparison> historyRows(List<ConcurrencyResult> measured, HistoryReference history, List<String> notes) {
        List<PerfComparison> rows = new ArrayList<>();
        for (ConcurrencyResult r : measured) {
            for (Metric m : Metric.DEFAULT_GATED) {
                OptionalDouble value = r.value(m);
                if (value.isEmpty()) {
                    continue;
                }
                List<Double> past = history.values(r.concurrency(), m);
                Optional<HistoryBand> band = HistoryBand.of(past, m.direction(), history.policy());
                if (band.isEmpty()) {
                    notes.add("history has " + past.size() + " passing run(s) with " + m.key() + " at concurrency " + r.concurrency()
                            + ", fewer than the " + history.policy().minRuns() + " needed to judge it");
                    rows.add(new PerfComparison(r.concurrency(), m, Optional.empty(), value, MetricVerdict.NO_BASELINE, PerfReference.HISTORY));
                    continue;
                }
                HistoryBand b = band.get();
                BaselineEntry asEntry = new BaselineEntry("", Optional.empty(), r.concurrency(), m, b.median(), 0, b.slack(), m.direction(),
                        "history: median of the last " + b.runs() + " passing runs, MAD " + num(b.mad()) + ", band " + num(b.slack()));
                rows.add(new PerfComparison(r.concurrency(), m, Optional.of(asEntry), value,
                        b.isWorse(value.getAsDouble()) ? MetricVerdict.REGRESSION : MetricVerdict.PASS, PerfReference.HISTORY));
            }
        }
        return rows;
    }

    /** With both references, a metric one of them judged is not "without reference" for the other; one gap row per metric. */
    private static List<PerfComparison> withoutCoveredGaps(List<PerfComparison> rows) {
        Set<String> judged = new HashSet<>();
        rows.stream().filter(c -> c.verdict() == MetricVerdict.PASS || c.verdict() == MetricVerdict.REGRESSION)
                .forEach(c -> judged.add(c.concurrency() + "/" + c.metric()));
        Set<String> gapSeen = new HashSet<>();
        List<PerfComparison> out = new ArrayList<>();
        for (PerfComparison c : rows) {
            String key = c.concurrency() + "/" + c.metric();
            if (c.verdict() == MetricVerdict.NO_BASELINE && (judged.contains(key) || !gapSeen.add(key))) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    static String describeBaseline(String baselineSource) {
        return baselineSource.isEmpty() ? "baseline file (none given)" : "baseline file " + baselineSource;
    }

    private static String describe(PerfReference reference, String baselineSource, Optional<HistoryReference> history) {
        return switch (reference) {
            case BASELINE -> describeBaseline(baselineSource);
            case HISTORY -> history.orElseThrow().describe();
            case BOTH -> describeBaseline(baselineSource) + " and " + history.orElseThrow().describe();
        };
    }

    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
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
