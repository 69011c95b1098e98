package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The table printed after a conversion: one row per case, then the notes with the cases they concern. */
public final class Summary {
    private static final List<String> HEADER = List.of(
            "case", "line", "ctx", "ctx tp", "gen", "batch", "eplb", "mtp", "concurrency", "nodes", "tasks");

    private Summary() {
    }

    public static String render(List<MigratedCase> cases) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (MigratedCase c : cases) {
            String ctx = c.ctxCapacity().isPresent()
                    ? c.ctxServers() + " (ceil(c/" + c.ctxCapacity().getAsInt() + "))"
                    : String.valueOf(c.ctxServers());
            rows.add(List.of(c.fileName(), String.valueOf(c.line()), ctx, String.valueOf(c.ctxTp()),
                    c.genServers() + " x " + (c.genAttentionDp() ? "dep" : "tep") + c.genTp(), String.valueOf(c.genBatch()),
                    String.valueOf(c.eplb()), String.valueOf(c.mtp()),
                    c.concurrency().stream().map(String::valueOf).collect(Collectors.joining(" ")),
                    String.valueOf(c.nodes()), String.valueOf(c.tasks())));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.append(String.join("  ", cells).stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(out.length() - 1)).append('\n');
            }
        }
        out.append(cases.size()).append(cases.size() == 1 ? " case" : " cases").append(" converted.\n");

        Map<String, List<String>> warnings = new LinkedHashMap<>();
        for (MigratedCase c : cases) {
            for (String warning : c.warnings()) {
                warnings.computeIfAbsent(warning, k -> new ArrayList<>()).add(c.name());
            }
        }
        if (!warnings.isEmpty()) {
            out.append("\nWarnings: the script's values break TensorRT-LLM rules (kept as submitted):\n");
            appendGrouped(out, warnings, cases.size());
        }

        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (String note : CaseBuilder.commonDefaults()) {
            notes.put(note, cases.stream().map(MigratedCase::name).toList());
        }
        for (MigratedCase c : cases) {
            for (String note : c.notes()) {
                notes.computeIfAbsent(note, k -> new ArrayList<>()).add(c.name());
            }
        }
        if (!notes.isEmpty()) {
            out.append("\nDefaults and adjustments (check them):\n");
            appendGrouped(out, notes, cases.size());
        }
        return out.toString();
    }

    private static void appendGrouped(StringBuilder out, Map<String, List<String>> lines, int caseCount) {
        for (Map.Entry<String, List<String>> line : lines.entrySet()) {
            String which = line.getValue().size() == caseCount ? "all cases" : String.join(", ", line.getValue());
            out.append("- ").append(line.getKey()).append(" [").append(which).append("]\n");
        }
    }
}
