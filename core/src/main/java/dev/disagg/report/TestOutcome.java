package dev.disagg.report;

import dev.disagg.verdict.FailureCause;
import java.util.List;
import java.util.Optional;

/**
 * Whether the test (the job and its benchmark) passed, before any perf check.
 *
 * @param firstError the first error line: what a reader should see first
 * @param reasons every reason the test failed, one per line
 * @param firstLog the log to open first on a failure
 * @param logOrder the case's logs in the order to read them
 */
public record TestOutcome(int exitCode, Optional<FailureCause> cause, String firstError, List<String> reasons,
                          Optional<String> firstLog, List<String> logOrder) {
    public TestOutcome {
        reasons = List.copyOf(reasons);
        logOrder = List.copyOf(logOrder);
    }

    public boolean passed() {
        return exitCode == 0;
    }

    /** "CAUSE: first error line", the JUnit failure message. */
    public String message() {
        return cause.map(c -> c + ": " + firstError).orElse("passed");
    }
}
