package dev.disagg.perf;

/**
 * Input a user can fix (a baseline file, a setting, a case directory file). The message names
 * the file, the line when there is one, and what was expected; the CLI prints it without a
 * stack trace.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
