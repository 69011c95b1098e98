package dev.disagg.perf;

import java.util.Locale;

/** What the perf check compares a run with ({@code --perf-reference}). */
public enum PerfReference {
    /** The baseline file's entries (the default). */
    BASELINE,
    /** The last passing runs of the same case on the same GPU type. */
    HISTORY,
    /** Both; a metric fails when either says it regressed. */
    BOTH;

    public static PerfReference parse(String text) {
        for (PerfReference r : values()) {
            if (r.name().equalsIgnoreCase(text.strip())) {
                return r;
            }
        }
        throw new InvalidInputException("--perf-reference: expected baseline, history or both, got '" + text + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usesBaseline() {
        return this != HISTORY;
    }

    public boolean usesHistory() {
        return this != BASELINE;
    }
}
