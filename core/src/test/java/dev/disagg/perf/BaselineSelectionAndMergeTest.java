package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineSelectionAndMergeTest {

    private static BaselineEntry e(String caseName, String gpu, int c, Metric m, double v) {
        return new BaselineEntry(caseName, Optional.ofNullable(gpu), c, m, v, 0.05, 0, m.direction(), "b:" + v);
    }

    @Test
    void gpuSpecificEntriesWinAndFallBackToAnyGpu() {
        Baseline b = new Baseline("b.yaml", List.of(
                e("a", "GB200", 1, Metric.OUTPUT_THROUGHPUT, 200),
                e("a", null, 1, Metric.OUTPUT_THROUGHPUT, 100),
                e("other", null, 1, Metric.OUTPUT_THROUGHPUT, 1)));

        assertThat(b.select("a", Optional.of("gb200")).entries()).extracting(BaselineEntry::value).containsExactly(200.0);
        assertThat(b.select("a", Optional.of("H100")).entries()).extracting(BaselineEntry::value).containsExactly(100.0);
        assertThat(b.select("a", Optional.empty()).entries()).extracting(BaselineEntry::value).containsExactly(100.0);
        assertThat(b.select("missing", Optional.empty()).note()).hasValue("no baseline for case 'missing' in b.yaml");
    }

    @Test
    void withoutAGpuTypeAGpuOnlyBaselineDoesNotApplyAndTheNoteSaysWhy() {
        Baseline b = new Baseline("b.yaml", List.of(e("a", "GB200", 1, Metric.OUTPUT_THROUGHPUT, 200), e("a", "H100", 1, Metric.OUTPUT_THROUGHPUT, 90)));

        Baseline.Selection s = b.select("a", Optional.empty());

        assertThat(s.entries()).isEmpty();
        assertThat(s.note()).hasValue("no baseline for case 'a' on any GPU type (no --gpu-type given) in b.yaml; it has entries for GB200, H100"
                + " (pass --gpu-type)");
    }

    @Test
    void fromRunRecordsTheCasesMetricsKeepingTolerancesOfExistingEntries() {
        BaselineEntry old = new BaselineEntry("a", Optional.empty(), 4, Metric.MEDIAN_TTFT, 50, 0.2, 3, Direction.LOWER_IS_BETTER, "b:1");
        ConcurrencyResult r4 = new ConcurrencyResult(4, 1, 1, 0, 1, 1, Map.of(Metric.MEDIAN_TTFT, 45.0, Metric.OUTPUT_THROUGHPUT, 10.0));
        ConcurrencyResult r8 = new ConcurrencyResult(8, 1, 1, 0, 1, 1, Map.of(Metric.MEDIAN_TTFT, 60.0));

        List<BaselineEntry> fresh = BaselineMerge.fromRun("a", Optional.empty(), List.of(r4, r8), List.of(), 0.07, List.of(old), "run");

        assertThat(fresh).hasSize(2);
        assertThat(fresh.get(0)).isEqualTo(new BaselineEntry("a", Optional.empty(), 4, Metric.MEDIAN_TTFT, 45, 0.2, 3, Direction.LOWER_IS_BETTER, "run"));
        assertThat(fresh.get(1).concurrency()).isEqualTo(8);
        assertThat(fresh.get(1).tolerance()).isEqualTo(0.07);
    }

    @Test
    void fromRunWithoutExistingEntriesRecordsTheDefaultGatedMetrics() {
        ConcurrencyResult r = new ConcurrencyResult(4, 1, 1, 0, 1, 1, Map.of(Metric.MEDIAN_TTFT, 45.0, Metric.OUTPUT_THROUGHPUT, 10.0,
                Metric.P99_ITL, 9.0));

        assertThat(BaselineMerge.fromRun("a", Optional.empty(), List.of(r), List.of(), 0.05, List.of(), "run"))
                .extracting(BaselineEntry::metric).containsExactly(Metric.OUTPUT_THROUGHPUT, Metric.MEDIAN_TTFT);
    }

    @Test
    void mergeReplacesSameKeysAndKeepsTheRestInOrder() {
        BaselineEntry a = e("a", null, 1, Metric.OUTPUT_THROUGHPUT, 1);
        BaselineEntry b = e("b", null, 1, Metric.OUTPUT_THROUGHPUT, 2);
        BaselineEntry a2 = e("a", null, 1, Metric.OUTPUT_THROUGHPUT, 3);
        BaselineEntry c = e("a", "GB200", 1, Metric.OUTPUT_THROUGHPUT, 4);

        assertThat(BaselineMerge.merge(List.of(a, b), List.of(a2, c))).containsExactly(a2, b, c);
    }
}
