package dev.disagg.verdict;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The exit-status table of every {@code disagg} command: a case's verdict (result.json's
 * {@code verdict}) and the exit status that stands for it. The Jenkins step maps them to build
 * results, so they are a public contract: change them only with the step.
 */
public enum Verdict {
    /** The case passed (or the command did what it was asked). */
    PASS(0),
    /** The test failed: a role crashed, the benchmark was invalid, the job failed. */
    TEST_FAILED(1),
    /** A user mistake: invalid config, bad arguments, unusable paths. Nothing was submitted. */
    INVALID_CONFIG(2),
    /** The test passed but the perf check found a regression (or a missing baseline with --missing-baseline fail). */
    PERF_REGRESSION(3),
    /** SLURM or the machine failed us (sbatch refused, controller unreachable, disk full, NODE_FAIL). */
    INFRA_ERROR(4),
    /** Interrupted (SIGINT/SIGTERM, e.g. a Jenkins abort); the job was cancelled. */
    ABORTED(130);

    /**
     * Most severe first, for the worst of several cases (a sweep): an interruption or the machine
     * outranks a user's mistake, which outranks a failed test, which outranks a perf failure.
     */
    private static final List<Verdict> SEVERITY = List.of(ABORTED, INFRA_ERROR, INVALID_CONFIG, TEST_FAILED, PERF_REGRESSION, PASS);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * The verdict an exit status stands for. A status not in this table did not come from a
     * decision of ours (a JVM killed by a signal, a crash): an infrastructure error, as the
     * Jenkins step reads it too.
     */
    public static Verdict ofExitCode(int exitCode) {
        for (Verdict v : values()) {
            if (v.exitCode == exitCode) {
                return v;
            }
        }
        return INFRA_ERROR;
    }

    /** The most severe of {@code verdicts}; {@link #PASS} when there are none. */
    public static Verdict worst(Collection<Verdict> verdicts) {
        return verdicts.stream().min(Comparator.comparingInt(SEVERITY::indexOf)).orElse(PASS);
    }
}
