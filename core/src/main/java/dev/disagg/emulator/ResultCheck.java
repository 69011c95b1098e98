package dev.disagg.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How upstream's test judges BENCHMARK's client outputs: {@code _check_benchmark_errors} (failed
 * requests, failure markers), then {@code get_perf_result} (the metric regexes, first match per
 * line) and {@code check_test_failure} (every one of the 16 metrics, the spec-decoding metric,
 * the gen_only device step time).
 */
final class ResultCheck {
    /** PERF_METRIC_LOG_QUERIES: name, then the label before {@code :\s+<number>}. */
    static final Map<String, String> PERF_METRICS = labels(
            "seq_throughput", "Request throughput (req/s)",
            "token_throughput", "Output token throughput (tok/s)",
            "total_token_throughput", "Total Token throughput (tok/s)",
            "user_throughput", "User throughput (tok/s)",
            "mean_ttft", "Mean TTFT (ms)",
            "median_ttft", "Median TTFT (ms)",
            "p99_ttft", "P99 TTFT (ms)",
            "mean_itl", "Mean ITL (ms)",
            "median_itl", "Median ITL (ms)",
            "p99_itl", "P99 ITL (ms)",
            "mean_tpot", "Mean TPOT (ms)",
            "median_tpot", "Median TPOT (ms)",
            "p99_tpot", "P99 TPOT (ms)",
            "mean_e2el", "Mean E2EL (ms)",
            "median_e2el", "Median E2EL (ms)",
            "p99_e2el", "P99 E2EL (ms)");
    static final String SPEC_METRIC = "al";
    static final String SPEC_LABEL = "Mean Avg Decoded Tokens per Iter";
    static final String STEP_METRIC = "mean_gen_worker_per_iter_device_step_time";
    static final String STEP_LABEL = "Average Per Iter Device Step Time (ms)";

    private static final Map<String, Pattern> ALL_QUERIES = queries();
    private static final Pattern FAILED = Pattern.compile("Failed requests:\\s+(\\d+)");

    private ResultCheck() {
    }

    /** {@code _check_benchmark_errors} for one client's output. */
    static void checkBenchmarkErrors(String output) {
        Matcher failed = FAILED.matcher(output);
        if (failed.find() && Long.parseLong(failed.group(1)) > 0) {
            throw TestFailure.runtime("Benchmark output contains " + failed.group(1) + " failed requests.");
        }
        if (output.contains("!FAILED REQUESTS!") || output.contains("!CHECK LOG FOR ERRORS!")) {
            throw TestFailure.runtime("Benchmark output contains failure markers.");
        }
    }

    /** {@code parse_metrics_from_output}: per line, the first query that matches and is not yet set. */
    static Map<String, Double> metrics(String output) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            for (Map.Entry<String, Pattern> query : ALL_QUERIES.entrySet()) {
                if (metrics.containsKey(query.getKey())) {
                    continue;
                }
                Matcher m = query.getValue().matcher(line);
                if (m.find()) {
                    metrics.put(query.getKey(), Double.parseDouble(m.group(1)));
                    break;
                }
            }
        }
        return metrics;
    }

    /** {@code check_test_failure}: every problem of every client in one message; empty when none. */
    static String problems(List<Map<String, Double>> perClient, int clients, boolean specDecoding, boolean genOnly,
            String outputDir) {
        StringBuilder error = new StringBuilder();
        if (perClient.size() != clients) {
            error.append("Server 0's perf results number: ").append(perClient.size())
                    .append(" is not equal to client number: ").append(clients).append(". ");
        }
        for (int i = 0; i < perClient.size(); i++) {
            Map<String, Double> metrics = perClient.get(i);
            List<String> missing = PERF_METRICS.keySet().stream().filter(k -> !metrics.containsKey(k)).toList();
            if (!missing.isEmpty()) {
                error.append("Some metrics in Server 0 Client ").append(i).append(" are missing: ")
                        .append(pythonList(missing)).append(". The parsed metrics is ").append(pythonDict(metrics))
                        .append(". ");
            }
            if (specDecoding && !metrics.containsKey(SPEC_METRIC)) {
                error.append("Speculative decoding test Server 0 Client ").append(i)
                        .append(" is missing '").append(SPEC_LABEL).append("' in benchmark output. ");
            }
            if (genOnly && !metrics.containsKey(STEP_METRIC)) {
                error.append("gen_only test Server 0 Client ").append(i)
                        .append(" is missing 'prev_device_step_time' in gen_server_*.log under ").append(outputDir)
                        .append(". ");
            }
        }
        return error.toString();
    }

    private static String pythonList(List<String> items) {
        return items.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String pythonDict(Map<String, Double> metrics) {
        return metrics.entrySet().stream().map(e -> "'" + e.getKey() + "': " + String.format(Locale.ROOT, "%s", e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, Pattern> queries() {
        Map<String, Pattern> queries = new LinkedHashMap<>();
        PERF_METRICS.forEach((name, label) -> queries.put(name, query(label)));
        queries.put(SPEC_METRIC, query(SPEC_LABEL));
        queries.put(STEP_METRIC, query(STEP_LABEL));
        return java.util.Collections.unmodifiableMap(queries);
    }

    private static Pattern query(String label) {
        return Pattern.compile(Pattern.quote(label) + ":\\s+(-?[\\d.]+)");
    }
}
