package dev.disagg.config;

/**
 * One thing wrong with a case file, located precisely enough to fix it without guessing.
 *
 * @param rule the rule that found it; semantic rules can be downgraded to warnings by id
 */
public record Problem(Severity severity, String rule, String file, int line, int column, String path, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: yaml.path: message}, the shape compilers use, so editors can jump to it. */
    public String format() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (severity == Severity.WARNING) {
            text.append("warning: ");
        }
        if (path != null && !path.isEmpty()) {
            text.append(path).append(": ");
        }
        return text.append(message).append(" [").append(rule).append(']').toString();
    }
}
