package dev.disagg.verdict;

/** Why a test failed, most fundamental first; each with the verdict it gives the test. */
public enum FailureCause {
    /**
     * SLURM ended the job for a fault of the machines, not of the case (NODE_FAIL, BOOT_FAIL,
     * PREEMPTED): the roles' failures are its consequence. An infrastructure error (exit 4).
     */
    JOB_LOST(Verdict.INFRA_ERROR),
    /** A role ended early (failure.json, the job script's fail-fast record). */
    ROLE_FAILED(Verdict.TEST_FAILED),
    /** SLURM says the job did not complete (job_state.json). */
    JOB_FAILED(Verdict.TEST_FAILED),
    /** The benchmark's output is missing, unparsable or shows failed requests / no output. */
    BENCHMARK_INVALID(Verdict.TEST_FAILED);

    private final Verdict verdict;

    FailureCause(Verdict verdict) {
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }
}
