package dev.disagg.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * benchmark_serving's text output for one concurrency (the lines results parsers look for:
 * 40-column labels, values with two decimals).
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

    /**
     * The speculative-decoding section (one value: the emulator has no real acceptance), whose
     * "Mean Avg Decoded Tokens per Iter" upstream requires of spec-decoding cases.
     */
    static List<String> decodedTokensPerIter(double value) {
        String name = "Avg Decoded Tokens per Iter";
        return List.of(center(name, '-'), row("Mean " + name + ":", value), row("Median " + name + ":", value),
                row("Std Dev " + name + ":", 0.0), row("P99 " + name + ":", value));
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
