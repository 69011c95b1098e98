package dev.disagg.cli;

/**
 * The exit statuses of every {@code disagg} command. The Jenkins step maps them to build
 * results, so they are a public contract: change them only with the step.
 */
public final class ExitCodes {
    /** The case passed (or the command did what it was asked). */
    public static final int OK = 0;
    /** The test failed: a role crashed, the benchmark was invalid, the job failed. */
    public static final int TEST_FAILED = 1;
    /** A user mistake: invalid config, bad arguments, unusable paths. Nothing was submitted. */
    public static final int USAGE = 2;
    /** The test passed but the perf check found a regression. */
    public static final int PERF_REGRESSION = 3;
    /** SLURM or the machine failed us (sbatch refused, controller unreachable, disk full). */
    public static final int INFRA = 4;
    /** Interrupted (SIGINT/SIGTERM, e.g. a Jenkins abort); the job was cancelled. */
    public static final int ABORTED = 130;

    private ExitCodes() {
    }
}
