package dev.disagg.results;

import java.util.OptionalInt;

/**
 * Something in benchmark output that could not be read.
 *
 * @param concurrency the concurrency the problem belongs to, when known
 */
public record LogProblem(String source, int line, OptionalInt concurrency, String message) {
    @Override
    public String toString() {
        return source + ":" + line + ": " + message;
    }
}
