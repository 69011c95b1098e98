package dev.disagg.standin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a serving role lives: until the benchmark's status file appears, or until a
 * {@code crash-mid} fault fires (after the first request served, or about a second).
 */
final class Lifetime {
    /** The status file is local; polling it this often costs nothing and ends roles promptly. */
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration CRASH_MID_AFTER = Duration.ofSeconds(1);

    private final CountDownLatch firstRequestServed = new CountDownLatch(1);
    private final Fault fault;
    private final RoleLog log;

    Lifetime(Fault fault, RoleLog log) {
        this.fault = fault;
        this.log = log;
    }

    /** Called by request handlers once a response has been sent completely. */
    void requestServed() {
        firstRequestServed.countDown();
    }

    /** Blocks until the run ends; returns the role's exit status. */
    int serveUntilDone(Path statusFile) throws InterruptedException {
        boolean crashMid = fault.kind() == Fault.Kind.CRASH_MID;
        long crashAt = System.nanoTime() + CRASH_MID_AFTER.toNanos();
        while (true) {
            if (Files.exists(statusFile)) {
                log.info("status file " + statusFile + " appeared; exiting 0");
                return 0;
            }
            boolean served = firstRequestServed.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (crashMid && (served || System.nanoTime() - crashAt >= 0)) {
                log.error("RuntimeError: simulated crash (" + Fault.VARIABLE + "=crash-mid) "
                        + (served ? "after the first request" : "after " + CRASH_MID_AFTER.toMillis() + " ms"));
                log.info("exiting " + Fault.CRASH_MID_EXIT);
                return Fault.CRASH_MID_EXIT;
            }
            if (served) {
                // Keep polling the status file at the usual pace once requests flow.
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** For follower ranks: nothing to serve, just wait for the end of the run. */
    static int awaitStatusFile(Path statusFile, RoleLog log) throws InterruptedException {
        while (!Files.exists(statusFile)) {
            Thread.sleep(POLL.toMillis());
        }
        log.info("status file " + statusFile + " appeared; exiting 0");
        return 0;
    }

    /** The {@code hang} fault: block until the process is killed (or the thread interrupted). */
    static void hang() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
