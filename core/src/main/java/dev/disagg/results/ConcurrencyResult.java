package dev.disagg.results;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One "Serving Benchmark Result" block: the run at one concurrency.
 *
 * @param line the line of the block's header in the log (1-based), for messages
 */
public record ConcurrencyResult(
        int concurrency,
        int line,
        long successfulRequests,
        long failedRequests,
        long generatedTokens,
        double durationSeconds,
        Map<Metric, Double> metrics) {

    public ConcurrencyResult {
        metrics = metrics.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(metrics));
    }

    public OptionalDouble value(Metric metric) {
        Double v = metrics.get(metric);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
