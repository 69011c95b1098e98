package dev.disagg.report;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code failure.json}: why the job gave up (fail-fast), as {@link FailureJson} reads it from the job script's record.
 * {@code message} is the job script's own line, the only description of a TIMEOUT or JOB record;
 * {@code stillRunning} the roles the job stopped because of it.
 */
public record FailureRecord(String role, OptionalInt exitCode, Optional<String> signal, Optional<String> logFile, List<String> lastLines,
                            Optional<String> message, List<String> stillRunning) {
    public FailureRecord {
        lastLines = List.copyOf(lastLines);
        stillRunning = List.copyOf(stillRunning);
    }

    /**
     * E.g. "GEN_0 exited with code 1", or for a record without a status "TIMEOUT: case timeout of 60s reached; ...";
     * a failed collect check is described by the job's message (the test id and the checkout).
     */
    public String describe() {
        StringBuilder b = new StringBuilder(role);
        if (role.equals("COLLECT") && message.isPresent() && !message.get().isBlank()) {
            // the job's own line names the test id and the checkout, which the exit status cannot
            return b.append(": ").append(message.get()).toString();
        }
        if (signal.isPresent() && !signal.get().isEmpty() && !signal.get().equals("0")) {
            b.append(" was killed by signal ").append(signal.get());
        } else if (exitCode.isPresent()) {
            b.append(" exited with code ").append(exitCode.getAsInt());
        } else if (message.isPresent() && !message.get().isBlank()) {
            b.append(": ").append(message.get());
        } else {
            b.append(" ended early");
        }
        return b.toString();
    }
}
