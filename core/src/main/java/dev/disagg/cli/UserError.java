package dev.disagg.cli;

/**
 * A problem the user can fix (bad input, unusable path). Printed as one message without a
 * stack trace; the exit status says which kind of problem it was.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) {
        this(message, ExitCodes.USAGE);
    }

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
