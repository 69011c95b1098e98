package dev.disagg.results;

import java.util.List;
import java.util.Optional;

/** What was read from a benchmark log: one result per concurrency, and what could not be read. */
public record BenchmarkLog(String source, List<ConcurrencyResult> results, List<LogProblem> problems) {
    public BenchmarkLog {
        results = List.copyOf(results);
        problems = List.copyOf(problems);
    }

    public Optional<ConcurrencyResult> at(int concurrency) {
        return results.stream().filter(r -> r.concurrency() == concurrency).findFirst();
    }
}
