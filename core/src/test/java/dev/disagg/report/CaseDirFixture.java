package dev.disagg.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Builds case directories as a finished job leaves them, for tests. */
public final class CaseDirFixture {
    private final Path dir;

    private CaseDirFixture(Path dir) {
        this.dir = dir;
    }

    /** What a run measured at one concurrency; the other metrics are derived from these. */
    public record Measured(int concurrency, double outputThroughput, double medianE2el, long failedRequests, long generatedTokens) {
        public static Measured ok(int concurrency, double outputThroughput, double medianE2el) {
            return new Measured(concurrency, outputThroughput, medianE2el, 0, concurrency * 10L * 1024);
        }
    }

    public static CaseDirFixture create(Path parent, String caseName) {
        Path dir = parent.resolve(caseName);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CaseDirFixture(dir);
    }

    public Path dir() {
        return dir;
    }

    public CaseDirFixture plan(int... concurrencies) {
        String list = Arrays.stream(concurrencies).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return file("plan.json", "{\"caseName\": \"" + dir.getFileName() + "\", \"concurrency\": [" + list + "],"
                + " \"layout\": {\"testOutputDir\": \"" + testOutputDir() + "\"},"
                + " \"nodes\": {\"ctx\": 1, \"gen\": 2}, \"extra\": [1, 2]}\n");
    }

    /** Upstream's test output directory of the case (TOD), where its benchmark writes the client logs. */
    public Path testOutputDir() {
        return dir.resolve("disagg-e2e-" + dir.getFileName());
    }

    /** One client log per run, {@code TOD/trtllm-benchmark.0.<k>.log}, as upstream's BENCHMARK writes them. */
    public CaseDirFixture benchmark(Measured... runs) {
        // The BENCHMARK step's own output: pytest's, not the client's.
        file("benchmark.log", "perf/test_perf_sanity.py::test_e2e[disagg-e2e-" + dir.getFileName() + "] PASSED\n");
        for (int k = 0; k < runs.length; k++) {
            List<String> lines = new ArrayList<>(List.of("Namespace(backend='openai', percentile_metrics='ttft,tpot,itl,e2el')"));
            lines.addAll(block(runs[k]));
            clientLog(k, String.join("\n", lines) + "\n");
        }
        return this;
    }

    public CaseDirFixture clientLog(int k, String text) {
        try {
            Files.createDirectories(testOutputDir());
            Files.writeString(testOutputDir().resolve("trtllm-benchmark.0." + k + ".log"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public CaseDirFixture jobState(String state, int exitCode) {
        return file("job_state.json", "{\"jobId\": \"4242\", \"state\": \"" + state + "\", \"exitCode\": " + exitCode
                + ", \"signal\": 0, \"reason\": \"" + (exitCode == 0 ? "None" : "NonZeroExitCode") + "\"}\n");
    }

    public CaseDirFixture failure(String role, int exitCode, String logFile, String... lastLines) {
        String lines = Arrays.stream(lastLines).map(l -> "\"" + l.replace("\"", "\\\"") + "\"").collect(Collectors.joining(", "));
        return file("failure.json", "{\"role\": \"" + role + "\", \"exitCode\": " + exitCode + ", \"signal\": null, \"logFile\": \""
                + dir.resolve(logFile) + "\", \"lastLines\": [" + lines + "]}\n");
    }

    public CaseDirFixture log(String name, String... lines) {
        return file(name, String.join("\n", lines) + "\n");
    }

    public CaseDirFixture file(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** One result block the way benchmark_serving prints it (labels padded to 40 columns). */
    static List<String> block(Measured m) {
        long total = m.concurrency() * 10L;
        double duration = m.generatedTokens() > 0 && m.outputThroughput() > 0 ? m.generatedTokens() / m.outputThroughput() : 1.0;
        List<String> l = new ArrayList<>();
        l.add("Traffic request rate: inf");
        l.add("Maximum request concurrency: " + m.concurrency());
        l.add("============ Serving Benchmark Result ============");
        l.add(row("Total requests:", Long.toString(total)));
        l.add(row("Successful requests:", Long.toString(total - m.failedRequests())));
        l.add(row("Failed requests:", Long.toString(m.failedRequests())));
        l.add(row("Benchmark duration (s):", num(duration)));
        l.add(row("Total input tokens:", Long.toString(total * 1024)));
        l.add(row("Total generated tokens:", Long.toString(m.generatedTokens())));
        l.add(row("Request throughput (req/s):", num(total / duration)));
        l.add(row("Output token throughput (tok/s):", num(m.outputThroughput())));
        l.add(row("Total Token throughput (tok/s):", num(m.outputThroughput() * 2)));
        l.add(row("User throughput (tok/s):", num(m.outputThroughput() / m.concurrency())));
        double ttft = m.medianE2el() / 40;
        double tpot = (m.medianE2el() - ttft) / 1023;
        latency(l, "Time to First Token", "TTFT", ttft);
        latency(l, "Time per Output Token (excl. 1st token)", "TPOT", tpot);
        latency(l, "Inter-token Latency", "ITL", tpot);
        latency(l, "End-to-end Latency", "E2EL", m.medianE2el());
        l.add("=".repeat(50));
        return l;
    }

    private static void latency(List<String> l, String header, String name, double median) {
        int pad = 50 - header.length();
        l.add("-".repeat(pad / 2) + header + "-".repeat(pad - pad / 2));
        l.add(row("Mean " + name + " (ms):", num(median * 1.02)));
        l.add(row("Median " + name + " (ms):", num(median)));
        l.add(row("P99 " + name + " (ms):", num(median * 1.3)));
    }

    private static String row(String label, String value) {
        return String.format(Locale.ROOT, "%-40s %-10s", label, value);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
