package dev.disagg.perf;

/** The perf check's overall result. */
public enum PerfCheckStatus {
    /** Every gated metric is within its tolerance. */
    PASSED("passed"),
    /** At least one gated metric moved the bad way beyond its tolerance. */
    REGRESSED("regressed"),
    /** SKIP_PERF_CHECK (or the option) said not to check. */
    SKIPPED("skipped"),
    /** Nothing to compare with (or, with --missing-baseline fail, some measured gated metric lacked one). */
    NO_BASELINE("no baseline");

    private final String label;

    PerfCheckStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
