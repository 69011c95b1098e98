package dev.disagg.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * benchmark_serving's text output for one concurrency (the lines results parsers look for:
 * 40-column labels, values with two decimals), and the same numbers as a JSON object.
 */
final class BenchmarkReport {
    private static final int WIDTH = 50;

    private BenchmarkReport() {
    }

    static List<String> text(BenchmarkMetrics m) {
        List<String> lines = new ArrayList<>();
        lines.add("Traffic request rate: inf");
        lines.add("Burstiness factor: 1.0 (Poisson process)");
        lines.add("Maximum request concurrency: " + m.concurrency());
        lines.add(center(" Serving Benchmark Result ", '='));
        lines.add(row("Total requests:", m.totalRequests()));
        lines.add(row("Successful requests:", m.completed()));
        lines.add(row("Failed requests:", m.failed()));
        lines.add(row("Benchmark duration (s):", m.durationSec()));
        lines.add(row("Total input tokens:", m.totalInputTokens()));
        lines.add(row("Total generated tokens:", m.totalOutputTokens()));
        lines.add(row("Request throughput (req/s):", m.requestThroughput()));
        lines.add(row("Output token throughput (tok/s):", m.outputThroughput()));
        lines.add(row("Total Token throughput (tok/s):", m.totalTokenThroughput()));
        lines.add(row("User throughput (tok/s):", m.userThroughput()));
        if (m.failed() > 0) {
            lines.add("=======================!FAILED REQUESTS!=======================");
            lines.add("Total failed requests: " + m.failed());
            lines.add("=====================!CHECK LOG FOR ERRORS!====================");
        }
        metric(lines, "TTFT", "Time to First Token", m.ttft());
        metric(lines, "TPOT", "Time per Output Token (excl. 1st token)", m.tpot());
        metric(lines, "ITL", "Inter-token Latency", m.itl());
        metric(lines, "E2EL", "End-to-end Latency", m.e2el());
        lines.add("=".repeat(WIDTH));
        return lines;
    }

    /** Upstream's result.json key names, plus the round's concurrency and error counts. */
    static Map<String, Object> json(BenchmarkMetrics m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("max_concurrency", m.concurrency());
        json.put("num_prompts", m.totalRequests());
        json.put("completed", m.completed());
        json.put("failed", m.failed());
        json.put("duration", m.durationSec());
        json.put("total_input_tokens", m.totalInputTokens());
        json.put("total_output_tokens", m.totalOutputTokens());
        json.put("request_throughput", m.requestThroughput());
        json.put("output_throughput", m.outputThroughput());
        json.put("total_token_throughput", m.totalTokenThroughput());
        json.put("user_throughput", m.userThroughput());
        summary(json, "ttft", m.ttft());
        summary(json, "tpot", m.tpot());
        summary(json, "itl", m.itl());
        summary(json, "e2el", m.e2el());
        json.put("errors", m.errors());
        return json;
    }

    private static void summary(Map<String, Object> json, String name, Stats.Summary s) {
        json.put("mean_" + name + "_ms", s.mean());
        json.put("median_" + name + "_ms", s.median());
        json.put("std_" + name + "_ms", s.std());
        json.put("p99_" + name + "_ms", s.p99());
    }

    private static void metric(List<String> lines, String name, String header, Stats.Summary s) {
        lines.add(center(header, '-'));
        lines.add(row("Mean " + name + " (ms):", s.mean()));
        lines.add(row("Median " + name + " (ms):", s.median()));
        lines.add(row("Std Dev " + name + " (ms):", s.std()));
        lines.add(row("P99 " + name + " (ms):", s.p99()));
    }

    private static String row(String label, long value) {
        return String.format(Locale.ROOT, "%-40s %-10d", label, value);
    }

    private static String row(String label, double value) {
        return String.format(Locale.ROOT, "%-40s %-10.2f", label, value);
    }

    /** Centred in {@value #WIDTH} columns, the odd fill character on the right (as Python's '^'). */
    static String center(String text, char fill) {
        int pad = Math.max(0, WIDTH - text.length());
        int left = pad / 2;
        return String.valueOf(fill).repeat(left) + text + String.valueOf(fill).repeat(pad - left);
    }
}
