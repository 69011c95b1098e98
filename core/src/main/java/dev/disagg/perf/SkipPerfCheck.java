package dev.disagg.perf;

import java.util.Locale;
import java.util.Optional;

/**
 * SKIP_PERF_CHECK precedence (docs/design.md): the explicit option or step parameter wins; else
 * the environment variable ({@code true}/{@code false}, any case; blank counts as unset);
 * else false.
 */
public final class SkipPerfCheck {
    public static final String VARIABLE = "SKIP_PERF_CHECK";

    private SkipPerfCheck() {
    }

    public static SkipDecision resolve(Optional<Boolean> explicit, Optional<String> environmentValue) {
        if (explicit.isPresent()) {
            return new SkipDecision(explicit.get(), SkipDecision.Source.OPTION);
        }
        Optional<String> env = environmentValue.map(String::trim).filter(v -> !v.isEmpty());
        if (env.isEmpty()) {
            return new SkipDecision(false, SkipDecision.Source.DEFAULT);
        }
        return switch (env.get().toLowerCase(Locale.ROOT)) {
            case "true" -> new SkipDecision(true, SkipDecision.Source.ENVIRONMENT);
            case "false" -> new SkipDecision(false, SkipDecision.Source.ENVIRONMENT);
            default -> throw new InvalidInputException(VARIABLE + " must be true or false (any case), got '" + env.get()
                    + "'; unset it or pass --skip-perf-check=true|false");
        };
    }
}
