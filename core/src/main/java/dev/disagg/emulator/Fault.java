package dev.disagg.emulator;

import dev.disagg.verdict.VerdictException;
import java.util.Optional;

/**
 * A simulated failure, from {@value #VARIABLE} (optionally limited to one role, e.g. {@code GEN_0},
 * by {@value #ROLE_VARIABLE}), so tests and users can see how a case behaves when a role dies,
 * hangs, is slow or reports bad numbers.
 */
public record Fault(Kind kind, double slowFactor, Optional<String> onlyFor) {

    /** What goes wrong. */
    public enum Kind {
        NONE,
        /** Exit {@value Fault#CRASH_START_EXIT} at once: no file, no junit, as a process killed at start. */
        CRASH_START,
        /** The role's server stops after its first request (or about a second); the test then fails. */
        CRASH_MID,
        /** Never publish, never exit on its own. */
        HANG,
        /** Multiply the simulated work per token by {@code slowFactor}. */
        SLOW,
        /** The server answers every completion with HTTP 500, so the benchmark counts failed requests. */
        FAIL_REQUESTS,
        /** BENCHMARK leaves a metric out of its log; a GEN worker prints no iteration lines. */
        BAD_RESULTS,
        /** A worker or DISAGG_SERVER publishes a port nothing listens on. */
        WRONG_ADDRESS
    }

    public static final int CRASH_START_EXIT = 3;
    public static final Fault NONE = new Fault(Kind.NONE, 1.0, Optional.empty());

    static final String VARIABLE = "DISAGG_EMULATOR_FAULT";
    static final String ROLE_VARIABLE = "DISAGG_EMULATOR_FAULT_ROLE";

    /** Parses the fault variables; a blank or absent spec means no fault. */
    public static Fault parse(Optional<String> spec, Optional<String> role) {
        Optional<String> onlyFor = role.map(String::trim).filter(r -> !r.isEmpty());
        String text = spec.map(String::trim).orElse("");
        switch (text) {
            case "", "none":
                return NONE;
            case "crash-start":
                return new Fault(Kind.CRASH_START, 1.0, onlyFor);
            case "crash-mid":
                return new Fault(Kind.CRASH_MID, 1.0, onlyFor);
            case "hang":
                return new Fault(Kind.HANG, 1.0, onlyFor);
            case "fail-requests":
                return new Fault(Kind.FAIL_REQUESTS, 1.0, onlyFor);
            case "bad-results":
                return new Fault(Kind.BAD_RESULTS, 1.0, onlyFor);
            case "wrong-address":
                return new Fault(Kind.WRONG_ADDRESS, 1.0, onlyFor);
            default:
                if (text.startsWith("slow:")) {
                    return new Fault(Kind.SLOW, parseFactor(text), onlyFor);
                }
                throw VerdictException.invalid(VARIABLE + "='" + text + "': expected crash-start, crash-mid, hang, slow:<factor>, "
                        + "fail-requests, bad-results or wrong-address");
        }
    }

    private static double parseFactor(String text) {
        String factor = text.substring("slow:".length());
        try {
            double value = Double.parseDouble(factor);
            if (value >= 1.0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw VerdictException.invalid(VARIABLE + "='" + text + "': the slow factor must be a number >= 1, e.g. slow:3");
    }

    /** The fault as it applies to the role {@code servingType}: {@link #NONE} when limited to another role. */
    public Fault forRole(String servingType) {
        return onlyFor.isEmpty() || onlyFor.get().equals(servingType) ? this : NONE;
    }

    public boolean is(Kind other) {
        return kind == other;
    }

    @Override
    public String toString() {
        return kind == Kind.SLOW ? "slow:" + slowFactor : kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
