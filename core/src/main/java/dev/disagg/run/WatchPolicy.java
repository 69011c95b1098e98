package dev.disagg.run;

import java.time.Duration;

/**
 * How {@link JobWatcher} asks SLURM, which is only the safety net: the job's end is noticed
 * through the case directory (the job script's end marker, polled every 50 ms without any
 * SLURM call), and SLURM is asked to confirm it at once, then again after {@code endFollowUp}
 * growing by half until it reports the end. Otherwise SLURM is asked every {@code interval}
 * while the job runs; while it is pending, first after {@code firstPendingInterval}, doubling up
 * to {@code maxPendingInterval}. A change of the job's log (it appears when the job starts, SLURM
 * writes there when it cancels or times the job out) brings the next call forward, to no sooner
 * than {@code logGap} after the last one.
 * Transient controller errors are retried after {@code firstRetryDelay}, doubling up to
 * {@code interval}, until the controller has been failing for {@code maxOutage}.
 */
public record WatchPolicy(Duration endFollowUp, Duration interval, Duration firstPendingInterval,
                          Duration maxPendingInterval, Duration logGap, Duration firstRetryDelay, Duration maxOutage) {

    public WatchPolicy {
        for (Duration d : new Duration[] {endFollowUp, interval, firstPendingInterval, maxPendingInterval, logGap,
                firstRetryDelay}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("inconsistent watch policy: " + this);
            }
        }
        if (maxPendingInterval.compareTo(firstPendingInterval) < 0 || maxOutage.isNegative()) {
            throw new IllegalArgumentException("inconsistent watch policy: " + this);
        }
    }

    /**
     * 30 s while running (2 calls a minute); pending from 10 s doubling to 2 min; a changed log
     * asked about no sooner than 10 s after the last call; after the end marker 50 ms growing by
     * half (SLURM records the end some 10 to 100 ms after the script's last act); retries from
     * 2 s; gives up after 10 minutes without the controller.
     */
    public static WatchPolicy defaults() {
        return new WatchPolicy(Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    Duration nextEndFollowUp(Duration current) {
        return min(scale(current, 1.5), interval);
    }

    Duration nextPendingInterval(Duration current) {
        return min(scale(current, 2.0), maxPendingInterval);
    }

    Duration nextRetryDelay(Duration current) {
        return min(scale(current, 2.0), interval);
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) > 0 ? b : a;
    }
}
