package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkMetricsTest {

    private static final List<RequestOutcome> OUTCOMES = List.of(
            RequestOutcome.success(10, 5, 0.1, 0.5, new double[] {0.1, 0.1, 0.1, 0.1}),
            RequestOutcome.success(10, 1, 0.2, 0.2, new double[0]),
            RequestOutcome.failure("HTTP 502: generation worker GEN_0 at vm:1 did not answer"));

    @Test
    void statsFollowNumpyDefaults() {
        Stats.Summary s = Stats.summaryMs(new double[] {4, 1, 3, 2});
        assertThat(s.mean()).isCloseTo(2500, within(1e-9));
        assertThat(s.median()).isCloseTo(2500, within(1e-9));
        assertThat(s.std()).isCloseTo(Math.sqrt(1.25) * 1000, within(1e-9));
        assertThat(s.p99()).isCloseTo(3970, within(1e-9));
        assertThat(Stats.summaryMs(new double[0])).isEqualTo(Stats.Summary.EMPTY);
        assertThat(Stats.summaryMs(new double[] {0.25}).p99()).isCloseTo(250, within(1e-9));
    }

    @Test
    void metricsAreComputedAsBenchmarkServingDoes() {
        BenchmarkMetrics m = BenchmarkMetrics.of(2, OUTCOMES, 2.0);
        assertThat(m.totalRequests()).isEqualTo(3);
        assertThat(m.completed()).isEqualTo(2);
        assertThat(m.failed()).isEqualTo(1);
        assertThat(m.totalInputTokens()).isEqualTo(20);
        assertThat(m.totalOutputTokens()).isEqualTo(6);
        assertThat(m.requestThroughput()).isCloseTo(1.0, within(1e-9));
        assertThat(m.outputThroughput()).isCloseTo(3.0, within(1e-9));
        assertThat(m.totalTokenThroughput()).isCloseTo(13.0, within(1e-9));
        // mean of 5 / 0.5 and 1 / 0.2 tokens per second
        assertThat(m.userThroughput()).isCloseTo(7.5, within(1e-9));
        // TPOT only for requests with more than one token: (0.5 - 0.1) / 4
        assertThat(m.tpot().mean()).isCloseTo(100, within(1e-9));
        assertThat(m.ttft().mean()).isCloseTo(150, within(1e-9));
        assertThat(m.itl().median()).isCloseTo(100, within(1e-9));
        assertThat(m.e2el().p99()).isCloseTo(200 + 0.99 * 300, within(1e-9));
        assertThat(m.errors()).containsExactly(Map.entry("HTTP 502: generation worker GEN_0 at vm:1 did not answer", 1L));
    }

    @Test
    void reportHasBenchmarkServingsLayout() {
        List<String> lines = BenchmarkReport.text(BenchmarkMetrics.of(2, OUTCOMES, 2.0));
        assertThat(lines.subList(0, 5)).containsExactly(
                "Traffic request rate: inf",
                "Burstiness factor: 1.0 (Poisson process)",
                "Maximum request concurrency: 2",
                "============ Serving Benchmark Result ============",
                "Total requests:                          3         ");
        assertThat(lines).contains(
                "Successful requests:                     2         ",
                "Failed requests:                         1         ",
                "Benchmark duration (s):                  2.00      ",
                "Total input tokens:                      20        ",
                "Total generated tokens:                  6         ",
                "Request throughput (req/s):              1.00      ",
                "Output token throughput (tok/s):         3.00      ",
                "Total Token throughput (tok/s):          13.00     ",
                "User throughput (tok/s):                 7.50      ",
                "Total failed requests: 1",
                "---------------Time to First Token----------------",
                "Mean TTFT (ms):                          150.00    ",
                "Median TTFT (ms):                        150.00    ",
                "P99 TTFT (ms):                           199.00    ",
                "-----Time per Output Token (excl. 1st token)------",
                "Mean TPOT (ms):                          100.00    ",
                "---------------Inter-token Latency----------------",
                "----------------End-to-end Latency----------------",
                "Mean E2EL (ms):                          350.00    ");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("=".repeat(50));
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(63));
    }

    @Test
    void reportWithoutFailuresHasNoFailureBanner() {
        List<String> lines = BenchmarkReport.text(BenchmarkMetrics.of(1, OUTCOMES.subList(0, 1), 1.0));
        assertThat(lines).noneMatch(line -> line.contains("FAILED REQUESTS"));
    }

    @Test
    void theSpecDecodingSectionCarriesTheLineUpstreamRequires() {
        List<String> lines = BenchmarkReport.decodedTokensPerIter(4.0);
        assertThat(lines).contains("Mean Avg Decoded Tokens per Iter:        4.00      ");
        assertThat(ResultCheck.metrics(String.join("\n", lines))).containsEntry("al", 4.0);
    }
}
