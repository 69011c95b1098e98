package dev.disagg.results;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics benchmark_serving prints per concurrency. Each has the label it prints, a short
 * key used in baseline YAML and result.json, and the {@code metric_type} used in upstream's
 * perf CSVs (upstream's names where upstream has one).
 */
public enum Metric {
    REQUEST_THROUGHPUT("request_throughput", "Request throughput (req/s)", "SEQ_THROUGHPUT", "req/s", Direction.HIGHER_IS_BETTER),
    OUTPUT_THROUGHPUT("output_throughput", "Output token throughput (tok/s)", "TOKEN_THROUGHPUT", "tok/s", Direction.HIGHER_IS_BETTER),
    TOTAL_THROUGHPUT("total_throughput", "Total Token throughput (tok/s)", "TOTAL_TOKEN_THROUGHPUT", "tok/s", Direction.HIGHER_IS_BETTER),
    USER_THROUGHPUT("user_throughput", "User throughput (tok/s)", "USER_THROUGHPUT", "tok/s", Direction.HIGHER_IS_BETTER),
    MEAN_TTFT("mean_ttft", "Mean TTFT (ms)", "FIRST_TOKEN_TIME", "ms", Direction.LOWER_IS_BETTER),
    MEDIAN_TTFT("median_ttft", "Median TTFT (ms)", "DISAGG_SERVER_TTFT", "ms", Direction.LOWER_IS_BETTER, "MEDIAN_FIRST_TOKEN_TIME"),
    P99_TTFT("p99_ttft", "P99 TTFT (ms)", "P99_FIRST_TOKEN_TIME", "ms", Direction.LOWER_IS_BETTER),
    MEAN_TPOT("mean_tpot", "Mean TPOT (ms)", "OUTPUT_TOKEN_TIME", "ms", Direction.LOWER_IS_BETTER),
    MEDIAN_TPOT("median_tpot", "Median TPOT (ms)", "MEDIAN_OUTPUT_TOKEN_TIME", "ms", Direction.LOWER_IS_BETTER),
    P99_TPOT("p99_tpot", "P99 TPOT (ms)", "P99_OUTPUT_TOKEN_TIME", "ms", Direction.LOWER_IS_BETTER),
    MEAN_ITL("mean_itl", "Mean ITL (ms)", "MEAN_ITL", "ms", Direction.LOWER_IS_BETTER),
    MEDIAN_ITL("median_itl", "Median ITL (ms)", "MEDIAN_ITL", "ms", Direction.LOWER_IS_BETTER),
    P99_ITL("p99_itl", "P99 ITL (ms)", "P99_ITL", "ms", Direction.LOWER_IS_BETTER),
    MEAN_E2EL("mean_e2el", "Mean E2EL (ms)", "MEAN_E2EL", "ms", Direction.LOWER_IS_BETTER),
    MEDIAN_E2EL("median_e2el", "Median E2EL (ms)", "DISAGG_SERVER_E2EL", "ms", Direction.LOWER_IS_BETTER),
    P99_E2EL("p99_e2el", "P99 E2EL (ms)", "P99_E2EL", "ms", Direction.LOWER_IS_BETTER);

    /**
     * Gated when a case has no baseline entries that say otherwise: the throughputs upstream's
     * perf-sanity gates plus the medians upstream's disagg CSV records.
     */
    public static final List<Metric> DEFAULT_GATED = List.of(OUTPUT_THROUGHPUT, TOTAL_THROUGHPUT, MEDIAN_TTFT, MEDIAN_E2EL);

    private final String key;
    private final String label;
    private final String csvType;
    private final String unit;
    private final Direction direction;
    private final List<String> csvAliases;

    Metric(String key, String label, String csvType, String unit, Direction direction, String... csvAliases) {
        this.key = key;
        this.label = label;
        this.csvType = csvType;
        this.unit = unit;
        this.direction = direction;
        this.csvAliases = List.of(csvAliases);
    }

    public String key() {
        return key;
    }

    /** The label benchmark_serving prints before the colon. */
    public String label() {
        return label;
    }

    /** The {@code metric_type} in perf CSVs. */
    public String csvType() {
        return csvType;
    }

    public String unit() {
        return unit;
    }

    public Direction direction() {
        return direction;
    }

    public static Optional<Metric> byKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.key.equals(k)).findFirst();
    }

    public static Optional<Metric> byCsvType(String type) {
        String t = type.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.csvType.equals(t) || m.csvAliases.contains(t)).findFirst();
    }

    public static Optional<Metric> byLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
    }

    /** All keys, for error messages that list what is accepted. */
    public static String keys() {
        return String.join(", ", Arrays.stream(values()).map(Metric::key).toList());
    }
}
