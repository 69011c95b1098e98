package dev.disagg.migrate;

/**
 * A construct in a legacy script that the migration cannot interpret, or a submission it
 * cannot express as a case. Always names the line, so the user knows what to rewrite.
 */
public final class ScriptError extends RuntimeException {
    private final int line;

    public ScriptError(int line, String message) {
        super(message);
        this.line = line;
    }

    public int line() {
        return line;
    }

    /** The message prefixed with {@code file:line:}, as compilers print it. */
    public String describe(String file) {
        return file + ":" + line + ": " + getMessage();
    }
}
