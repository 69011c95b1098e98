package dev.disagg.results;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code perf_script_test_results.csv} with upstream's columns, one row per metric and
 * concurrency. Columns this tool cannot know (clocks, GPU index, timestamps, command) are empty.
 */
public final class PerfCsv {
    public static final String FILE_NAME = "perf_script_test_results.csv";
    public static final List<String> COLUMNS = List.of(
            "network_name", "network_hash", "sm_clk", "mem_clk", "gpu_idx", "device_subtype",
            "perf_case_name", "test_name", "original_test_name", "perf_metric", "total_time__sec",
            "start_timestamp", "end_timestamp", "state", "command", "threshold", "absolute_threshold",
            "metric_type");

    /** Tolerances as upstream writes them: negative threshold = lower is worse. */
    public record Threshold(double threshold, double absoluteThreshold) {
    }

    /** Which tolerance (from the baseline) to write for a metric at a concurrency. */
    @FunctionalInterface
    public interface ThresholdLookup {
        Optional<Threshold> find(int concurrency, Metric metric);

        static ThresholdLookup none() {
            return (c, m) -> Optional.empty();
        }
    }

    private PerfCsv() {
    }

    public static String render(String caseName, Optional<String> gpuType, List<ConcurrencyResult> results, ThresholdLookup thresholds) {
        StringBuilder out = new StringBuilder(Csv.line(COLUMNS));
        for (ConcurrencyResult r : results) {
            String name = PerfCaseNames.of(caseName, r.concurrency());
            String state = r.failedRequests() == 0 && r.generatedTokens() > 0 ? "valid" : "invalid";
            for (Map.Entry<Metric, Double> e : r.metrics().entrySet()) {
                Optional<Threshold> t = thresholds.find(r.concurrency(), e.getKey());
                List<String> row = new ArrayList<>(List.of(
                        name, name, "", "", "", gpuType.orElse(""),
                        name, name, name, number(e.getValue()), number(r.durationSeconds()),
                        "", "", state, "",
                        t.map(x -> number(x.threshold())).orElse(""),
                        t.map(x -> number(x.absoluteThreshold())).orElse(""),
                        e.getKey().csvType()));
                out.append(Csv.line(row));
            }
        }
        return out.toString();
    }

    /** Shortest exact form: 12.5 not 12.500000, 3 not 3.0. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
