package dev.disagg.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.disagg.io.AtomicFiles;
import dev.disagg.io.InputFiles;
import dev.disagg.plan.CaseLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code failure.json} from the job script's line record ({@link CaseLayout#STEP_STATUS}): the job writes one
 * line per ended step ({@code role, status, ended|stopped|killed, time, log}) and, when it gives up, one
 * {@code JOB, exit status, reason, time, failing role, message} line before it stops what still runs. The
 * failing role's status and log come from its own step line, the roles still running from the step lines after
 * the job's line, the log tail from the log itself (docs/job-script.md).
 */
public final class FailureJson {
    /** As many lines of the failing role's log as failure.json keeps. */
    static final int TAIL_LINES = 20;
    /** As many lines of its end as are searched for srun's reports of how the step's tasks ended. */
    private static final int SCANNED_LINES = 400;
    /** srun's line for tasks that ended with a non-zero status: an exit code, or a signal's description. */
    private static final Pattern SRUN_TASK_END =
            Pattern.compile("srun: error: \\S+: tasks? [0-9,\\-\\[\\]]+: (?:Exited with exit code ([0-9]{1,3})|.+)");
    /** Longer lines are cut at this many bytes. */
    static final int MAX_LINE_BYTES = 2000;
    private static final int MAX_RECORD_BYTES = 1024 * 1024;
    private static final JsonFactory FACTORY = new JsonFactory();

    private FailureJson() {
    }

    /** The failure the job recorded, unmasked; empty when the job recorded none (it passed, or it is an older run). */
    public static Optional<FailureRecord> fromRecord(Path caseDir) {
        Path file = caseDir.resolve(CaseLayout.STEP_STATUS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String[]> lines = new ArrayList<>();
        try {
            InputFiles.readString(file, MAX_RECORD_BYTES).lines().forEach(l -> lines.add(l.split("\t", -1)));
        } catch (InputFiles.RefusedException e) {
            return Optional.empty(); // not the job script's: no record to read
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int job = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length >= 6 && lines.get(i)[0].equals("JOB")) {
                job = i;
                break;
            }
        }
        if (job < 0) {
            return Optional.empty();
        }
        String role = lines.get(job)[4];
        String message = lines.get(job)[5];
        String[] own = null;
        for (int i = job - 1; i >= 0 && own == null; i--) {
            if (lines.get(i).length >= 5 && lines.get(i)[0].equals(role)) {
                own = lines.get(i);
            }
        }
        OptionalInt exit = own != null && own[1].matches("[0-9]{1,3}") ? OptionalInt.of(Integer.parseInt(own[1])) : OptionalInt.empty();
        Optional<String> log = Optional.ofNullable(own).map(f -> f[4]).filter(n -> !n.isEmpty() && !n.contains("/"));
        List<String> scanned = log.map(name -> lastLines(caseDir.resolve(name), SCANNED_LINES)).orElse(List.of());
        if (exit.isPresent() && isSignal(exit.getAsInt())) {
            // srun returns 128 + 15 when --kill-on-bad-exit stopped the other tasks of a task that exited on its own
            OptionalInt firstTask = firstTaskExitCode(scanned);
            exit = firstTask.isPresent() ? firstTask : exit;
        }
        Optional<String> signal = exit.isPresent() && isSignal(exit.getAsInt())
                ? Optional.of(String.valueOf(exit.getAsInt() - 128)) : Optional.empty();
        TreeSet<String> still = new TreeSet<>();
        for (int i = job + 1; i < lines.size(); i++) {
            if (lines.get(i).length >= 5 && lines.get(i)[2].matches("ended|stopped|killed")) {
                still.add(lines.get(i)[0]);
            }
        }
        List<String> tail = scanned.subList(Math.max(0, scanned.size() - TAIL_LINES), scanned.size());
        return Optional.of(new FailureRecord(role, exit, signal, log, tail, Optional.of(message), List.copyOf(still)));
    }

    /** A step killed by signal N reports 128 + N, as srun does for its tasks. */
    private static boolean isSignal(int status) {
        return status > 128 && status < 128 + 65;
    }

    /**
     * The exit code in srun's report of the first of a step's tasks to end ("srun: error: node1: task 0: Exited with
     * exit code 3"), when that task exited by itself with a non-zero code; empty when srun's first report is a signal
     * ("tasks 1-3: Terminated") or there is none.
     */
    static OptionalInt firstTaskExitCode(List<String> logLines) {
        for (String line : logLines) {
            Matcher m = SRUN_TASK_END.matcher(line);
            if (m.matches()) {
                return m.group(1) != null && !m.group(1).equals("0") ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** Writes the (masked) record as failure.json, fields as the job script used to write them. */
    public static void write(Path caseDir, FailureRecord failure) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("role", failure.role());
            json.writeFieldName("exitCode");
            if (failure.exitCode().isPresent()) {
                json.writeNumber(failure.exitCode().getAsInt());
            } else {
                json.writeNull();
            }
            json.writeFieldName("signal");
            if (failure.signal().isPresent()) {
                json.writeNumber(Integer.parseInt(failure.signal().get()));
            } else {
                json.writeNull();
            }
            json.writeStringField("log", failure.logFile().orElse(null));
            array(json, "lastLines", failure.lastLines());
            array(json, "stillRunning", failure.stillRunning());
            json.writeStringField("message", failure.message().orElse(null));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.write(caseDir.resolve(CaseLayout.FAILURE), out + "\n");
    }

    private static void array(JsonGenerator json, String name, List<String> items) throws IOException {
        json.writeArrayFieldStart(name);
        for (String item : items) {
            json.writeString(item);
        }
        json.writeEndArray();
    }

    /**
     * The last {@code count} lines of a log of any size, read from its end: each cut at {@value #MAX_LINE_BYTES}
     * bytes, NUL and bytes that are not UTF-8 dropped. Empty when the log is missing.
     */
    static List<String> lastLines(Path log, int count) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long end = file.length();
            if (end > 0) {
                file.seek(end - 1);
                if (file.read() == '\n') {
                    end--; // the last line's own newline
                }
            }
            // line starts, newest first: scan backwards in blocks for the newlines before them
            List<Long> starts = new ArrayList<>();
            byte[] block = new byte[64 * 1024];
            long pos = end;
            while (pos > 0 && starts.size() < count) {
                int n = (int) Math.min(block.length, pos);
                file.seek(pos - n);
                file.readFully(block, 0, n);
                for (int i = n - 1; i >= 0 && starts.size() < count; i--) {
                    if (block[i] == '\n') {
                        starts.add(pos - n + i + 1);
                    }
                }
                pos -= n;
            }
            if (pos == 0 && starts.size() < count && end > 0) {
                starts.add(0L);
            }
            List<String> lines = new ArrayList<>();
            long lineEnd = end;
            for (long start : starts) {
                byte[] bytes = new byte[(int) Math.min(MAX_LINE_BYTES, Math.max(0, lineEnd - start))];
                file.seek(start);
                file.readFully(bytes);
                lines.add(clean(bytes));
                lineEnd = start - 1;
            }
            java.util.Collections.reverse(lines);
            return lines;
        } catch (IOException e) {
            return List.of("(cannot read " + log.getFileName() + ": " + e.getMessage() + ")");
        }
    }

    private static String clean(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.IGNORE).onUnmappableCharacter(CodingErrorAction.IGNORE);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString().replace("\0", "");
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("an ignoring decoder cannot fail", e);
        }
    }
}
