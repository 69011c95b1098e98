package dev.disagg.perf;

import dev.disagg.cli.ExitCodes;

/** A case's final verdict (result.json's {@code verdict}) and its exit status. */
public enum Verdict {
    PASS(ExitCodes.OK),
    TEST_FAILED(ExitCodes.TEST_FAILED),
    PERF_REGRESSION(ExitCodes.PERF_REGRESSION),
    INVALID_CONFIG(ExitCodes.USAGE),
    INFRA_ERROR(ExitCodes.INFRA),
    ABORTED(ExitCodes.ABORTED);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The verdict an exit status stands for; an unknown non-zero status is a failed test. */
    public static Verdict ofExitCode(int exitCode) {
        for (Verdict v : values()) {
            if (v.exitCode == exitCode) {
                return v;
            }
        }
        return TEST_FAILED;
    }
}
