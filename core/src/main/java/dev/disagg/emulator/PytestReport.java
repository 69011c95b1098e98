package dev.disagg.emulator;

import dev.disagg.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * What pytest prints and writes for one test: the console summary and the {@code --junit-xml}
 * file (pytest's xunit2 layout: testsuites / testsuite "pytest" / one testcase, a failure element
 * with the message when the test failed; tests="0" when nothing was collected).
 */
final class PytestReport {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final int WIDTH = 80;

    /** One test's result: empty failure when it passed. */
    record Result(String classname, String name, double seconds, Optional<String> failure) {
    }

    private PytestReport() {
    }

    /** @param result empty when no test ran (not found, collect-only) */
    static void writeJunit(Path file, Optional<Result> result, double seconds, String host) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites name=\"pytest tests\">");
        int failures = result.flatMap(Result::failure).isPresent() ? 1 : 0;
        xml.append(String.format(Locale.ROOT, "<testsuite name=\"pytest\" errors=\"0\" failures=\"%d\" skipped=\"0\" "
                + "tests=\"%d\" time=\"%.3f\" timestamp=\"%s\" hostname=\"%s\"", failures, result.isPresent() ? 1 : 0,
                seconds, TIMESTAMP.format(OffsetDateTime.now(ZoneOffset.UTC)), attr(host)));
        if (result.isEmpty()) {
            xml.append(" />");
        } else {
            Result r = result.get();
            xml.append("><testcase classname=\"").append(attr(r.classname())).append("\" name=\"").append(attr(r.name()))
                    .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('"');
            if (r.failure().isEmpty()) {
                xml.append(" />");
            } else {
                String message = r.failure().get();
                xml.append("><failure message=\"").append(attr(message)).append("\">").append(text(eLines(message)))
                        .append("</failure></testcase>");
            }
            xml.append("</testsuite>");
        }
        xml.append("</testsuites>");
        // whole or not at all: the job stops the roles at once after the status file, maybe mid-write
        try {
            AtomicFiles.writeCreatingParents(file, xml.toString());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** pytest's failure lines: {@code E   } before each line of the exception. */
    static String eLines(String message) {
        StringBuilder lines = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            lines.append("E   ").append(line).append('\n');
        }
        return lines.toString();
    }

    static void printHeader(PrintStream out, boolean quiet) {
        if (!quiet) {
            out.println(center(" test session starts ", '='));
            out.println("platform " + System.getProperty("os.name").toLowerCase(Locale.ROOT)
                    + " -- TensorRT-LLM perf-sanity roles emulated by disagg (no GPU)");
            out.println("collected 1 item");
            out.println();
        }
    }

    static void printSummary(PrintStream out, String nodeId, Result result, boolean quiet) {
        String time = String.format(Locale.ROOT, "%.2fs", result.seconds());
        if (result.failure().isEmpty()) {
            out.println(nodeId + " PASSED");
            out.println(quiet ? "1 passed in " + time : center(" 1 passed in " + time + " ", '='));
            return;
        }
        String message = result.failure().get();
        out.println(nodeId + " FAILED");
        out.println(center(" FAILURES ", '='));
        out.println(center(" " + result.name() + " ", '_'));
        out.print(eLines(message));
        out.println(center(" short test summary info ", '='));
        out.println("FAILED " + nodeId + " - " + message.lines().findFirst().orElse(""));
        out.println(quiet ? "1 failed in " + time : center(" 1 failed in " + time + " ", '='));
    }

    static String center(String text, char fill) {
        int pad = Math.max(0, WIDTH - text.length());
        return String.valueOf(fill).repeat(pad / 2) + text + String.valueOf(fill).repeat(pad - pad / 2);
    }

    private static String attr(String value) {
        return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    private static String text(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    // XML 1.0 forbids most control characters even escaped: drop them, as pytest does.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
