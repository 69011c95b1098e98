package dev.disagg.results;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether a benchmark run can be trusted. An invalid run is a test failure, never a
 * pass: a benchmark that generated nothing must not look like a fast one.
 */
public final class BenchmarkValidator {
    private BenchmarkValidator() {
    }

    /** Why the run is invalid, one reason per line; empty when it is valid. */
    public static List<String> invalidReasons(BenchmarkLog log, Collection<Integer> expectedConcurrencies) {
        List<String> reasons = new ArrayList<>();
        for (LogProblem p : log.problems()) {
            reasons.add("unparsable benchmark output: " + p);
        }
        for (ConcurrencyResult r : log.results()) {
            String where = " (" + log.source() + ":" + r.line() + ")";
            if (r.failedRequests() > 0) {
                reasons.add("concurrency " + r.concurrency() + ": " + r.failedRequests() + " failed requests" + where);
            }
            if (r.generatedTokens() <= 0) {
                reasons.add("concurrency " + r.concurrency() + ": zero output tokens generated" + where);
                continue;
            }
            for (Metric m : List.of(Metric.OUTPUT_THROUGHPUT, Metric.REQUEST_THROUGHPUT)) {
                if (r.value(m).isPresent() && r.value(m).getAsDouble() <= 0) {
                    reasons.add("concurrency " + r.concurrency() + ": " + m.label() + " is " + r.value(m).getAsDouble() + where);
                }
            }
        }
        for (int c : expectedConcurrencies) {
            boolean problemKnown = log.problems().stream().anyMatch(p -> p.concurrency().isPresent() && p.concurrency().getAsInt() == c);
            if (log.at(c).isEmpty() && !problemKnown) {
                reasons.add("concurrency " + c + ": no result in " + log.source());
            }
        }
        if (log.results().isEmpty() && log.problems().isEmpty() && expectedConcurrencies.isEmpty()) {
            reasons.add("no 'Serving Benchmark Result' block in " + log.source());
        }
        return reasons;
    }
}
