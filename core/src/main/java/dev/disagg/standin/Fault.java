package dev.disagg.standin;

import dev.disagg.cli.UserError;
import java.util.Optional;

/**
 * A simulated failure, from {@code DISAGG_STANDIN_FAULT} (and optionally restricted to one
 * role by {@code DISAGG_STANDIN_FAULT_ROLE}), so tests and users can see how a case behaves
 * when a role dies, hangs or is slow.
 */
public record Fault(Kind kind, double slowFactor, Optional<RoleName> onlyFor) {

    /** What goes wrong. */
    public enum Kind {
        NONE,
        /** Exit {@value Fault#CRASH_START_EXIT} at once, before publishing anything. */
        CRASH_START,
        /** Serve, then exit {@value Fault#CRASH_MID_EXIT} after the first request or about a second. */
        CRASH_MID,
        /** Never publish, never exit on its own. */
        HANG,
        /** Multiply the simulated work by {@code slowFactor}. */
        SLOW
    }

    public static final int CRASH_START_EXIT = 3;
    public static final int CRASH_MID_EXIT = 4;
    public static final Fault NONE = new Fault(Kind.NONE, 1.0, Optional.empty());

    static final String VARIABLE = "DISAGG_STANDIN_FAULT";
    static final String ROLE_VARIABLE = "DISAGG_STANDIN_FAULT_ROLE";

    /** Parses the fault variables; a blank or absent spec means no fault. */
    public static Fault parse(Optional<String> spec, Optional<String> role) {
        Optional<RoleName> onlyFor = role.filter(r -> !r.isBlank()).map(r -> RoleName.parse(r, ROLE_VARIABLE));
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
            default:
                if (text.startsWith("slow:")) {
                    return new Fault(Kind.SLOW, parseFactor(text), onlyFor);
                }
                throw new UserError(VARIABLE + "='" + text + "': expected crash-start, crash-mid, hang or slow:<factor>");
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
        throw new UserError(VARIABLE + "='" + text + "': the slow factor must be a number >= 1, e.g. slow:3");
    }

    /** The fault as it applies to {@code role}: {@link #NONE} when restricted to another role. */
    public Fault forRole(RoleName role) {
        return onlyFor.isEmpty() || onlyFor.get().equals(role) ? this : NONE;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case CRASH_START -> "crash-start";
            case CRASH_MID -> "crash-mid";
            case HANG -> "hang";
            case SLOW -> "slow:" + slowFactor;
        };
    }
}
