package dev.disagg.report;

import java.util.OptionalInt;

/**
 * How one step of the job ended, as the job script recorded it ({@code step_status.tsv}): for a role
 * that ended by itself, {@code exitCode} is its pytest's own exit status (0 passed, 1 failed, 4 the id
 * was not found, ...); a step the job stopped after the benchmark is {@code stopped}.
 *
 * @param how {@code ended}, {@code stopped} or {@code killed}
 */
public record StepStatus(String role, OptionalInt exitCode, String how) {

    /** {@code GEN_0 0}, {@code CTX_0 143 (stopped)}, {@code DISAGG_SERVER killed}. */
    public String describe() {
        String status = exitCode.isPresent() ? " " + exitCode.getAsInt() : "";
        return role + status + (how.equals("ended") ? "" : " (" + how + ")");
    }
}
