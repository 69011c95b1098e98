package dev.disagg.slurm;

import java.util.Map;
import java.util.Optional;

/**
 * What SLURM says about a job. {@code exitCode} and {@code signal} are SLURM's {@code ExitCode=
 * exit:signal} (the batch script's status, or the signal that ended it; 0 = none) and are final
 * only in a {@linkplain JobState#isTerminal() terminal} state. {@code reason} is SLURM's reason
 * (e.g. {@code Resources} while pending), empty when SLURM gives none.
 */
public record JobStatus(JobId jobId, JobState state, int exitCode, int signal, String reason) {
    /**
     * Pending reasons SLURM does not resolve by itself: the request breaks a configured limit or
     * names something invalid, and the job would wait until someone changes the cluster.
     */
    private static final Map<String, String> NEVER_STARTS = Map.of(
            "PartitionTimeLimit", "its time limit exceeds the partition's; lower slurm.job_time or --timeout-minutes, or choose another partition",
            "InvalidAccount", "its account is not valid on this cluster",
            "InvalidQOS", "its QOS is not valid on this cluster",
            "AccountNotAllowed", "its account may not use this partition",
            "BadConstraints", "no node satisfies its constraints");

    public JobStatus {
        reason = reason == null || reason.equals("None") ? "" : reason;
    }

    /** Ended COMPLETED with exit code 0. */
    public boolean succeeded() {
        return state == JobState.COMPLETED && exitCode == 0 && signal == 0;
    }

    /** For the check: a job that did not end COMPLETED, or ended with a non-zero exit code, failed the test. */
    public boolean failed() {
        return state != JobState.COMPLETED || exitCode != 0;
    }

    /** For the check: SLURM ended the job because of the machines, not the case ({@link JobState#lostToInfrastructure()}). */
    public boolean lostToInfrastructure() {
        return state.lostToInfrastructure();
    }

    /** For the reports: e.g. "job 42 ended FAILED (exit code 1): NonZeroExitCode". */
    public String describeEnd() {
        StringBuilder b = new StringBuilder("job ").append(jobId).append(" ended ").append(state.name());
        if (state.isTerminal()) { // an UNKNOWN end (an unreadable job_state.json) has no exit code to show
            b.append(" (exit code ").append(exitCode);
            if (signal != 0) {
                b.append(", signal ").append(signal);
            }
            b.append(')');
        }
        if (!reason.isBlank()) {
            b.append(": ").append(reason);
        }
        return b.toString();
    }

    /** Why the job will never start, when it is pending for a reason SLURM does not resolve by itself. */
    public Optional<String> neverStarts() {
        return state == JobState.PENDING ? Optional.ofNullable(NEVER_STARTS.get(reason)) : Optional.empty();
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
