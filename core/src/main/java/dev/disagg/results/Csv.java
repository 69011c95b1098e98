package dev.disagg.results;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: what upstream's pandas reads and writes. */
public final class Csv {
    private Csv() {
    }

    /** One record per row with its starting line (1-based); quoted fields may span lines. */
    public record Row(int line, List<String> fields) {
    }

    /** Thrown for a quote that is never closed; the message names the line. */
    public static final class CsvFormatException extends RuntimeException {
        public CsvFormatException(String message) {
            super(message);
        }
    }

    public static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean rowHasContent = false;
        int line = 1;
        int rowStart = 1;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    rowHasContent = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    rowHasContent = true;
                }
                case '\r' -> {
                    // part of a CRLF line end
                }
                case '\n' -> {
                    if (rowHasContent || field.length() > 0) {
                        fields.add(field.toString());
                        rows.add(new Row(rowStart, List.copyOf(fields)));
                    }
                    fields.clear();
                    field.setLength(0);
                    rowHasContent = false;
                    line++;
                    rowStart = line;
                }
                default -> {
                    field.append(ch);
                    rowHasContent = true;
                }
            }
        }
        if (quoted) {
            throw new CsvFormatException("line " + rowStart + ": a quoted field is never closed");
        }
        if (rowHasContent || field.length() > 0) {
            fields.add(field.toString());
            rows.add(new Row(rowStart, List.copyOf(fields)));
        }
        return rows;
    }

    public static String line(List<String> fields) {
        List<String> out = new ArrayList<>(fields.size());
        for (String f : fields) {
            out.add(quote(f));
        }
        return String.join(",", out) + "\n";
    }

    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }
}
