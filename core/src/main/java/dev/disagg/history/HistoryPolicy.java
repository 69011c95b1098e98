package dev.disagg.history;

/**
 * How a metric is judged against its history.
 *
 * @param runs how many of the latest passing runs form the reference (N)
 * @param minRuns fewer passing runs than this and the metric is not judged ("no history")
 * @param spreads how many robust standard deviations (1.4826 x MAD) the measured value may be off
 * @param minTolerance the band is at least this fraction of |median|: identical past values
 *     (MAD 0) must not turn the next run's noise into a regression
 */
public record HistoryPolicy(int runs, int minRuns, double spreads, double minTolerance) {
    public static final HistoryPolicy DEFAULT = new HistoryPolicy(10, 5, 3.0, 0.05);
    public static final int MAX_RUNS = 1000;

    public HistoryPolicy {
        if (runs < 1 || runs > MAX_RUNS) {
            throw new IllegalArgumentException("history runs must be 1.." + MAX_RUNS + ", got " + runs);
        }
        if (minRuns < 1 || minRuns > runs) {
            throw new IllegalArgumentException("history minimum runs must be 1.." + runs + " (the runs compared), got " + minRuns);
        }
        if (!(spreads >= 0) || !Double.isFinite(spreads) || !(minTolerance >= 0) || !Double.isFinite(minTolerance)) {
            throw new IllegalArgumentException("history spreads and minimum tolerance are finite and not negative");
        }
    }

    public String describe() {
        return "last " + runs + " passing runs, at least " + minRuns + "; band max(" + fmt(spreads) + " x 1.4826 x MAD, "
                + fmt(minTolerance * 100) + "% of the median)";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
