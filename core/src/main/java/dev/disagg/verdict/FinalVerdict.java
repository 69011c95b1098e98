package dev.disagg.verdict;

import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.PerfCheckStatus;
import java.util.Optional;

/** The documents' exit rule, as pure functions. */
public final class FinalVerdict {
    private FinalVerdict() {
    }

    /** The verdict, the final exit status and the two statuses it was made of. */
    public record Decision(Verdict verdict, int exitCode, int testExitCode, int perfCheckExitCode) {
    }

    /** The test's exit status: 0 without a failure cause, else the cause's. */
    public static int testExitCode(Optional<FailureCause> cause) {
        return cause.map(FailureCause::verdict).orElse(Verdict.PASS).exitCode();
    }

    /** The test's status if non-zero, else the perf check's if non-zero, else 0. */
    public static int finalExitCode(int testExitCode, int perfCheckExitCode) {
        if (testExitCode != 0) {
            return testExitCode;
        }
        return perfCheckExitCode;
    }

    /** A regression fails the check; a missing baseline only with {@link MissingBaselinePolicy#FAIL}. */
    public static int perfCheckExitCode(PerfCheckStatus status, MissingBaselinePolicy missingBaseline) {
        return switch (status) {
            case PASSED, SKIPPED -> Verdict.PASS.exitCode();
            case REGRESSED -> Verdict.PERF_REGRESSION.exitCode();
            case NO_BASELINE -> missingBaseline == MissingBaselinePolicy.FAIL ? Verdict.PERF_REGRESSION.exitCode() : Verdict.PASS.exitCode();
        };
    }

    public static Decision decide(int testExitCode, PerfCheckStatus status, MissingBaselinePolicy missingBaseline) {
        int perf = perfCheckExitCode(status, missingBaseline);
        int exit = finalExitCode(testExitCode, perf);
        return new Decision(Verdict.ofExitCode(exit), exit, testExitCode, perf);
    }
}
