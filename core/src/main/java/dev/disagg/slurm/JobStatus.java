package dev.disagg.slurm;

/**
 * What SLURM says about a job. {@code exitCode} and {@code signal} are SLURM's {@code ExitCode=
 * exit:signal} (the batch script's status, or the signal that ended it; 0 = none) and are final
 * only in a {@linkplain JobState#isTerminal() terminal} state. {@code reason} is SLURM's reason
 * (e.g. {@code Resources} while pending), empty when SLURM gives none.
 */
public record JobStatus(JobId jobId, JobState state, int exitCode, int signal, String reason) {

    public JobStatus {
        reason = reason == null || reason.equals("None") ? "" : reason;
    }

    /** Ended COMPLETED with exit code 0. */
    public boolean succeeded() {
        return state == JobState.COMPLETED && exitCode == 0 && signal == 0;
    }

    /** For progress lines: {@code RUNNING}, {@code PENDING (Resources)}, {@code FAILED, exit code 1}. */
    public String describe() {
        StringBuilder text = new StringBuilder(state.name());
        if (!reason.isEmpty() && !state.isTerminal()) {
            text.append(" (").append(reason).append(')');
        }
        if (state.isTerminal()) {
            text.append(", exit code ").append(exitCode);
            if (signal != 0) {
                text.append(", signal ").append(signal);
            }
        }
        return text.toString();
    }
}
