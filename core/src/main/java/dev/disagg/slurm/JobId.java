package dev.disagg.slurm;

import java.util.regex.Pattern;

/**
 * A SLURM job id. Only plain numeric ids exist here, so nothing else (a job name, an option)
 * can ever reach {@code scancel}.
 */
public record JobId(String value) {
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");

    public JobId {
        if (value == null || !NUMERIC.matcher(value).matches()) {
            throw new IllegalArgumentException("not a SLURM job id (expected digits): " + value);
        }
    }

    public static JobId of(String value) {
        return new JobId(value == null ? null : value.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
