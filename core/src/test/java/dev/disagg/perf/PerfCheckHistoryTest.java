package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.history.HistoryPolicy;
import dev.disagg.history.HistoryRecord;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerfCheckHistoryTest {
    private static final SkipDecision CHECK = SkipPerfCheck.resolve(Optional.of(false), Optional.empty());

    private static List<ConcurrencyResult> measured(double throughput, double e2el) {
        return List.of(new ConcurrencyResult(8, 1, 100, 0, 1000, 10,
                Map.of(Metric.OUTPUT_THROUGHPUT, throughput, Metric.MEDIAN_E2EL, e2el)));
    }

    /** {@code n} past passing runs at concurrency 8, throughput 1000 and E2EL 500 give or take 1. */
    private static HistoryReference history(int n) {
        List<HistoryRecord> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(new HistoryRecord("c", "gpu", Instant.ofEpochSecond(i), Optional.of("j" + i), Optional.empty(), true, "PASS",
                    List.of(new HistoryRecord.Value(8, Metric.OUTPUT_THROUGHPUT, 1000 + (i % 3) - 1),
                            new HistoryRecord.Value(8, Metric.MEDIAN_E2EL, 500 + (i % 3) - 1))));
        }
        return new HistoryReference("h", HistoryPolicy.DEFAULT, runs);
    }

    private static Baseline.Selection baseline(double throughput) {
        return new Baseline.Selection("b.yaml", List.of(new BaselineEntry("c", Optional.empty(), 8, Metric.OUTPUT_THROUGHPUT, throughput,
                0.05, 0, Direction.HIGHER_IS_BETTER, "b.yaml:3")), Optional.empty());
    }

    @ParameterizedTest(name = "{0}: throughput {1}, e2el {2}, history runs {3}, baseline {4}, {5} -> {6}")
    @CsvSource({
            // reference, throughput, e2el, past runs, baseline throughput, missing policy, status
            "HISTORY, 1000, 500, 6, 1000, WARN, PASSED",
            "HISTORY,  949, 500, 6, 1000, WARN, REGRESSED",   // band 5 % of 1000 = 50
            "HISTORY,  951, 500, 6, 1000, WARN, PASSED",
            "HISTORY, 1000, 526, 6, 1000, WARN, REGRESSED",   // lower is better: 500 + 25
            "HISTORY, 2000, 100, 6, 1000, WARN, PASSED",      // better never fails
            "HISTORY,  100, 900, 4, 1000, WARN, NO_BASELINE", // too few runs: not judged
            "HISTORY,  100, 900, 4, 1000, FAIL, NO_BASELINE",
            "BASELINE, 949, 500, 6, 1000, WARN, REGRESSED",
            "BASELINE, 960, 526, 6, 1000, WARN, PASSED",      // the baseline gates throughput only
            "BOTH,     960, 526, 6, 1000, WARN, REGRESSED",   // the history catches the latency
            "BOTH,     940, 500, 6,  900, WARN, REGRESSED",   // within the baseline, below the history
            "BOTH,     940, 500, 6, 1000, WARN, REGRESSED",
            "BOTH,    1000, 500, 0, 1000, WARN, PASSED",      // no history yet: the baseline judges
            "BOTH,    1000, 500, 0, 1000, FAIL, NO_BASELINE", // ... and e2el has no reference at all
    })
    void judges(PerfReference reference, double throughput, double e2el, int pastRuns, double baselineValue,
                MissingBaselinePolicy policy, PerfCheckStatus status) {
        PerfCheckResult r = PerfCheck.judge(measured(throughput, e2el), reference, baseline(baselineValue), Optional.of(history(pastRuns)),
                CHECK, policy);

        assertThat(r.status()).isEqualTo(status);
        assertThat(r.reference()).isEqualTo(reference);
    }

    @Test
    void historyRowsCarryTheMedianAndBandAndSayWhereTheyCameFrom() {
        PerfCheckResult r = PerfCheck.judge(measured(949, 500), PerfReference.HISTORY, Baseline.Selection.none("unused"),
                Optional.of(history(6)), CHECK, MissingBaselinePolicy.WARN);

        PerfComparison t = r.comparisons().stream().filter(c -> c.metric() == Metric.OUTPUT_THROUGHPUT).findFirst().orElseThrow();
        assertThat(t.reference()).isEqualTo(PerfReference.HISTORY);
        assertThat(t.verdict()).isEqualTo(MetricVerdict.REGRESSION);
        assertThat(t.baseline().orElseThrow().value()).isEqualTo(1000);
        assertThat(t.baseline().orElseThrow().limit()).isEqualTo(950);
        assertThat(t.baseline().orElseThrow().origin()).startsWith("history: median of the last 6 passing runs");
        assertThat(r.referenceDescription()).startsWith("history in h (last 10 passing runs, at least 5;").endsWith("; 6 found)");
        assertThat(r.baselineSource()).isEmpty();
    }

    @Test
    void withBothAMetricJudgedByOneIsNotMissingForTheOther() {
        PerfCheckResult r = PerfCheck.judge(measured(1000, 500), PerfReference.BOTH, baseline(1000), Optional.of(history(6)), CHECK,
                MissingBaselinePolicy.FAIL);

        assertThat(r.missingBaseline()).isEmpty();
        assertThat(r.status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(r.comparisons()).extracting(c -> c.metric() + "/" + c.reference())
                .containsExactly("OUTPUT_THROUGHPUT/BASELINE", "OUTPUT_THROUGHPUT/HISTORY", "MEDIAN_E2EL/HISTORY");
        assertThat(r.referenceDescription()).startsWith("baseline file b.yaml and history in h");
    }

    @Test
    void skippedSaysSoWhateverTheReference() {
        SkipDecision skip = SkipPerfCheck.resolve(Optional.of(true), Optional.empty());
        PerfCheckResult r = PerfCheck.judge(measured(1, 1), PerfReference.HISTORY, Baseline.Selection.none("x"), Optional.of(history(6)), skip,
                MissingBaselinePolicy.FAIL);

        assertThat(r.status()).isEqualTo(PerfCheckStatus.SKIPPED);
        assertThat(r.regressions()).isEmpty();
    }

    @Test
    void historyReferenceNeedsAHistory() {
        assertThatThrownBy(() -> PerfCheck.judge(measured(1, 1), PerfReference.BOTH, baseline(1), Optional.empty(), CHECK,
                MissingBaselinePolicy.WARN)).hasMessageContaining("needs a history");
    }
}
