package dev.disagg.slurm;

/**
 * A SLURM command failed. The message carries SLURM's own words. {@link #isTransient()} tells a
 * passing problem of the controller (worth retrying) from a refusal (retrying will not help).
 */
public final class SlurmException extends RuntimeException {
    private final boolean transientError;

    public SlurmException(String message, boolean transientError) {
        super(message);
        this.transientError = transientError;
    }

    public SlurmException(String message, boolean transientError, Throwable cause) {
        super(message, cause);
        this.transientError = transientError;
    }

    public boolean isTransient() {
        return transientError;
    }
}
