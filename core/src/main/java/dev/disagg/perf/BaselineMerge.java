package dev.disagg.perf;

import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Pure functions behind {@code disagg baseline update}. */
public final class BaselineMerge {
    private BaselineMerge() {
    }

    /**
     * New entries from a run: one per measured concurrency and metric. A metric that already has
     * an entry for the same case, GPU type and concurrency keeps its tolerances and direction;
     * a new one gets {@code tolerance}.
     *
     * @param metrics which metrics to record; empty = the ones the case's existing entries use,
     *     or {@link Metric#DEFAULT_GATED} when it has none
     */
    public static List<BaselineEntry> fromRun(String caseName, Optional<String> gpuType, List<ConcurrencyResult> results,
                                              List<Metric> metrics, double tolerance, List<BaselineEntry> existing, String origin) {
        List<BaselineEntry> ofCase = existing.stream()
                .filter(e -> e.caseName().equals(caseName) && sameGpu(e.gpuType(), gpuType))
                .toList();
        List<Metric> chosen = !metrics.isEmpty() ? metrics
                : ofCase.isEmpty() ? Metric.DEFAULT_GATED
                : ofCase.stream().map(BaselineEntry::metric).distinct().sorted().toList();
        List<BaselineEntry> out = new ArrayList<>();
        for (ConcurrencyResult r : results) {
            for (Metric m : chosen) {
                OptionalDouble v = r.value(m);
                if (v.isEmpty()) {
                    continue;
                }
                Optional<BaselineEntry> old = ofCase.stream().filter(e -> e.concurrency() == r.concurrency() && e.metric() == m).findFirst();
                out.add(new BaselineEntry(caseName, gpuType, r.concurrency(), m, v.getAsDouble(),
                        old.map(BaselineEntry::tolerance).orElse(tolerance),
                        old.map(BaselineEntry::absoluteTolerance).orElse(0.0),
                        old.map(BaselineEntry::direction).orElse(m.direction()),
                        origin));
            }
        }
        return out;
    }

    /** {@code kept} with each entry of {@code updates} replacing the one with its key, or appended. */
    public static List<BaselineEntry> merge(List<BaselineEntry> kept, List<BaselineEntry> updates) {
        List<BaselineEntry> out = new ArrayList<>(kept);
        Map<BaselineEntry.Key, Integer> last = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            last.put(out.get(i).key(), i);
        }
        for (BaselineEntry u : updates) {
            Integer at = last.get(u.key());
            if (at != null) {
                out.set(at, u);
            } else {
                out.add(u);
                last.put(u.key(), out.size() - 1);
            }
        }
        return out;
    }

    private static boolean sameGpu(Optional<String> a, Optional<String> b) {
        return a.map(String::toLowerCase).equals(b.map(String::toLowerCase));
    }
}
