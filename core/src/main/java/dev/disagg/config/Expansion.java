package dev.disagg.config;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * How big a document becomes once its aliases are expanded. The worker sections are written out
 * again (ctx/gen_config.yaml) with every alias expanded, so a small file whose aliases repeat a
 * long text thousands of times would render gigabytes; SnakeYAML's own alias limit only counts
 * aliases to collections. Each node is sized once (shared nodes are looked up), so this is linear.
 */
final class Expansion {
    /** Far above any real case (a few KiB), far below what would hurt a disk or a heap. */
    static final long MAX_SIZE = 4L * 1024 * 1024;

    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private final Map<Node, Boolean> open = new IdentityHashMap<>();

    private Expansion() {
    }

    /** The problem with {@code root}, if any: a node that contains itself, or an expansion over the limit. */
    static Optional<Located> check(Node root) {
        try {
            new Expansion().size(root);
            return Optional.empty();
        } catch (TooBig found) {
            return Optional.of(found.found);
        }
    }

    private long size(Node node) {
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        if (open.containsKey(node)) {
            throw new TooBig(new Located(node, "this value contains itself through an alias (*name inside its own &name):"
                    + " it cannot be written out; repeat the values instead"));
        }
        open.put(node, Boolean.TRUE);
        // One unit per value plus the length of each text: roughly the characters when written out.
        long size = 1;
        if (node instanceof ScalarNode scalar) {
            size += scalar.getValue().length();
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                size = add(node, size, size(item));
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                size = add(node, size, size(tuple.getKeyNode()));
                size = add(node, size, size(tuple.getValueNode()));
            }
        }
        open.remove(node);
        sizes.put(node, size);
        return size;
    }

    private static long add(Node at, long size, long more) {
        long total = size + more;
        if (total > MAX_SIZE) {
            throw new TooBig(new Located(at, "aliases (*name) expand this value to more than " + MAX_SIZE / (1024 * 1024)
                    + " MiB of text: refusing what looks like an alias bomb"));
        }
        return total;
    }

    /** Unwinds the walk at the first problem; carries no stack trace (it is no error of the program). */
    private static final class TooBig extends RuntimeException {
        private final transient Located found;

        TooBig(Located found) {
            super(found.message(), null, false, false);
            this.found = found;
        }
    }
}
