package dev.disagg.emulator;

import java.util.Arrays;

/** Summary statistics as benchmark_serving computes them (numpy's defaults: linear percentiles, population std). */
final class Stats {

    /** Mean, median, standard deviation and 99th percentile, in milliseconds. */
    record Summary(double mean, double median, double std, double p99) {
        static final Summary EMPTY = new Summary(0, 0, 0, 0);
    }

    private Stats() {
    }

    /** Summarises values given in seconds; all zero when there are none (as upstream). */
    static Summary summaryMs(double[] seconds) {
        if (seconds.length == 0) {
            return Summary.EMPTY;
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double mean = mean(sorted);
        double squares = 0;
        for (double value : sorted) {
            squares += (value - mean) * (value - mean);
        }
        double std = Math.sqrt(squares / sorted.length);
        return new Summary(mean * 1000, percentile(sorted, 50) * 1000, std * 1000, percentile(sorted, 99) * 1000);
    }

    static double mean(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Linear interpolation between the closest ranks of sorted, non-empty values. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = (int) Math.ceil(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
