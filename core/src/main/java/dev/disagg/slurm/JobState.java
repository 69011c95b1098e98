package dev.disagg.slurm;

import java.util.Locale;

/** SLURM's job states (squeue/scontrol/sacct spell them the same way). */
public enum JobState {
    PENDING(false), CONFIGURING(false), RUNNING(false), SUSPENDED(false), COMPLETING(false),
    REQUEUED(false), REQUEUE_HOLD(false), REQUEUE_FED(false), RESIZING(false), SIGNALING(false),
    STAGE_OUT(false), STOPPED(false), RESV_DEL_HOLD(false), SPECIAL_EXIT(false),
    COMPLETED(true), FAILED(true), CANCELLED(true), TIMEOUT(true), NODE_FAIL(true),
    PREEMPTED(true), BOOT_FAIL(true), DEADLINE(true), OUT_OF_MEMORY(true), REVOKED(true),
    /** A state this code does not know (a newer SLURM); never treated as the end. */
    UNKNOWN(false);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** The job has ended for good: its exit code is final. */
    public boolean isTerminal() {
        return terminal;
    }

    /** SLURM ended the job because of the machines (a node failed or did not boot, preemption), not the case. */
    public boolean lostToInfrastructure() {
        return this == NODE_FAIL || this == BOOT_FAIL || this == PREEMPTED;
    }

    /** Parses a state as SLURM prints it: {@code CANCELLED by 0} and {@code CANCELLED+} too. */
    public static JobState parse(String text) {
        String word = text.strip().split("[\\s+]", 2)[0].toUpperCase(Locale.ROOT);
        for (JobState state : values()) {
            if (state.name().equals(word)) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
