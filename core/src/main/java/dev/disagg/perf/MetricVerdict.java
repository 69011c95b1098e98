package dev.disagg.perf;

/** The outcome for one metric at one concurrency. */
public enum MetricVerdict {
    PASS("pass"),
    REGRESSION("REGRESSION"),
    NO_BASELINE("no baseline"),
    NOT_MEASURED("not measured"),
    SKIPPED("skipped");

    private final String label;

    MetricVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
