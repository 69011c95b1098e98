package dev.disagg.perf;

import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.Optional;

/**
 * The expected value of one metric of one case at one concurrency.
 *
 * @param gpuType the GPU type it was measured on; empty = any GPU type
 * @param tolerance relative tolerance, a fraction (0.05 = 5 %)
 * @param absoluteTolerance extra slack in the metric's unit
 * @param origin where it was read from ({@code file:line}), for messages
 */
public record BaselineEntry(
        String caseName,
        Optional<String> gpuType,
        int concurrency,
        Metric metric,
        double value,
        double tolerance,
        double absoluteTolerance,
        Direction direction,
        String origin) {

    public static final double DEFAULT_TOLERANCE = 0.05;

    public BaselineEntry {
        if (tolerance < 0 || absoluteTolerance < 0) {
            throw new IllegalArgumentException("tolerances are not negative");
        }
    }

    /** A fraction ("0.05") or a percentage ("5%"), not negative. */
    public static double parseTolerance(String text) {
        String t = text.trim();
        boolean percent = t.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
            if (Double.isFinite(v) && v >= 0) {
                return percent ? v / 100.0 : v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("tolerance must be a fraction (0.05) or a percentage (5%), not negative; got '" + text + "'");
    }

    /** The worst value that still passes. */
    public double limit() {
        double slack = absoluteTolerance + tolerance * Math.abs(value);
        return direction == Direction.HIGHER_IS_BETTER ? value - slack : value + slack;
    }

    /** Same case, GPU type (ignoring case), concurrency and metric. */
    public boolean sameKey(BaselineEntry other) {
        return key().equals(other.key());
    }

    /** What {@link #sameKey} compares, for hash lookups (a file of 100k entries is checked in linear time). */
    public Key key() {
        return new Key(caseName, gpuType.map(String::toLowerCase), concurrency, metric);
    }

    public record Key(String caseName, Optional<String> gpuType, int concurrency, Metric metric) {
    }
}
