package dev.disagg.perf;

import dev.disagg.config.Problem;
import dev.disagg.config.YamlDocument;
import dev.disagg.io.YamlDump;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The readable baseline form:
 * <pre>
 * baselines:
 *   - case: my-case
 *     gpu: GB200            # optional; omitted = any GPU type
 *     concurrency: 16
 *     metrics:
 *       output_throughput: {value: 1500.0, tolerance: 5%}
 *       median_e2el: {value: 9000, tolerance: 0.1, absolute: 50, direction: lower_is_better}
 *       user_throughput: 90.5          # value only: default tolerance
 * </pre>
 * Read by the loader of every user's YAML ({@link YamlDocument}: the case files' rules), so every
 * message names {@code file:line:column: yaml.path}; written by the one YAML set-up ({@link YamlDump}).
 */
public final class BaselineYaml {
    private static final Set<String> TOP_KEYS = Set.of("version", "baselines");
    private static final Set<String> ITEM_KEYS = Set.of("case", "gpu", "concurrency", "metrics");
    private static final Set<String> METRIC_KEYS = Set.of("value", "tolerance", "absolute", "direction");
    private static final String HEADER = "# disagg perf baselines (format: core/docs/perf-check.md)\n";

    private BaselineYaml() {
    }

    public static Baseline read(String source, String text) {
        YamlDocument document = YamlDocument.parse(source, text, BaselineFiles.MAX_BYTES,
                "expected a mapping with a 'baselines:' list");
        if (!document.problems().isEmpty()) {
            throw new InvalidInputException(document.problemText());
        }
        if (document.root().isEmpty()) {
            return new Baseline(source, List.of()); // only comments: a baseline file not filled yet
        }
        Node root = document.root().get();
        Reader reader = new Reader(source, new HashMap<>());
        Map<String, Node> top = reader.mapping(root, "", "the top level", TOP_KEYS);
        List<BaselineEntry> entries = new ArrayList<>();
        Node list = top.get("baselines");
        if (list == null) {
            throw reader.error(root, "", "expected a 'baselines:' list");
        }
        if (!(list instanceof SequenceNode seq)) {
            throw reader.error(list, "baselines", "'baselines' must be a list of entries (- case: ...)");
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            reader.item(seq.getValue().get(i), "baselines[" + i + "]", entries);
        }
        return new Baseline(source, entries);
    }

    /**
     * Canonical YAML for entries, grouped by case, GPU type and concurrency in their order; a metric's
     * tolerance, absolute tolerance and direction are written when they are not the defaults.
     */
    public static String write(List<BaselineEntry> entries) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (BaselineEntry e : entries) {
            Map<String, Object> group = groups.computeIfAbsent(e.caseName() + "\u0000" + e.gpuType().orElse("") + "\u0000" + e.concurrency(), k -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("case", e.caseName());
                e.gpuType().ifPresent(gpu -> item.put("gpu", gpu));
                item.put("concurrency", e.concurrency());
                item.put("metrics", new LinkedHashMap<String, Object>());
                return item;
            });
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("value", number(e.value()));
            metric.put("tolerance", number(e.tolerance()));
            if (e.absoluteTolerance() != 0) {
                metric.put("absolute", number(e.absoluteTolerance()));
            }
            if (e.direction() != e.metric().direction()) {
                metric.put("direction", e.direction().key());
            }
            metrics(group).put(e.metric().key(), metric);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", 1);
        document.put("baselines", new ArrayList<>(groups.values()));
        return HEADER + YamlDump.dump(document);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Map<String, Object> group) {
        return (Map<String, Object>) group.get("metrics");
    }

    /** A whole number without ".0" (9000, not 9000.0), else the double as Java prints it. */
    private static Number number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) (long) v : (Number) v;
    }

    /**
     * Walks the node tree; knows the file name for messages. {@code seen}: the entries read so far by
     * key, for the duplicate check.
     */
    private record Reader(String source, Map<BaselineEntry.Key, BaselineEntry> seen) {

        InvalidInputException error(Node node, String path, String message) {
            return new InvalidInputException(new Problem(Problem.Severity.ERROR, "baseline", source,
                    node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, path, message).format());
        }

        static String child(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        Map<String, Node> mapping(Node node, String path, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode map)) {
                throw error(node, path, "expected a mapping (key: value) for " + what);
            }
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode(), path, "a key");
                if (allowed != null && !allowed.contains(key)) {
                    throw error(t.getKeyNode(), child(path, key), "unknown key '" + key + "' in " + what + "; expected one of "
                            + String.join(", ", allowed.stream().sorted().toList()));
                }
                out.put(key, t.getValueNode()); // the loader refused duplicate keys
            }
            return out;
        }

        String scalar(Node node, String path, String what) {
            if (!(node instanceof ScalarNode s)) {
                throw error(node, path, "expected " + what + " (a single value)");
            }
            return s.getValue();
        }

        double number(Node node, String path, String what) {
            String text = scalar(node, path, what);
            try {
                double v = Double.parseDouble(text.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(node, path, what + " must be a number, got '" + text + "'");
        }

        double tolerance(Node node, String path) {
            String text = scalar(node, path, "tolerance");
            try {
                return BaselineEntry.parseTolerance(text);
            } catch (InvalidInputException e) {
                throw error(node, path, e.getMessage());
            }
        }

        void item(Node node, String path, List<BaselineEntry> entries) {
            Map<String, Node> item = mapping(node, path, "a baseline entry", ITEM_KEYS);
            for (String required : List.of("case", "concurrency", "metrics")) {
                if (!item.containsKey(required)) {
                    throw error(node, path, "baseline entry lacks '" + required + ":'");
                }
            }
            String caseName = scalar(item.get("case"), child(path, "case"), "a case name").trim();
            if (caseName.isEmpty()) {
                throw error(item.get("case"), child(path, "case"), "case name is empty");
            }
            Optional<String> gpu = Optional.ofNullable(item.get("gpu")).map(n -> scalar(n, child(path, "gpu"), "a GPU type").trim())
                    .filter(g -> !g.isEmpty() && !g.equalsIgnoreCase("any"));
            String concurrencyPath = child(path, "concurrency");
            double c = number(item.get("concurrency"), concurrencyPath, "concurrency");
            if (c != Math.rint(c) || c < 1) {
                throw error(item.get("concurrency"), concurrencyPath, "concurrency must be a positive whole number, got '"
                        + scalar(item.get("concurrency"), concurrencyPath, "concurrency") + "'");
            }
            String metricsPath = child(path, "metrics");
            Map<String, Node> metrics = mapping(item.get("metrics"), metricsPath, "metrics", null);
            if (metrics.isEmpty()) {
                throw error(item.get("metrics"), metricsPath, "metrics is empty");
            }
            MappingNode metricsNode = (MappingNode) item.get("metrics");
            for (NodeTuple t : metricsNode.getValue()) {
                String key = scalar(t.getKeyNode(), metricsPath, "a metric name");
                String metricPath = child(metricsPath, key);
                Metric metric = Metric.byKey(key).orElseThrow(() -> error(t.getKeyNode(), metricPath,
                        "unknown metric '" + key + "'; expected one of " + Metric.keys()));
                BaselineEntry entry = entry(caseName, gpu, (int) c, metric, t.getValueNode(), metricPath);
                BaselineEntry earlier = seen.putIfAbsent(entry.key(), entry);
                if (earlier != null) {
                    throw error(t.getKeyNode(), metricPath, "duplicate baseline for " + caseName + gpu.map(g -> " on " + g).orElse("")
                            + ", concurrency " + (int) c + ", " + key + " (first at " + earlier.origin() + ")");
                }
                entries.add(entry);
            }
        }

        private BaselineEntry entry(String caseName, Optional<String> gpu, int concurrency, Metric metric, Node node, String path) {
            String origin = source + ":" + (node.getStartMark().getLine() + 1);
            if (node instanceof ScalarNode) {
                return new BaselineEntry(caseName, gpu, concurrency, metric, number(node, path, metric.key()),
                        BaselineEntry.DEFAULT_TOLERANCE, 0, metric.direction(), origin);
            }
            Map<String, Node> m = mapping(node, path, metric.key(), METRIC_KEYS);
            if (!m.containsKey("value")) {
                throw error(node, path, metric.key() + " lacks 'value:'");
            }
            double tolerance = m.containsKey("tolerance") ? tolerance(m.get("tolerance"), child(path, "tolerance"))
                    : BaselineEntry.DEFAULT_TOLERANCE;
            double absolute = m.containsKey("absolute") ? number(m.get("absolute"), child(path, "absolute"), "absolute") : 0;
            if (absolute < 0) {
                throw error(m.get("absolute"), child(path, "absolute"), "absolute must not be negative");
            }
            Direction direction = metric.direction();
            if (m.containsKey("direction")) {
                String d = scalar(m.get("direction"), child(path, "direction"), "a direction");
                direction = Direction.parse(d).orElseThrow(() -> error(m.get("direction"), child(path, "direction"),
                        "direction must be higher_is_better or lower_is_better, got '" + d.toLowerCase(Locale.ROOT) + "'"));
            }
            return new BaselineEntry(caseName, gpu, concurrency, metric, number(m.get("value"), child(path, "value"), "value"),
                    tolerance, absolute, direction, origin);
        }
    }
}
