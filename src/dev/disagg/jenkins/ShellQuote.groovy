package dev.disagg.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** Single-quote escaping for POSIX sh: every value the step puts into a script goes through here. */
final class ShellQuote {

    private ShellQuote() {
    }

    /**
     * One shell word with no expansion at all: plain words ({@code cases/a.yaml}, {@code --json})
     * stay as they are so logged commands read naturally; anything else is single-quoted, with
     * {@code '} written as {@code '\''}.
     */
    @NonCPS
    static String quote(Object value) {
        String text = String.valueOf(value)
        if (text ==~ /[A-Za-z0-9_.\/=:,+@%-]+/) {
            return text
        }
        return "'" + text.replace("'", "'\\''") + "'"
    }
}
