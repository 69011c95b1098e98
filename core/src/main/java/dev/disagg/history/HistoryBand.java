package dev.disagg.history;

import dev.disagg.results.Direction;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A metric's reference from its history: the median of the past values and the allowed slack
 * around it, on the metric's bad side only.
 *
 * @param runs how many past values it was made of
 * @param mad the median absolute deviation from the median
 * @param slack max(spreads x 1.4826 x MAD, minTolerance x |median|)
 * @param limit the worst value that still passes
 */
public record HistoryBand(int runs, double median, double mad, double slack, double limit, Direction direction) {
    /** Makes the MAD of normally distributed values an estimate of their standard deviation. */
    public static final double MAD_TO_SIGMA = 1.4826;

    /** The band, or empty when there are fewer than {@code policy.minRuns()} values. */
    public static Optional<HistoryBand> of(List<Double> values, Direction direction, HistoryPolicy policy) {
        if (values.size() < policy.minRuns()) {
            return Optional.empty();
        }
        double median = median(values.stream().mapToDouble(Double::doubleValue).toArray());
        double mad = median(values.stream().mapToDouble(v -> Math.abs(v - median)).toArray());
        double slack = Math.max(policy.spreads() * MAD_TO_SIGMA * mad, policy.minTolerance() * Math.abs(median));
        double limit = direction == Direction.HIGHER_IS_BETTER ? median - slack : median + slack;
        return Optional.of(new HistoryBand(values.size(), median, mad, slack, limit, direction));
    }

    public boolean isWorse(double measured) {
        return direction.isWorse(measured, limit);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
}
