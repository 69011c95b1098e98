package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One submission of the legacy script as a case: the YAML document (key order as written) and
 * the numbers the summary shows, which are also what the submission asked SLURM for.
 *
 * @param ctxCapacity N when the ctx count is kept as legacy {@code ceil(concurrency / N)}
 * @param notes defaults chosen and adjustments made, one sentence each
 * @param warnings TensorRT-LLM rules the script's own values break (kept as submitted), one sentence each
 */
public record MigratedCase(
        String name,
        int line,
        Map<String, Object> document,
        int ctxServers,
        OptionalInt ctxCapacity,
        int ctxTp,
        int genServers,
        int genTp,
        boolean genAttentionDp,
        int genBatch,
        int eplb,
        int mtp,
        List<Integer> concurrency,
        int gpusPerNode,
        int nodes,
        List<String> notes,
        List<String> warnings) {

    public MigratedCase {
        concurrency = List.copyOf(concurrency);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    public int tasks() {
        return nodes * gpusPerNode;
    }

    public String fileName() {
        return name + ".yaml";
    }

    MigratedCase renamed(String newName, String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new MigratedCase(newName, line, document, ctxServers, ctxCapacity, ctxTp, genServers, genTp, genAttentionDp,
                genBatch, eplb, mtp, concurrency, gpusPerNode, nodes, more, warnings);
    }
}
