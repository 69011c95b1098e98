package dev.disagg.results;

import java.util.Locale;
import java.util.Optional;

/** Which way a metric gets worse: throughput is worse when lower, latency when higher. */
public enum Direction {
    HIGHER_IS_BETTER("higher_is_better"),
    LOWER_IS_BETTER("lower_is_better");

    private final String key;

    Direction(String key) {
        this.key = key;
    }

    /** The spelling used in baseline files. */
    public String key() {
        return key;
    }

    /** True when {@code value} is on the bad side of {@code limit}. */
    public boolean isWorse(double value, double limit) {
        return this == HIGHER_IS_BETTER ? value < limit : value > limit;
    }

    /** Accepts {@code higher_is_better}/{@code higher} and {@code lower_is_better}/{@code lower}, any case. */
    public static Optional<Direction> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (t.equals("higher") || t.equals("higher_is_better")) {
            return Optional.of(HIGHER_IS_BETTER);
        }
        if (t.equals("lower") || t.equals("lower_is_better")) {
            return Optional.of(LOWER_IS_BETTER);
        }
        return Optional.empty();
    }
}
