package dev.disagg.plan;

/** The case cannot be planned as asked (e.g. packing that does not fit, an unsafe case name). */
public final class PlanException extends RuntimeException {
    public PlanException(String message) {
        super(message);
    }
}
