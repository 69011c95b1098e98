package dev.disagg.emulator;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamped, role-tagged lines on the step's stdout (which SLURM writes to the role's log). */
final class RoleLog {
    private final String tag;
    private final PrintStream out;

    RoleLog(String tag, PrintStream out) {
        this.tag = tag;
        this.out = out;
    }

    void info(String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " [" + tag + "] " + message);
    }

    /** The role's own error as pytest reports one ({@code E   ...}), so a failure report can quote it. */
    void error(String message) {
        out.println("E   " + message);
    }

    /** A line as is, for output whose format other tools parse (the benchmark result blocks). */
    void raw(String line) {
        out.println(line);
    }
}
