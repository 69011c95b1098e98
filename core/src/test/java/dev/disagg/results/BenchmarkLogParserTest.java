package dev.disagg.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkLogParserTest {

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = BenchmarkLogParserTest.class.getResourceAsStream(name)) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r\n|\r|\n", -1));
        }
    }

    @Test
    void readsEveryMetricOfEveryConcurrencyIncludingPrefixedLines() throws IOException {
        BenchmarkLog log = BenchmarkLogParser.parse("benchmark.log", resource("benchmark_two_concurrencies.log"));

        assertThat(log.problems()).isEmpty();
        assertThat(log.results()).extracting(ConcurrencyResult::concurrency).containsExactly(4, 16);
        ConcurrencyResult c4 = log.at(4).orElseThrow();
        assertThat(c4.successfulRequests()).isEqualTo(40);
        assertThat(c4.failedRequests()).isZero();
        assertThat(c4.generatedTokens()).isEqualTo(40960);
        assertThat(c4.durationSeconds()).isEqualTo(61.37);
        assertThat(c4.metrics()).containsEntry(Metric.REQUEST_THROUGHPUT, 0.65)
                .containsEntry(Metric.OUTPUT_THROUGHPUT, 667.42)
                .containsEntry(Metric.TOTAL_THROUGHPUT, 1334.84)
                .containsEntry(Metric.USER_THROUGHPUT, 170.12)
                .containsEntry(Metric.MEAN_TTFT, 102.31)
                .containsEntry(Metric.MEDIAN_TTFT, 98.75)
                .containsEntry(Metric.P99_TTFT, 190.4)
                .containsEntry(Metric.MEDIAN_TPOT, 5.69)
                .containsEntry(Metric.P99_ITL, 8.9)
                .containsEntry(Metric.MEDIAN_E2EL, 5930.11)
                .hasSize(Metric.values().length);
        ConcurrencyResult c16 = log.at(16).orElseThrow();
        assertThat(c16.metrics()).containsEntry(Metric.OUTPUT_THROUGHPUT, 2044.93).containsEntry(Metric.P99_E2EL, 8460.4);
        assertThat(c16.line()).isGreaterThan(c4.line());
    }

    @Test
    void takesTheConcurrencyFromInsideTheBlockWhenPrintedThere() {
        List<String> lines = List.of(
                "============ Serving Benchmark Result ============",
                "Successful requests:                     100",
                "Maximum request concurrency:             16",
                "Benchmark duration (s):                  41.24",
                "Total generated tokens:                  100000",
                "Output token throughput (tok/s):         2425.01",
                "==================================================");

        BenchmarkLog log = BenchmarkLogParser.parse("b.log", lines);

        assertThat(log.problems()).isEmpty();
        assertThat(log.at(16)).isPresent();
        assertThat(log.at(16).get().failedRequests()).isZero();
    }

    @Test
    void failedRequestsBannerDoesNotCloseTheBlockAndFailuresAreCounted() {
        List<String> lines = new ArrayList<>(List.of(
                "Maximum request concurrency: 8",
                "============ Serving Benchmark Result ============",
                "Total requests:                          80",
                "Successful requests:                     77",
                "Failed requests:                         3",
                "Benchmark duration (s):                  10.00",
                "Total generated tokens:                  7700",
                "Request throughput (req/s):              7.70",
                "Output token throughput (tok/s):         770.00",
                "=======================!FAILED REQUESTS!=======================",
                "Total failed requests: 3",
                "=====================!CHECK LOG FOR ERRORS!====================",
                "---------------Time to First Token----------------",
                "Median TTFT (ms):                        12.00",
                "=================================================="));

        BenchmarkLog log = BenchmarkLogParser.parse("b.log", lines);

        assertThat(log.problems()).isEmpty();
        ConcurrencyResult r = log.at(8).orElseThrow();
        assertThat(r.failedRequests()).isEqualTo(3);
        assertThat(r.metrics()).containsEntry(Metric.MEDIAN_TTFT, 12.0);
    }

    @Test
    void olderOutputWithoutAFailedRequestsLineCountsTotalMinusSuccessful() {
        List<String> lines = List.of(
                "Maximum request concurrency: 2",
                "============ Serving Benchmark Result ============",
                "Total requests:                          20",
                "Successful requests:                     18",
                "Benchmark duration (s):                  5.00",
                "Total generated tokens:                  1800",
                "Output token throughput (tok/s):         360.00",
                "==================================================");

        assertThat(BenchmarkLogParser.parse("b.log", lines).at(2).orElseThrow().failedRequests()).isEqualTo(2);
    }

    @Test
    void reportsUnreadableBlocksWithTheirLineAndConcurrency() {
        List<String> lines = List.of(
                "Maximum request concurrency: 4",
                "============ Serving Benchmark Result ============",
                "Successful requests:                     40",
                "Benchmark duration (s):                  abc",
                "Total generated tokens:                  4000",
                "Output token throughput (tok/s):         400.00",
                "==================================================",
                "============ Serving Benchmark Result ============",
                "Successful requests:                     40",
                "==================================================",
                "Maximum request concurrency: 8",
                "============ Serving Benchmark Result ============",
                "Successful requests:                     80",
                "Benchmark duration (s):                  4.00",
                "==================================================",
                "Maximum request concurrency: 16",
                "============ Serving Benchmark Result ============",
                "Successful requests:                     160");

        BenchmarkLog log = BenchmarkLogParser.parse("benchmark.log", lines);

        assertThat(log.results()).isEmpty();
        assertThat(log.problems()).extracting(LogProblem::toString).containsExactly(
                "benchmark.log:2: concurrency 4: line 4: 'Benchmark duration (s)' is 'abc', not a number",
                "benchmark.log:8: result block has no 'Maximum request concurrency: <n>' line before it",
                "benchmark.log:12: concurrency 8: result block lacks 'Total generated tokens', 'Output token throughput (tok/s)'",
                "benchmark.log:17: concurrency 16: result block is not closed (the log ends inside it: truncated?)");
        assertThat(log.problems().get(0).concurrency()).hasValue(4);
    }

    @Test
    void anEmptyLogHasNoResultsAndNoProblems() {
        BenchmarkLog log = BenchmarkLogParser.parse("benchmark.log", List.of(""));
        assertThat(log.results()).isEmpty();
        assertThat(log.problems()).isEmpty();
    }
}
