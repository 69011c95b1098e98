package dev.disagg.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One walk over the whole document, read by this tool or not, for what SnakeYAML reports only where
 * a value is constructed, and then badly: a tag that does not fit its value ({@code !!int abc},
 * {@code !!str} on a mapping, {@code !!binary} that is not base64), for which the constructor throws plain runtime exceptions
 * with no line. Each scalar is constructed on its own (cheap), so the problem names its line.
 */
final class ValueChecks {
    /** The standard tags SnakeYAML constructs from a mapping, and from a list. */
    private static final Set<Tag> MAPPING_TAGS = Set.of(Tag.MAP, Tag.SET);
    private static final Set<Tag> LIST_TAGS = Set.of(Tag.SEQ, Tag.OMAP, Tag.PAIRS);

    private ValueChecks() {
    }

    /** A problem for each value that cannot be constructed; {@code root} has no recursion (see {@link Expansion}). */
    static List<Located> check(Node root, CaseConfigLoader.ValueConstructor constructor) {
        List<Located> found = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        List<Node> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Node node = pending.remove(pending.size() - 1);
            if (seen.put(node, Boolean.TRUE) != null) {
                continue;
            }
            if (node instanceof ScalarNode scalar) {
                checkScalar(scalar, constructor, found);
            } else if (node.getTag().startsWith(Tag.PREFIX)
                    && !(node instanceof MappingNode ? MAPPING_TAGS : LIST_TAGS).contains(node.getTag())) {
                found.add(new Located(node, "the tag " + node.getTag().getValue().replace(Tag.PREFIX, "!!")
                        + " does not fit a " + (node instanceof MappingNode ? "mapping" : "list") + "; drop the tag"));
            } else if (node instanceof SequenceNode sequence) {
                pending.addAll(sequence.getValue());
            } else if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    // The merge key (<<) is resolved by the constructor's mapping, not constructed on its own.
                    if (!tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                        pending.add(tuple.getKeyNode());
                    }
                    pending.add(tuple.getValueNode());
                }
            }
        }
        return found;
    }

    private static void checkScalar(ScalarNode scalar, CaseConfigLoader.ValueConstructor constructor, List<Located> found) {
        try {
            constructor.value(scalar);
        } catch (RuntimeException e) {
            // SnakeYAML's constructors throw whatever their parsing of the text throws (number
            // formats, base64, casts); any of them means this value cannot be read.
            String tag = scalar.getTag().getValue().replace(Tag.PREFIX, "!!");
            found.add(new Located(scalar, "cannot read " + Section.describe(scalar) + " as " + tag
                    + (scalar.getTag().equals(Tag.MERGE) ? " (a merge key, <<, only fits as a key)" : "")
                    + "; write the plain value or fix the tag"));
        }
    }

}
