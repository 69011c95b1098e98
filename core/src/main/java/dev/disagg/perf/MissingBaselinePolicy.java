package dev.disagg.perf;

import java.util.Locale;

/**
 * What a gated metric without a baseline does to the perf check ({@code --missing-baseline}).
 * Every policy lists the metrics without a baseline in the reports; they differ in what else happens.
 */
public enum MissingBaselinePolicy {
    /** The perf check fails (exit 3), as a regression does: an L0 perf stage must have its baselines. */
    FAIL,
    /** The perf check passes; the summary and stderr carry a warning (the Jenkins step marks the build UNSTABLE). */
    WARN,
    /** The perf check passes; only the reports say which metrics had no baseline. */
    IGNORE;

    /** The default of the CLI: a case run by hand without a baseline file is not a failure, but it says so. */
    public static final MissingBaselinePolicy DEFAULT = WARN;

    /** {@code fail}, {@code warn} or {@code ignore}, any case. */
    public static MissingBaselinePolicy parse(String text) {
        for (MissingBaselinePolicy p : values()) {
            if (p.name().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        throw new InvalidInputException("--missing-baseline: expected fail, warn or ignore, got '" + text + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
