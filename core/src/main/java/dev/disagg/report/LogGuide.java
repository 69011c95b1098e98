package dev.disagg.report;

import dev.disagg.verdict.FailureCause;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which log to read first when a case fails. The documents' order: install, gen/ctx workers,
 * disagg server, SLURM job log; the benchmark's log comes after the server's.
 */
public final class LogGuide {
    private static final Pattern ERROR = Pattern.compile(
            "(?i)\\b(error|exception|traceback|fatal|killed|out of memory|segmentation fault|core dumped|aborted)\\b");
    /**
     * Launcher lines that echo the command they run (trtllm-llmapi-launch's {@code rank0 run <command>},
     * possibly colored, and the emulated launcher's notes): the command's words are no error report.
     */
    private static final Pattern COMMAND_ECHO = Pattern.compile("^(\\x1b\\[[0-9;]*m)?(rank\\d+ run |trtllm-llmapi-launch: note: )");
    private static final Pattern INDEXED = Pattern.compile("^(gen|ctx)_server_(\\d+)\\.log$");

    private LogGuide() {
    }

    /** True for a line that looks like an error report. */
    public static boolean isErrorLine(String line) {
        return !COMMAND_ECHO.matcher(line).find() && ERROR.matcher(line).find();
    }

    /** The case's logs in reading order; logs this tool does not know come last, by name. */
    public static List<String> order(List<String> logFiles) {
        List<String> out = new ArrayList<>(logFiles);
        out.sort(Comparator.comparingInt(LogGuide::rank).thenComparingInt(LogGuide::index).thenComparing(Comparator.naturalOrder()));
        return out;
    }

    /**
     * The log to open first: the failed role's own log, else the benchmark's when only the
     * benchmark was wrong, else the first log (in reading order) with an error line, else the
     * SLURM log, else the first log.
     */
    public static Optional<String> firstToOpen(List<String> ordered, Optional<FailureCause> cause, Optional<FailureRecord> failure,
                                               Predicate<String> hasErrorLine) {
        if (cause.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> roleLog = failure.flatMap(FailureRecord::logFile).map(LogGuide::fileName).filter(ordered::contains);
        if (roleLog.isPresent()) {
            return roleLog;
        }
        if (cause.get() == FailureCause.BENCHMARK_INVALID && ordered.contains(CaseFiles.BENCHMARK_LOG)) {
            return Optional.of(CaseFiles.BENCHMARK_LOG);
        }
        return ordered.stream().filter(hasErrorLine).findFirst()
                .or(() -> ordered.stream().filter(n -> n.startsWith("slurm")).findFirst())
                .or(() -> ordered.stream().findFirst());
    }

    static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    private static int rank(String name) {
        if (name.equals(dev.disagg.plan.CaseLayout.INSTALL_LOG)) {
            return 0;
        }
        Matcher m = INDEXED.matcher(name);
        if (m.matches()) {
            return m.group(1).equals("gen") ? 1 : 2;
        }
        if (name.equals(dev.disagg.plan.CaseLayout.DISAGG_SERVER_LOG)) {
            return 3;
        }
        if (name.equals(CaseFiles.BENCHMARK_LOG)) {
            return 4;
        }
        if (name.startsWith("slurm")) {
            return 5;
        }
        return 6;
    }

    private static int index(String name) {
        Matcher m = INDEXED.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }
}
