package dev.disagg.report;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Picks the line that says why a role died from the tail of its log: the role's own error, not
 * what srun, slurmstepd, pyxis, the launcher or the job script printed around it. A pure function.
 *
 * <p>In order of preference: pytest's first {@code E } line; the exception line of a Python
 * traceback (the first traceback's, i.e. the root cause, when exceptions are chained; also found
 * when the tail cut the traceback's head off); pytest's {@code ERROR:} / {@code FAILED ... - }
 * / {@code ERROR ... - } lines; any other line that reads like an error; else the role's last line.
 */
public final class RoleErrorLine {
    /** srun, slurmstepd, pyxis and enroot report about the step, not the role's own error. */
    private static final Pattern INFRASTRUCTURE = Pattern.compile("^(srun|slurmstepd(-[\\w.-]+)?|pyxis|enroot)(:|\\[| )");
    /** The job script's own lines ({@code [disagg 12:00:00] ...}) and shell traces ({@code + cmd}, as trtllm-llmapi-launch's set -x prints). */
    private static final Pattern LAUNCHER = Pattern.compile("^(\\[disagg \\d\\d:\\d\\d:\\d\\d]|\\++ )");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern PYTEST_E = Pattern.compile("^E( .*)?$");
    /** {@code RuntimeError: x}, {@code torch.OutOfMemoryError: x}, {@code AssertionError}, {@code KeyboardInterrupt}. */
    private static final Pattern EXCEPTION = Pattern.compile(
            "^([A-Za-z_][A-Za-z0-9_]*\\.)*[A-Z][A-Za-z0-9_]*(Error|Exception|Exit|Interrupt|Failure)(: .*)?$");
    private static final Pattern PYTEST_ERROR = Pattern.compile("^(ERROR:|ERROR |FAILED ).*");
    /** pytest's section rulers ({@code ==== 1 failed in 2s ====}, {@code ____ test_x ____}). */
    private static final Pattern RULER = Pattern.compile("^[=_-]{3,}.*");

    private RoleErrorLine() {
    }

    /** The role's own error line, stripped of colour codes and surrounding blanks; empty when the tail has only infrastructure lines. */
    public static Optional<String> pick(List<String> tail) {
        List<String> own = tail.stream().map(l -> ANSI.matcher(l).replaceAll("").strip())
                .filter(l -> !l.isEmpty() && !INFRASTRUCTURE.matcher(l).find() && !LAUNCHER.matcher(l).find())
                .toList();
        return first(own, l -> PYTEST_E.matcher(l).matches() && l.length() > 1 && !l.substring(1).isBlank())
                .map(l -> l.substring(1).strip())
                .or(() -> first(own, l -> EXCEPTION.matcher(l).matches()))
                .or(() -> first(own, l -> PYTEST_ERROR.matcher(l).matches()))
                .or(() -> first(own, l -> !RULER.matcher(l).matches() && LogGuide.isErrorLine(l)))
                .or(() -> own.isEmpty() ? Optional.empty() : Optional.of(own.get(own.size() - 1)));
    }

    private static Optional<String> first(List<String> lines, Predicate<String> test) {
        return lines.stream().filter(test).findFirst();
    }
}
