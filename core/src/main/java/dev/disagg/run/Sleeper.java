package dev.disagg.run;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting, behind an interface so tests can let time pass without sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Sleeps up to {@code duration}, or less once {@code wake} answers true.
     *
     * @return whether {@code wake} cut the sleep short
     */
    default boolean sleepUnless(Duration duration, BooleanSupplier wake) throws InterruptedException {
        sleep(duration);
        return false;
    }

    /** Real time; {@code wake} is asked every 50 ms (it should be cheap, e.g. a file's size). */
    static Sleeper system() {
        long checkEveryMillis = 50;
        return new Sleeper() {
            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }

            @Override
            public boolean sleepUnless(Duration duration, BooleanSupplier wake) throws InterruptedException {
                long end = System.nanoTime() + duration.toNanos();
                for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
                    Thread.sleep(Math.max(1, Math.min(checkEveryMillis, left / 1_000_000)));
                    if (wake.getAsBoolean()) {
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
