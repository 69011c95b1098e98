package dev.disagg.perf;

/** Whether the perf check is skipped, and which setting decided it. */
public record SkipDecision(boolean skip, Source source) {

    /** Where the decision came from, in precedence order. */
    public enum Source {
        OPTION,
        ENVIRONMENT,
        DEFAULT
    }

    /** E.g. "SKIP_PERF_CHECK=true from the environment". */
    public String describe() {
        return switch (source) {
            case OPTION -> "--skip-perf-check=" + skip + " (explicit option)";
            case ENVIRONMENT -> SkipPerfCheck.VARIABLE + "=" + skip + " from the environment";
            case DEFAULT -> SkipPerfCheck.VARIABLE + " not set (default false)";
        };
    }
}
