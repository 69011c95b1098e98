package dev.disagg.emulator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The numbers of one concurrency round, computed the way benchmark_serving does: TPOT per
 * request is (latency - TTFT) / (output tokens - 1), user throughput the mean of output
 * tokens / latency, ITL every gap between streamed tokens.
 */
record BenchmarkMetrics(
        int concurrency,
        int totalRequests,
        int completed,
        double durationSec,
        long totalInputTokens,
        long totalOutputTokens,
        double requestThroughput,
        double outputThroughput,
        double totalTokenThroughput,
        double userThroughput,
        Stats.Summary ttft,
        Stats.Summary tpot,
        Stats.Summary itl,
        Stats.Summary e2el,
        Map<String, Long> errors) {

    int failed() {
        return totalRequests - completed;
    }

    static BenchmarkMetrics of(int concurrency, List<RequestOutcome> outcomes, double durationSec) {
        List<RequestOutcome> ok = outcomes.stream().filter(RequestOutcome::succeeded).toList();
        long input = ok.stream().mapToLong(RequestOutcome::promptTokens).sum();
        long output = ok.stream().mapToLong(RequestOutcome::outputTokens).sum();
        double[] ttfts = ok.stream().mapToDouble(RequestOutcome::ttft).toArray();
        double[] e2els = ok.stream().mapToDouble(RequestOutcome::latency).toArray();
        double[] tpots = ok.stream().filter(o -> o.outputTokens() > 1)
                .mapToDouble(o -> (o.latency() - o.ttft()) / (o.outputTokens() - 1)).toArray();
        double[] itls = ok.stream().flatMapToDouble(o -> java.util.Arrays.stream(o.itl())).toArray();
        double[] perUser = ok.stream().filter(o -> o.latency() > 0)
                .mapToDouble(o -> o.outputTokens() / o.latency()).toArray();
        Map<String, Long> errors = outcomes.stream().filter(o -> !o.succeeded())
                .collect(Collectors.groupingBy(RequestOutcome::error, TreeMap::new, Collectors.counting()));
        double duration = Math.max(durationSec, 1e-9);
        return new BenchmarkMetrics(concurrency, outcomes.size(), ok.size(), durationSec, input, output,
                ok.size() / duration, output / duration, (input + output) / duration, Stats.mean(perUser),
                Stats.summaryMs(ttfts), Stats.summaryMs(tpots), Stats.summaryMs(itls), Stats.summaryMs(e2els),
                java.util.Collections.unmodifiableMap(errors));
    }
}
