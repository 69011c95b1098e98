package dev.disagg.run;

import java.time.Duration;

/**
 * How {@link JobWatcher} polls: the interval starts at {@code firstInterval} and grows by
 * {@code growth} while the job's state stays the same, up to {@code maxInterval}; a new state
 * starts it over.
 * Transient controller errors are retried after {@code firstRetryDelay}, doubling up to
 * {@code maxInterval}, until the controller has been failing for {@code maxOutage}.
 */
public record WatchPolicy(Duration firstInterval, Duration maxInterval, double growth,
                          Duration firstRetryDelay, Duration maxOutage) {

    public WatchPolicy {
        if (firstInterval.isZero() || firstInterval.isNegative() || maxInterval.compareTo(firstInterval) < 0
                || growth < 1.0 || firstRetryDelay.isZero() || firstRetryDelay.isNegative() || maxOutage.isNegative()) {
            throw new IllegalArgumentException("inconsistent watch policy: " + this);
        }
    }

    /**
     * 250 ms growing by half up to 30 s (a short first interval notices a quick job's end, or the
     * end after its log changed, within a fraction of a second; a few more polls per change);
     * retries from 2 s; gives up after 10 minutes without the controller.
     */
    public static WatchPolicy defaults() {
        return new WatchPolicy(Duration.ofMillis(250), Duration.ofSeconds(30), 1.5, Duration.ofSeconds(2),
                Duration.ofMinutes(10));
    }

    Duration nextInterval(Duration current) {
        return grow(current, growth);
    }

    Duration nextRetryDelay(Duration current) {
        return grow(current, 2.0);
    }

    private Duration grow(Duration current, double factor) {
        Duration next = Duration.ofMillis(Math.round(current.toMillis() * factor));
        return next.compareTo(maxInterval) > 0 ? maxInterval : next;
    }
}
