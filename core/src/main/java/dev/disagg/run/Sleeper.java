package dev.disagg.run;

import java.time.Duration;

/** Waiting, behind an interface so tests can let time pass without sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
