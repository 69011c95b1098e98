package dev.disagg.perf;

import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import dev.disagg.results.PerfCsv;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
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
 * Read through the YAML node tree so every message can name its line.
 */
public final class BaselineYaml {
    private static final Set<String> TOP_KEYS = Set.of("version", "baselines");
    private static final Set<String> ITEM_KEYS = Set.of("case", "gpu", "concurrency", "metrics");
    private static final Set<String> METRIC_KEYS = Set.of("value", "tolerance", "absolute", "direction");

    private BaselineYaml() {
    }

    public static Baseline read(String source, String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(BaselineFiles.MAX_BYTES); // the file's own limit, not SnakeYAML's 3 MB default
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InvalidInputException(source + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidInputException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return new Baseline(source, List.of());
        }
        Reader reader = new Reader(source, new HashMap<>());
        Map<String, Node> top = reader.mapping(root, "the top level", TOP_KEYS);
        List<BaselineEntry> entries = new ArrayList<>();
        Node list = top.get("baselines");
        if (list == null) {
            throw reader.error(root, "expected a 'baselines:' list");
        }
        if (!(list instanceof SequenceNode seq)) {
            throw reader.error(list, "'baselines' must be a list of entries (- case: ...)");
        }
        for (Node item : seq.getValue()) {
            reader.item(item, entries);
        }
        return new Baseline(source, entries);
    }

    /** Canonical YAML for entries, grouped by case, GPU type and concurrency in their order. */
    public static String write(List<BaselineEntry> entries) {
        Map<String, List<BaselineEntry>> groups = new LinkedHashMap<>();
        for (BaselineEntry e : entries) {
            groups.computeIfAbsent(e.caseName() + "\u0000" + e.gpuType().orElse("") + "\u0000" + e.concurrency(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder out = new StringBuilder("# disagg perf baselines (format: core/docs/perf-check.md)\nversion: 1\nbaselines:\n");
        for (List<BaselineEntry> group : groups.values()) {
            BaselineEntry first = group.get(0);
            out.append("  - case: ").append(quote(first.caseName())).append('\n');
            first.gpuType().ifPresent(g -> out.append("    gpu: ").append(quote(g)).append('\n'));
            out.append("    concurrency: ").append(first.concurrency()).append('\n');
            out.append("    metrics:\n");
            for (BaselineEntry e : group) {
                out.append("      ").append(e.metric().key()).append(": {value: ").append(PerfCsv.number(e.value()))
                        .append(", tolerance: ").append(PerfCsv.number(e.tolerance()));
                if (e.absoluteTolerance() != 0) {
                    out.append(", absolute: ").append(PerfCsv.number(e.absoluteTolerance()));
                }
                if (e.direction() != e.metric().direction()) {
                    out.append(", direction: ").append(e.direction().key());
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }

    /** Double-quoted YAML scalar (JSON escapes are valid YAML). */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Walks the node tree; knows the file name for messages. */
    /** {@code seen}: the entries read so far by key, for the duplicate check. */
    private record Reader(String source, Map<BaselineEntry.Key, BaselineEntry> seen) {

        InvalidInputException error(Node node, String message) {
            return new InvalidInputException(source + ":" + (node.getStartMark().getLine() + 1) + ": " + message);
        }

        Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode map)) {
                throw error(node, "expected a mapping (key: value) for " + what);
            }
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = scalar(t.getKeyNode(), "a key");
                if (allowed != null && !allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected one of " + String.join(", ", allowed.stream().sorted().toList()));
                }
                if (out.put(key, t.getValueNode()) != null) {
                    throw error(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
                }
            }
            return out;
        }

        String scalar(Node node, String what) {
            if (!(node instanceof ScalarNode s)) {
                throw error(node, "expected " + what + " (a single value)");
            }
            return s.getValue();
        }

        double number(Node node, String what) {
            String text = scalar(node, what);
            try {
                double v = Double.parseDouble(text.trim());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(node, what + " must be a number, got '" + text + "'");
        }

        double tolerance(Node node) {
            String text = scalar(node, "tolerance");
            try {
                return BaselineEntry.parseTolerance(text);
            } catch (InvalidInputException e) {
                throw error(node, e.getMessage());
            }
        }

        void item(Node node, List<BaselineEntry> entries) {
            Map<String, Node> item = mapping(node, "a baseline entry", ITEM_KEYS);
            for (String required : List.of("case", "concurrency", "metrics")) {
                if (!item.containsKey(required)) {
                    throw error(node, "baseline entry lacks '" + required + ":'");
                }
            }
            String caseName = scalar(item.get("case"), "a case name").trim();
            if (caseName.isEmpty()) {
                throw error(item.get("case"), "case name is empty");
            }
            Optional<String> gpu = Optional.ofNullable(item.get("gpu")).map(n -> scalar(n, "a GPU type").trim())
                    .filter(g -> !g.isEmpty() && !g.equalsIgnoreCase("any"));
            double c = number(item.get("concurrency"), "concurrency");
            if (c != Math.rint(c) || c < 1) {
                throw error(item.get("concurrency"), "concurrency must be a positive whole number, got '" + scalar(item.get("concurrency"), "concurrency") + "'");
            }
            Map<String, Node> metrics = mapping(item.get("metrics"), "metrics", null);
            if (metrics.isEmpty()) {
                throw error(item.get("metrics"), "metrics is empty");
            }
            MappingNode metricsNode = (MappingNode) item.get("metrics");
            for (NodeTuple t : metricsNode.getValue()) {
                String key = scalar(t.getKeyNode(), "a metric name");
                Metric metric = Metric.byKey(key).orElseThrow(() -> error(t.getKeyNode(), "unknown metric '" + key + "'; expected one of " + Metric.keys()));
                BaselineEntry entry = entry(caseName, gpu, (int) c, metric, t.getValueNode());
                BaselineEntry earlier = seen.putIfAbsent(entry.key(), entry);
                if (earlier != null) {
                    throw error(t.getKeyNode(), "duplicate baseline for " + caseName + gpu.map(g -> " on " + g).orElse("")
                            + ", concurrency " + (int) c + ", " + key + " (first at " + earlier.origin() + ")");
                }
                entries.add(entry);
            }
        }

        private BaselineEntry entry(String caseName, Optional<String> gpu, int concurrency, Metric metric, Node node) {
            String origin = source + ":" + (node.getStartMark().getLine() + 1);
            if (node instanceof ScalarNode) {
                return new BaselineEntry(caseName, gpu, concurrency, metric, number(node, metric.key()),
                        BaselineEntry.DEFAULT_TOLERANCE, 0, metric.direction(), origin);
            }
            Map<String, Node> m = mapping(node, metric.key(), METRIC_KEYS);
            if (!m.containsKey("value")) {
                throw error(node, metric.key() + " lacks 'value:'");
            }
            double tolerance = m.containsKey("tolerance") ? tolerance(m.get("tolerance")) : BaselineEntry.DEFAULT_TOLERANCE;
            double absolute = m.containsKey("absolute") ? number(m.get("absolute"), "absolute") : 0;
            if (absolute < 0) {
                throw error(m.get("absolute"), "absolute must not be negative");
            }
            Direction direction = metric.direction();
            if (m.containsKey("direction")) {
                String d = scalar(m.get("direction"), "a direction");
                direction = Direction.parse(d).orElseThrow(() -> error(m.get("direction"),
                        "direction must be higher_is_better or lower_is_better, got '" + d.toLowerCase(Locale.ROOT) + "'"));
            }
            return new BaselineEntry(caseName, gpu, concurrency, metric, number(m.get("value"), "value"), tolerance, absolute, direction, origin);
        }
    }
}
