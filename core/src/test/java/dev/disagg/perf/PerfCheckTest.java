package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import dev.disagg.verdict.FinalVerdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PerfCheckTest {
    private static final SkipDecision NO_SKIP = new SkipDecision(false, SkipDecision.Source.DEFAULT);

    private static ConcurrencyResult run(int c, double throughput, double e2el) {
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        m.put(Metric.OUTPUT_THROUGHPUT, throughput);
        m.put(Metric.TOTAL_THROUGHPUT, throughput * 2);
        m.put(Metric.MEDIAN_TTFT, e2el / 40);
        m.put(Metric.MEDIAN_E2EL, e2el);
        return new ConcurrencyResult(c, 1, 10, 0, 1000, 10, m);
    }

    private static BaselineEntry entry(int c, Metric m, double value, double tol, double abs) {
        return new BaselineEntry("case", Optional.empty(), c, m, value, tol, abs, m.direction(), "b.yaml:" + c);
    }

    private static Baseline.Selection selection(BaselineEntry... entries) {
        return new Baseline.Selection("b.yaml", List.of(entries), Optional.empty());
    }

    private static MetricVerdict verdictOf(PerfCheckResult r, int c, Metric m) {
        return r.comparisons().stream().filter(x -> x.concurrency() == c && x.metric() == m).findFirst().orElseThrow().verdict();
    }

    @Test
    void lowerThroughputBeyondToleranceRegressesAndHigherPasses() {
        BaselineEntry base = entry(8, Metric.OUTPUT_THROUGHPUT, 1000, 0.05, 0);
        assertThat(base.limit()).isEqualTo(950.0);

        PerfCheckResult dropped = PerfCheck.run(List.of(run(8, 949, 100)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN);
        PerfCheckResult withinTolerance = PerfCheck.run(List.of(run(8, 950, 100)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN);
        PerfCheckResult improved = PerfCheck.run(List.of(run(8, 5000, 100)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN);

        assertThat(dropped.status()).isEqualTo(PerfCheckStatus.REGRESSED);
        assertThat(dropped.regressions()).singleElement().satisfies(c -> assertThat(c.changePercent().getAsDouble()).isCloseTo(-5.1, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(withinTolerance.status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(improved.status()).isEqualTo(PerfCheckStatus.PASSED);
    }

    @Test
    void higherLatencyBeyondToleranceRegressesAndLowerPasses() {
        BaselineEntry base = entry(8, Metric.MEDIAN_E2EL, 1000, 0.10, 0);

        assertThat(PerfCheck.run(List.of(run(8, 1, 1101)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN).status()).isEqualTo(PerfCheckStatus.REGRESSED);
        assertThat(PerfCheck.run(List.of(run(8, 1, 1100)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN).status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(PerfCheck.run(List.of(run(8, 1, 10)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN).status()).isEqualTo(PerfCheckStatus.PASSED);
    }

    @Test
    void absoluteToleranceAddsToTheRelativeOne() {
        BaselineEntry base = entry(1, Metric.MEDIAN_E2EL, 100, 0.10, 5);
        assertThat(base.limit()).isEqualTo(115.0);
        assertThat(PerfCheck.run(List.of(run(1, 1, 114)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN).status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(PerfCheck.run(List.of(run(1, 1, 116)), selection(base), NO_SKIP, MissingBaselinePolicy.WARN).status()).isEqualTo(PerfCheckStatus.REGRESSED);
    }

    @Test
    void anExplicitDirectionOverridesTheMetricsOwn() {
        BaselineEntry lowerIsBetterThroughput = new BaselineEntry("case", Optional.empty(), 1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0,
                Direction.LOWER_IS_BETTER, "x");
        assertThat(PerfCheck.run(List.of(run(1, 200, 1)), selection(lowerIsBetterThroughput), NO_SKIP, MissingBaselinePolicy.WARN).status())
                .isEqualTo(PerfCheckStatus.REGRESSED);
    }

    @Test
    void onlyTheRegressedMetricAndConcurrencyAreMarked() {
        PerfCheckResult r = PerfCheck.run(List.of(run(1, 100, 1000), run(2, 150, 1200)), selection(
                entry(1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0), entry(1, Metric.MEDIAN_E2EL, 1000, 0.05, 0),
                entry(2, Metric.OUTPUT_THROUGHPUT, 200, 0.05, 0), entry(2, Metric.MEDIAN_E2EL, 1200, 0.05, 0)), NO_SKIP, MissingBaselinePolicy.WARN);

        assertThat(verdictOf(r, 1, Metric.OUTPUT_THROUGHPUT)).isEqualTo(MetricVerdict.PASS);
        assertThat(verdictOf(r, 1, Metric.MEDIAN_E2EL)).isEqualTo(MetricVerdict.PASS);
        assertThat(verdictOf(r, 2, Metric.OUTPUT_THROUGHPUT)).isEqualTo(MetricVerdict.REGRESSION);
        assertThat(verdictOf(r, 2, Metric.MEDIAN_E2EL)).isEqualTo(MetricVerdict.PASS);
        assertThat(r.comparisons()).extracting(PerfComparison::concurrency).containsExactly(1, 1, 2, 2);
    }

    @Test
    void noBaselineIsReportedAndDoesNotFailByDefault() {
        PerfCheckResult r = PerfCheck.run(List.of(run(4, 100, 1000)), Baseline.Selection.none("no baseline file given (--baseline)"), NO_SKIP, MissingBaselinePolicy.WARN);

        assertThat(r.status()).isEqualTo(PerfCheckStatus.NO_BASELINE);
        assertThat(r.notes()).containsExactly("no baseline file given (--baseline)");
        assertThat(r.comparisons()).extracting(PerfComparison::metric).containsExactlyElementsOf(Metric.DEFAULT_GATED);
        assertThat(r.comparisons()).allMatch(c -> c.verdict() == MetricVerdict.NO_BASELINE && c.measured().isPresent());
        assertThat(FinalVerdict.perfCheckExitCode(r.status(), MissingBaselinePolicy.WARN)).isZero();
    }

    @Test
    void aConcurrencyWithoutBaselinePassesWithANoteUnlessMissingBaselinesFail() {
        List<ConcurrencyResult> runs = List.of(run(1, 100, 1000), run(64, 900, 9000));
        Baseline.Selection sel = selection(entry(1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0));

        PerfCheckResult lenient = PerfCheck.run(runs, sel, NO_SKIP, MissingBaselinePolicy.WARN);
        PerfCheckResult strict = PerfCheck.run(runs, sel, NO_SKIP, MissingBaselinePolicy.FAIL);

        assertThat(lenient.status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(lenient.notes()).containsExactly("no baseline for concurrency 64");
        assertThat(verdictOf(lenient, 64, Metric.OUTPUT_THROUGHPUT)).isEqualTo(MetricVerdict.NO_BASELINE);
        assertThat(strict.status()).isEqualTo(PerfCheckStatus.NO_BASELINE);
    }

    @Test
    void aGatedMetricMissingAtACoveredConcurrencyIsAGapToo() {
        List<ConcurrencyResult> runs = List.of(run(1, 100, 1000), run(2, 200, 1000));
        Baseline.Selection sel = selection(entry(1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0), entry(1, Metric.MEDIAN_E2EL, 1000, 0.05, 0),
                entry(2, Metric.OUTPUT_THROUGHPUT, 200, 0.05, 0));

        PerfCheckResult warn = PerfCheck.run(runs, sel, NO_SKIP, MissingBaselinePolicy.WARN);
        PerfCheckResult fail = PerfCheck.run(runs, sel, NO_SKIP, MissingBaselinePolicy.FAIL);

        assertThat(warn.status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(warn.missingBaseline()).singleElement().satisfies(c -> {
            assertThat(c.concurrency()).isEqualTo(2);
            assertThat(c.metric()).isEqualTo(Metric.MEDIAN_E2EL);
        });
        assertThat(warn.compared()).hasSize(3);
        assertThat(warn.notes()).containsExactly("no baseline for median_e2el at concurrency 2");
        assertThat(fail.status()).isEqualTo(PerfCheckStatus.NO_BASELINE);
        assertThat(FinalVerdict.perfCheckExitCode(fail.status(), MissingBaselinePolicy.FAIL)).isEqualTo(3);
        assertThat(FinalVerdict.perfCheckExitCode(warn.status(), MissingBaselinePolicy.WARN)).isZero();
    }

    @Test
    void aBaselineForAnUnmeasuredConcurrencyIsNotedNotFailed() {
        PerfCheckResult r = PerfCheck.run(List.of(run(1, 100, 1000)), selection(entry(1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0),
                entry(128, Metric.OUTPUT_THROUGHPUT, 5000, 0.05, 0)), NO_SKIP, MissingBaselinePolicy.WARN);

        assertThat(r.status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(verdictOf(r, 128, Metric.OUTPUT_THROUGHPUT)).isEqualTo(MetricVerdict.NOT_MEASURED);
        assertThat(r.notes()).containsExactly("baseline b.yaml:128 (output_throughput at concurrency 128) has no measured value in this run");
    }

    @Test
    void skippingIgnoresTheBaselineEvenWhenTheRunRegressed() {
        SkipDecision skip = new SkipDecision(true, SkipDecision.Source.ENVIRONMENT);
        PerfCheckResult r = PerfCheck.run(List.of(run(1, 1, 99999)), selection(entry(1, Metric.OUTPUT_THROUGHPUT, 100, 0.05, 0)), skip, MissingBaselinePolicy.FAIL);

        assertThat(r.status()).isEqualTo(PerfCheckStatus.SKIPPED);
        assertThat(r.regressions()).isEmpty();
        assertThat(r.comparisons()).isNotEmpty().allMatch(c -> c.verdict() == MetricVerdict.SKIPPED);
        assertThat(r.notes()).containsExactly("perf check skipped: SKIP_PERF_CHECK=true from the environment");
    }
}
