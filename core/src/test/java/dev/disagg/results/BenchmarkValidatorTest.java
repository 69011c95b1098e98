package dev.disagg.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BenchmarkValidatorTest {

    private static ConcurrencyResult result(int c, long failed, long tokens, double throughput) {
        return new ConcurrencyResult(c, 10 * c, 100 - failed, failed, tokens, 10.0,
                Map.of(Metric.OUTPUT_THROUGHPUT, throughput, Metric.REQUEST_THROUGHPUT, 10.0));
    }

    private static BenchmarkLog log(List<ConcurrencyResult> results, List<LogProblem> problems) {
        return new BenchmarkLog("benchmark.log", results, problems);
    }

    @Test
    void aCompleteRunIsValid() {
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(result(1, 0, 100, 10), result(2, 0, 200, 20)), List.of()), List.of(1, 2)))
                .isEmpty();
    }

    @Test
    void failedRequestsMakeTheRunInvalid() {
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(result(4, 3, 100, 10)), List.of()), List.of(4)))
                .containsExactly("concurrency 4: 3 failed requests (benchmark.log:40)");
    }

    @Test
    void zeroOutputTokensOrThroughputMakeTheRunInvalid() {
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(result(1, 0, 0, 0), result(2, 0, 100, 0)), List.of()), List.of(1, 2)))
                .containsExactly(
                        "concurrency 1: zero output tokens generated (benchmark.log:10)",
                        "concurrency 2: Output token throughput (tok/s) is 0.0 (benchmark.log:20)");
    }

    @Test
    void aPlannedConcurrencyWithoutResultIsInvalid() {
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(result(1, 0, 100, 10)), List.of()), List.of(1, 8)))
                .containsExactly("concurrency 8: no result in benchmark.log");
    }

    @Test
    void unparsableOutputIsInvalidAndNotReportedTwice() {
        LogProblem p = new LogProblem("benchmark.log", 7, OptionalInt.of(8), "concurrency 8: result block lacks 'Total generated tokens'");
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(), List.of(p)), List.of(8)))
                .containsExactly("unparsable benchmark output: benchmark.log:7: concurrency 8: result block lacks 'Total generated tokens'");
    }

    @Test
    void noResultAtAllIsInvalidEvenWithoutAPlan() {
        assertThat(BenchmarkValidator.invalidReasons(log(List.of(), List.of()), List.of()))
                .containsExactly("no 'Serving Benchmark Result' block in benchmark.log");
    }
}
