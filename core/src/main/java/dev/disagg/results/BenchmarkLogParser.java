package dev.disagg.results;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads benchmark_serving's text output. Before each result block the client prints
 * {@code Maximum request concurrency: C}; the block starts with a line of {@code =} around
 * "Serving Benchmark Result", holds {@code Label: value} lines and ends with a line of only
 * {@code =}. Lines may carry a prefix (srun's {@code --label}, timestamps), so labels are
 * found after whitespace rather than at the start of a line.
 */
public final class BenchmarkLogParser {
    private static final String CONCURRENCY = "Maximum request concurrency";
    private static final String TOTAL_REQUESTS = "Total requests";
    private static final String SUCCESSFUL = "Successful requests";
    private static final String FAILED = "Failed requests";
    private static final String TOTAL_FAILED = "Total failed requests";
    private static final String DURATION = "Benchmark duration (s)";
    private static final String GENERATED = "Total generated tokens";
    private static final List<String> REQUIRED = List.of(SUCCESSFUL, DURATION, GENERATED, Metric.OUTPUT_THROUGHPUT.label());
    private static final Pattern CLOSING = Pattern.compile("^(?:.*\\s)?={20,}\\s*$");
    // Longest first: when one label ends with another, the longer one must win.
    private static final List<String> LABELS = labels();

    private BenchmarkLogParser() {
    }

    /** Reads the lines once, in order, keeping only the result blocks: a log streamed from disk stays streamed. */
    public static BenchmarkLog parse(String source, Iterable<String> lines) {
        List<LogProblem> problems = new ArrayList<>();
        Map<Integer, ConcurrencyResult> results = new TreeMap<>();
        Integer pendingConcurrency = null;
        Block block = null;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (isHeader(line)) {
                if (block != null) {
                    problems.add(block.problem(source, "result block is not closed before the next one at line " + lineNo));
                }
                block = new Block(lineNo, pendingConcurrency);
                pendingConcurrency = null;
                continue;
            }
            if (block != null && CLOSING.matcher(line).matches()) {
                block.finish(source, problems).ifPresent(r -> results.put(r.concurrency(), r));
                block = null;
                continue;
            }
            Map.Entry<String, String> field = field(line);
            if (field == null) {
                continue;
            }
            if (block == null) {
                if (field.getKey().equals(CONCURRENCY)) {
                    pendingConcurrency = parseConcurrency(field.getValue());
                }
                continue;
            }
            block.add(field.getKey(), field.getValue(), lineNo);
        }
        if (block != null) {
            problems.add(block.problem(source, "result block is not closed (the log ends inside it: truncated?)"));
        }
        return new BenchmarkLog(source, new ArrayList<>(results.values()), problems);
    }

    private static boolean isHeader(String line) {
        return line.contains("Serving Benchmark Result") && line.contains("==");
    }

    /** "None" (no limit) and garbage both mean: concurrency unknown. */
    private static Integer parseConcurrency(String value) {
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The known label on this line and its value, or null. */
    private static Map.Entry<String, String> field(String line) {
        int colon = line.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String value = line.substring(colon + 1).trim();
        String head = line.substring(0, colon);
        for (String label : LABELS) {
            if (head.endsWith(label)) {
                int start = head.length() - label.length();
                if (start == 0 || Character.isWhitespace(head.charAt(start - 1))) {
                    return Map.entry(label, value);
                }
            }
        }
        return null;
    }

    private static List<String> labels() {
        List<String> all = new ArrayList<>(List.of(CONCURRENCY, TOTAL_REQUESTS, SUCCESSFUL, FAILED, TOTAL_FAILED, DURATION, GENERATED));
        for (Metric m : Metric.values()) {
            all.add(m.label());
        }
        all.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(all);
    }

    /** One result block while it is being read. */
    private static final class Block {
        private final int line;
        private Integer concurrency;
        private final Map<String, Double> counts = new LinkedHashMap<>();
        private final Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
        private final List<String> unreadable = new ArrayList<>();
        private final List<String> unreadableLabels = new ArrayList<>();

        Block(int line, Integer concurrency) {
            this.line = line;
            this.concurrency = concurrency;
        }

        void add(String label, String value, int lineNo) {
            if (label.equals(CONCURRENCY)) {
                Integer c = parseConcurrency(value);
                if (c != null) {
                    concurrency = c;
                }
                return;
            }
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                number = Double.NaN;
            }
            if (!Double.isFinite(number)) {
                unreadable.add("line " + lineNo + ": '" + label + "' is '" + value + "', not a number");
                unreadableLabels.add(label);
                return;
            }
            if (number < 0) {
                // no count, duration, latency or throughput is negative: a broken client, never a pass or a baseline
                unreadable.add("line " + lineNo + ": '" + label + "' is " + value + "; a negative value cannot be measured");
                unreadableLabels.add(label);
                return;
            }
            Optional<Metric> metric = Metric.byLabel(label);
            if (metric.isPresent()) {
                metrics.put(metric.get(), number);
            } else {
                counts.put(label, number);
            }
        }

        LogProblem problem(String source, String message) {
            OptionalInt c = concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency);
            String prefix = concurrency == null ? "" : "concurrency " + concurrency + ": ";
            return new LogProblem(source, line, c, prefix + message);
        }

        Optional<ConcurrencyResult> finish(String source, List<LogProblem> problems) {
            if (concurrency == null) {
                problems.add(problem(source, "result block has no '" + CONCURRENCY + ": <n>' line before it"));
                return Optional.empty();
            }
            List<String> missing = REQUIRED.stream()
                    .filter(label -> !unreadableLabels.contains(label) && !counts.containsKey(label)
                            && Metric.byLabel(label).map(m -> !metrics.containsKey(m)).orElse(true))
                    .toList();
            if (!missing.isEmpty()) {
                problems.add(problem(source, "result block lacks " + String.join(", ", missing.stream().map(s -> "'" + s + "'").toList())));
            }
            for (String u : unreadable) {
                problems.add(problem(source, u));
            }
            if (!missing.isEmpty() || !unreadable.isEmpty()) {
                return Optional.empty();
            }
            long successful = counts.get(SUCCESSFUL).longValue();
            return Optional.of(new ConcurrencyResult(concurrency, line, successful, failed(successful),
                    counts.get(GENERATED).longValue(), counts.get(DURATION), metrics));
        }

        private long failed(long successful) {
            if (counts.containsKey(FAILED)) {
                return counts.get(FAILED).longValue();
            }
            if (counts.containsKey(TOTAL_FAILED)) {
                return counts.get(TOTAL_FAILED).longValue();
            }
            if (counts.containsKey(TOTAL_REQUESTS)) {
                return Math.max(0, counts.get(TOTAL_REQUESTS).longValue() - successful);
            }
            return 0;
        }
    }
}
