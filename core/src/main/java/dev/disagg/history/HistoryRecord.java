package dev.disagg.history;

import dev.disagg.results.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One finished case as the history keeps it: who ran what where, whether it passed, and the
 * measured metrics.
 *
 * @param gpuType the GPU type when known, else the cluster profile's name, else {@code unknown}
 * @param passing the test passed and the perf check found no regression; only such runs are a
 *     reference for later ones
 * @param verdict the case's verdict (result.json's), for readers
 */
public record HistoryRecord(String caseName, String gpuType, Instant time, Optional<String> jobId, Optional<String> commit,
                            boolean passing, String verdict, List<Value> values) {
    public static final String UNKNOWN_GPU = "unknown";

    public HistoryRecord {
        if (caseName.isBlank() || gpuType.isBlank()) {
            throw new IllegalArgumentException("a history record needs a case name and a GPU type");
        }
        values = List.copyOf(values);
    }

    /** One metric at one concurrency. */
    public record Value(int concurrency, Metric metric, double value) {
    }

    public OptionalDouble value(int concurrency, Metric metric) {
        return values.stream().filter(v -> v.concurrency() == concurrency && v.metric() == metric)
                .mapToDouble(Value::value).findFirst();
    }
}
