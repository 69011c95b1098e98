package dev.disagg.report;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code job_state.json}: how SLURM says the job ended. */
public record JobState(Optional<String> jobId, String state, OptionalInt exitCode, Optional<String> signal, Optional<String> reason) {

    /** A job that did not end COMPLETED, or ended with a non-zero exit code, failed the test. */
    public boolean failed() {
        return !state.toUpperCase(Locale.ROOT).equals("COMPLETED") || (exitCode.isPresent() && exitCode.getAsInt() != 0);
    }

    /** SLURM ended the job because of the machines (a node failed or did not boot, preemption), not the case. */
    public boolean lostToInfrastructure() {
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "NODE_FAIL", "BOOT_FAIL", "PREEMPTED" -> true;
            default -> false;
        };
    }

    /** E.g. "job 42 ended FAILED (exit code 1): NonZeroExitCode". */
    public String describe() {
        StringBuilder b = new StringBuilder("job ").append(jobId.orElse("?")).append(" ended ").append(state);
        StringBuilder details = new StringBuilder();
        exitCode.ifPresent(c -> details.append("exit code ").append(c));
        signal.filter(s -> !s.isEmpty() && !s.equals("0")).ifPresent(s -> details.append(details.length() > 0 ? ", " : "").append("signal ").append(s));
        if (details.length() > 0) {
            b.append(" (").append(details).append(')');
        }
        // sacct says "None" when there is no reason
        reason.filter(r -> !r.isBlank() && !r.equals("None")).ifPresent(r -> b.append(": ").append(r));
        return b.toString();
    }
}
