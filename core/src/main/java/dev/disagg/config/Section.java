package dev.disagg.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, located reads from one YAML mapping. Every wrong value becomes a {@link Problem} with
 * its line and YAML path; reads go on with a default so all problems are found in one pass.
 */
final class Section {
    private final Node node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Section(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            List<Node> merged = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                    merged.add(tuple.getValueNode());
                } else if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.put(key.getValue(), tuple);
                } else {
                    problems.error("type", tuple.getKeyNode(), path, "keys must be plain names, got a " + kind(tuple.getKeyNode()));
                }
            }
            Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            merged.forEach(source -> merge(source, seen));
        }
    }

    /** YAML merge keys ({@code <<: *base}) as the inference server's loader reads them: keys written here win. */
    private void merge(Node source, Set<Node> seen) {
        if (!seen.add(source)) {
            return;
        }
        if (source instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> merge(item, seen));
        } else if (source instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                    merge(tuple.getValueNode(), seen);
                } else if (tuple.getKeyNode() instanceof ScalarNode key) {
                    entries.putIfAbsent(key.getValue(), tuple);
                }
            }
        } else {
            problems.error("type", source, path, "'<<' merges a mapping (or a list of them), got " + describe(source));
        }
    }

    /** A section read from {@code node}; a non-mapping is reported and read as empty. */
    static Section of(Node node, String path, Problems problems) {
        if (node != null && !(node instanceof MappingNode) && !isNull(node)) {
            problems.error("type", node, path, "expected a mapping (key: value lines), got " + describe(node));
        }
        return new Section(node instanceof MappingNode ? node : null, path, problems);
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The keys as written (merged keys included), in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    Optional<Node> valueNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null || isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    /**
     * Reports {@code key} as missing, at the key when it is written without a value, else at the
     * section's own line. A section that is itself missing (or not a mapping) was reported already;
     * its keys are not reported again.
     */
    void reportMissing(String key, String what) {
        if (node != null) {
            problems.error("required", anchorForMissing(key), childPath(key), what);
        }
    }

    /** Where to point a "missing key" problem: the key when it is written without a value, else the section. */
    Node anchorForMissing(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    Section section(String key) {
        return Section.of(valueNode(key).orElse(null), childPath(key), problems);
    }

    Section requiredSection(String key) {
        if (!has(key)) {
            reportMissing(key, "missing required section");
        }
        return section(key);
    }

    Optional<String> string(String key) {
        return valueNode(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                return Optional.of(scalar.getValue());
            }
            problems.error("type", value, childPath(key), "expected a text value, got " + describe(value));
            return Optional.empty();
        });
    }

    /** Text that a program gets as an argument or in its environment, where a NUL character cannot go. */
    Optional<String> programText(String key) {
        return string(key).filter(text -> {
            if (text.indexOf('\0') >= 0) {
                problems.error("text", valueNode(key).orElseThrow(), childPath(key), "contains a NUL character (\\0),"
                        + " which no program argument or environment value can hold");
                return false;
            }
            return true;
        });
    }

    /** Text that becomes one sbatch option: one line without control characters. */
    Optional<String> optionText(String key) {
        return string(key).filter(text -> {
            int bad = firstControl(text, "");
            if (bad >= 0) {
                problems.error("text", valueNode(key).orElseThrow(), childPath(key), "contains the control character "
                        + String.format("\\u%04x", (int) text.charAt(bad)) + " at position " + (bad + 1)
                        + "; an sbatch option must be one line of plain text");
                return false;
            }
            return true;
        });
    }

    /** Index of the first control character of {@code text} that is not in {@code allowed}, or -1. */
    static int firstControl(String text, String allowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && allowed.indexOf(c) < 0) {
                return i;
            }
        }
        return -1;
    }

    String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    Optional<Long> integer(String key) {
        return valueNode(key).flatMap(value -> parseInteger(value, childPath(key)));
    }

    /** A whole number of at least {@code min}; quoted numbers ("8") are accepted as upstream files use both. */
    Optional<Integer> integer(String key, long min) {
        return integer(key).flatMap(number -> {
            if (number < min || number > Integer.MAX_VALUE) {
                problems.error("range", valueNode(key).orElseThrow(), childPath(key),
                        "expected a whole number " + (min == 1 ? "greater than 0" : ">= " + min) + ", got " + number);
                return Optional.empty();
            }
            return Optional.of(number.intValue());
        });
    }

    int requiredInteger(String key, long min) {
        if (!has(key)) {
            reportMissing(key, "missing required key (expected a whole number)");
            return 0;
        }
        return integer(key, min).orElse(0);
    }

    Optional<Boolean> bool(String key) {
        return valueNode(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                String text = scalar.getValue().trim().toLowerCase(java.util.Locale.ROOT);
                if (text.equals("true")) {
                    return Optional.of(true);
                }
                if (text.equals("false")) {
                    return Optional.of(false);
                }
            }
            problems.error("type", value, childPath(key), "expected true or false, got " + describe(value));
            return Optional.empty();
        });
    }

    boolean bool(String key, boolean fallback) {
        return bool(key).orElse(fallback);
    }

    Optional<Double> number(String key) {
        return valueNode(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                try {
                    return Optional.of(Double.parseDouble(scalar.getValue().trim()));
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
            }
            problems.error("type", value, childPath(key), "expected a number, got " + describe(value));
            return Optional.empty();
        });
    }

    /** A list of texts; a single scalar is read as a one-item list. */
    List<String> strings(String key) {
        Optional<Node> value = valueNode(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (value.get() instanceof ScalarNode scalar) {
            return List.of(scalar.getValue());
        }
        if (value.get() instanceof SequenceNode sequence) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < sequence.getValue().size(); i++) {
                Node item = sequence.getValue().get(i);
                if (item instanceof ScalarNode itemScalar) {
                    items.add(itemScalar.getValue());
                } else {
                    problems.error("type", item, childPath(key) + "[" + i + "]", "expected a text value, got " + describe(item));
                }
            }
            return items;
        }
        problems.error("type", value.get(), childPath(key), "expected a list of text values, got " + describe(value.get()));
        return List.of();
    }

    /**
     * Reports keys this tool does not know (rule {@link ValidationPolicy#UNKNOWN_KEY}). One close to a
     * known key is a typo and always an error ("did you mean"); one far from all of them is someone
     * else's key (a newer upstream, a harness extension): a warning unless the policy makes it strict.
     */
    void checkKeys(Collection<String> known, ValidationPolicy policy) {
        Set<String> knownSet = Set.copyOf(known);
        for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
            if (knownSet.contains(entry.getKey())) {
                continue;
            }
            Node key = entry.getValue().getKeyNode();
            String at = childPath(shown(entry.getKey()));
            Optional<String> closest = Suggestions.closest(entry.getKey(), known);
            if (closest.isPresent()) {
                problems.error(ValidationPolicy.UNKNOWN_KEY, key, at, "unknown key (did you mean '" + closest.get() + "'?)");
            } else {
                problems.add(policy.severityOf(ValidationPolicy.UNKNOWN_KEY), ValidationPolicy.UNKNOWN_KEY,
                        key.getStartMark(), at, "unknown key, not read by this tool (known here: " + String.join(", ", known) + ")");
            }
        }
    }

    Optional<Long> parseInteger(Node value, String at) {
        if (value instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.STR))) {
            String text = scalar.getValue().trim().replace("_", "");
            if (text.matches("[-+]?[0-9]{1,18}")) {
                return Optional.of(new BigInteger(text).longValue());
            }
        }
        problems.error("type", value, at, "expected a whole number, got " + describe(value));
        return Optional.empty();
    }

    Problems problems() {
        return problems;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "'" + shown(scalar.getValue(), 40) + "'";
        }
        return "a " + kind(node);
    }

    /** Text from the file as a problem shows it: cut, and control characters visible (\u001b), so it cannot mess up a terminal. */
    static String shown(String text) {
        return shown(text, 60);
    }

    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        int shownChars = 0;
        for (int i = 0; i < text.length(); ) {
            if (shownChars == max) {
                return out.append("... (").append(text.length()).append(" characters)").toString();
            }
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            shownChars++;
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "value";
    }
}
