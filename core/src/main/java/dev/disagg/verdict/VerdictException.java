package dev.disagg.verdict;

import dev.disagg.perf.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A run that cannot go on, with the verdict it ends in: bad input the user can fix
 * ({@link Verdict#INVALID_CONFIG}), SLURM or the machine ({@link Verdict#INFRA_ERROR}), a run that
 * must not record a baseline ({@link Verdict#TEST_FAILED}). Printed as one message without a stack
 * trace; the verdict gives the exit status.
 */
public class VerdictException extends RuntimeException {
    private final Verdict verdict;

    public VerdictException(Verdict verdict, String message) {
        super(message);
        this.verdict = verdict;
    }

    public VerdictException(Verdict verdict, String message, Throwable cause) {
        super(message, cause);
        this.verdict = verdict;
    }

    /** A problem the user can fix: exit 2, nothing submitted. */
    public static VerdictException invalid(String message) {
        return new VerdictException(Verdict.INVALID_CONFIG, message);
    }

    /** SLURM or the machine failed: exit 4. */
    public static VerdictException infra(String message) {
        return new VerdictException(Verdict.INFRA_ERROR, message);
    }

    public Verdict verdict() {
        return verdict;
    }

    public int exitCode() {
        return verdict.exitCode();
    }

    /**
     * The verdict of a run that ended with {@code e}: its own for this type, a user's mistake for
     * input the perf check refused, else (an I/O error, a bug of ours) an infrastructure error.
     */
    public static Verdict verdictOf(Throwable e) {
        if (e instanceof VerdictException v) {
            return v.verdict();
        }
        if (e instanceof InvalidInputException) {
            return Verdict.INVALID_CONFIG;
        }
        return Verdict.INFRA_ERROR;
    }

    /** Whether {@code e} is an I/O error (printed as such, without a stack trace). */
    public static boolean isIoError(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException;
    }
}
