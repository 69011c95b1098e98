package dev.disagg.perf;

import dev.disagg.history.HistoryPolicy;
import dev.disagg.history.HistoryRecord;
import dev.disagg.results.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * The past passing runs a case is judged against (newest first, at most {@code policy.runs()}).
 *
 * @param source where they were read from, for reports
 */
public record HistoryReference(String source, HistoryPolicy policy, List<HistoryRecord> runs) {
    public HistoryReference {
        runs = List.copyOf(runs);
    }

    /** The past values of a metric at a concurrency, newest first (runs that lack it left out). */
    public List<Double> values(int concurrency, Metric metric) {
        List<Double> out = new ArrayList<>();
        for (HistoryRecord r : runs) {
            r.value(concurrency, metric).ifPresent(out::add);
        }
        return out;
    }

    public String describe() {
        return "history in " + source + " (" + policy.describe() + "; " + runs.size() + " found)";
    }
}
