package dev.disagg.perf;

import dev.disagg.results.Csv;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import dev.disagg.results.PerfCaseNames;
import dev.disagg.results.PerfCsv;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's base CSV form (what {@code sanity_perf_check.py} reads): one row per metric with
 * {@code perf_case_name} ({@code <case>_con:<C>}), {@code metric_type}, {@code perf_metric} (the
 * value), {@code threshold} (relative; negative = lower is worse, positive = higher is worse)
 * and {@code absolute_threshold}. An optional {@code device_subtype} column holds the GPU type.
 * Rows of other tests (names without {@code _con:<C>}, unknown metric types) are kept untouched.
 */
public final class BaselineCsv {
    static final String CASE = "perf_case_name";
    static final String VALUE = "perf_metric";
    static final String THRESHOLD = "threshold";
    static final String ABSOLUTE = "absolute_threshold";
    static final String TYPE = "metric_type";
    static final String GPU = "device_subtype";
    private static final List<String> REQUIRED = List.of(CASE, VALUE, THRESHOLD, ABSOLUTE, TYPE);
    private static final List<String> NEW_FILE_HEADER = List.of("network_name", CASE, "test_name", THRESHOLD, ABSOLUTE, TYPE, VALUE);

    private BaselineCsv() {
    }

    /** The file as rows of fields, header first, so an update can keep every other row as it was. */
    private record Table(String source, List<String> header, List<Csv.Row> rows) {
        int column(String name) {
            return header.indexOf(name);
        }

        String get(Csv.Row row, String name) {
            int i = column(name);
            return i < 0 || i >= row.fields().size() ? "" : row.fields().get(i).trim();
        }
    }

    public static Baseline read(String source, String text) {
        Table table = table(source, text);
        List<BaselineEntry> entries = new ArrayList<>();
        Map<BaselineEntry.Key, BaselineEntry> seen = new HashMap<>();
        for (Csv.Row row : table.rows()) {
            entry(table, row).ifPresent(e -> {
                BaselineEntry earlier = seen.putIfAbsent(e.key(), e);
                if (earlier != null) {
                    throw new InvalidInputException(e.origin() + ": duplicate baseline for " + table.get(row, CASE) + " "
                            + table.get(row, TYPE) + " (first at " + earlier.origin() + ")");
                }
                entries.add(e);
            });
        }
        return new Baseline(source, entries);
    }

    /**
     * The file with each entry's row updated (value and thresholds) or appended; all other rows
     * and columns stay as they were.
     *
     * @param existing the file's current text, or empty for a new file
     */
    public static String update(String source, Optional<String> existing, List<BaselineEntry> entries) {
        Table table = existing.map(t -> table(source, t)).orElseGet(() -> new Table(source, NEW_FILE_HEADER, List.of()));
        List<String> header = new ArrayList<>(table.header());
        if (header.indexOf(GPU) < 0 && entries.stream().anyMatch(e -> e.gpuType().isPresent())) {
            header.add(GPU);
        }
        List<List<String>> rows = new ArrayList<>();
        Map<BaselineEntry.Key, Integer> rowOf = new HashMap<>(); // the last row with the key, as before
        for (Csv.Row row : table.rows()) {
            List<String> fields = new ArrayList<>(row.fields());
            while (fields.size() < header.size()) {
                fields.add("");
            }
            rows.add(fields);
            int at = rows.size() - 1;
            entry(table, row).ifPresent(e -> rowOf.put(e.key(), at));
        }
        for (BaselineEntry e : entries) {
            int index = rowOf.getOrDefault(e.key(), -1);
            if (index < 0) {
                List<String> fields = new ArrayList<>();
                header.forEach(h -> fields.add(""));
                set(header, fields, "network_name", e.caseName());
                set(header, fields, CASE, PerfCaseNames.of(e.caseName(), e.concurrency()));
                set(header, fields, "test_name", PerfCaseNames.of(e.caseName(), e.concurrency()));
                set(header, fields, TYPE, e.metric().csvType());
                e.gpuType().ifPresent(g -> set(header, fields, GPU, g));
                rows.add(fields);
                index = rows.size() - 1;
                rowOf.put(e.key(), index);
            }
            List<String> fields = rows.get(index);
            set(header, fields, VALUE, PerfCsv.number(e.value()));
            set(header, fields, THRESHOLD, PerfCsv.number(signedThreshold(e)));
            set(header, fields, ABSOLUTE, PerfCsv.number(e.absoluteTolerance()));
        }
        StringBuilder out = new StringBuilder(Csv.line(header));
        rows.forEach(r -> out.append(Csv.line(r)));
        return out.toString();
    }

    /** Upstream's sign convention: negative when lower values are worse. */
    public static double signedThreshold(BaselineEntry e) {
        return e.direction() == Direction.HIGHER_IS_BETTER ? -e.tolerance() : e.tolerance();
    }

    private static void set(List<String> header, List<String> fields, String column, String value) {
        int i = header.indexOf(column);
        if (i >= 0) {
            fields.set(i, value);
        }
    }

    private static Table table(String source, String text) {
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.CsvFormatException e) {
            throw new InvalidInputException(source + ": " + e.getMessage());
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + ":1: empty file; expected a header with " + String.join(", ", REQUIRED));
        }
        List<String> header = rows.get(0).fields().stream().map(String::trim).toList();
        List<String> missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(source + ":1: header lacks column(s) " + String.join(", ", missing)
                    + "; upstream's base CSV has " + String.join(", ", REQUIRED));
        }
        return new Table(source, header, rows.subList(1, rows.size()));
    }

    private static Optional<BaselineEntry> entry(Table table, Csv.Row row) {
        Optional<PerfCaseNames.Parsed> name = PerfCaseNames.parse(table.get(row, CASE));
        Optional<Metric> metric = Metric.byCsvType(table.get(row, TYPE));
        if (name.isEmpty() || metric.isEmpty()) {
            return Optional.empty();
        }
        String origin = table.source() + ":" + row.line();
        double value = number(table, row, VALUE, null);
        double threshold = number(table, row, THRESHOLD, BaselineEntry.DEFAULT_TOLERANCE);
        double absolute = Math.abs(number(table, row, ABSOLUTE, 0.0));
        Direction direction = threshold < 0 ? Direction.HIGHER_IS_BETTER
                : threshold > 0 && table.get(row, THRESHOLD).length() > 0 ? Direction.LOWER_IS_BETTER
                : metric.get().direction();
        Optional<String> gpu = Optional.of(table.get(row, GPU)).filter(g -> !g.isEmpty());
        return Optional.of(new BaselineEntry(name.get().caseName(), gpu, name.get().concurrency(), metric.get(), value,
                Math.abs(threshold), absolute, direction, origin));
    }

    /** A number from a column; blank means {@code blank} (or is an error when that is null). */
    private static double number(Table table, Csv.Row row, String column, Double blank) {
        String text = table.get(row, column);
        if (text.isEmpty() && blank != null) {
            return blank;
        }
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(table.source() + ":" + row.line() + ": column " + column + " must be a number, got '" + text + "'");
    }
}
