package dev.disagg.config;

import org.yaml.snakeyaml.nodes.Node;

/** A problem found in the node tree, before it becomes a {@link Problem}: the node to point at and what is wrong. */
record Located(Node at, String message) {
}
