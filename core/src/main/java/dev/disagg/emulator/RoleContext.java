package dev.disagg.emulator;

import java.nio.file.Files;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Everything a role needs: the settings, the case, its files and where it logs (pytest's stdout). */
record RoleContext(Settings settings, TestId id, CaseSpec spec, Tod tod, String authKey, RoleLog log) {

    Duration timeout() {
        return Duration.ofSeconds(spec.timeoutSeconds());
    }

    /** upstream's {@code <mode>-<stem>}: the ServerConfig name in the extra config's file name. */
    String configName() {
        return id.mode() + "-" + id.stem();
    }

    /**
     * upstream's {@code wait_for_benchmark_ready}: the status file first (so a server that exits
     * just after a finished benchmark cannot fail the test), then the server's liveness, then the
     * timeout; one poll interval between checks.
     */
    void waitForStatusFile(String what, BooleanSupplier serverAlive) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            if (Files.exists(tod.statusFile())) {
                log.info("Benchmark status file found, terminating server " + settings.servingType());
                return;
            }
            if (!serverAlive.getAsBoolean()) {
                throw TestFailure.runtime(what + " server exited unexpectedly; see "
                        + tod.serveLog(settings.servingType()));
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            log.info(String.format(java.util.Locale.ROOT, "Waiting for benchmark status file, elapsed time: %.1fs", elapsed));
            if (elapsed > spec.timeoutSeconds()) {
                throw TestFailure.runtime("Timeout waiting for benchmark status file after " + spec.timeoutSeconds() + "s");
            }
            sleep(settings.poll());
        }
    }

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    }
}
