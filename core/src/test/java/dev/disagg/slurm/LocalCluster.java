package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.fail;

import dev.disagg.run.JobWatcher;
import dev.disagg.run.Sleeper;
import dev.disagg.run.WatchPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The real local cluster of test/scripts/local-slurm.sh, for tests tagged e2e. */
final class LocalCluster {
    private LocalCluster() {
    }

    /** Fails with what to do when the cluster is not running. */
    static void requireRunning() throws Exception {
        CommandResult sinfo;
        try {
            sinfo = new ProcessCommandRunner().run(List.of("sinfo", "-h", "-t", "idle,mix,alloc", "-o", "%D"),
                    Duration.ofSeconds(20));
        } catch (java.io.IOException e) {
            fail("SLURM is not installed here (" + e.getMessage() + "); run test/scripts/local-slurm.sh install && start");
            return;
        }
        if (!sinfo.succeeded() || sinfo.stdout().isBlank()) {
            fail("the local SLURM cluster is not running (" + sinfo.stderr().strip()
                    + "); start it with test/scripts/local-slurm.sh start");
        }
    }

    /** A watcher that polls often: these jobs last seconds. */
    static JobWatcher fastWatcher(Slurm slurm) {
        WatchPolicy policy = new WatchPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMinutes(1));
        return new JobWatcher(slurm, Sleeper.system(), Clock.systemUTC(), line -> System.out.println("  " + line), policy);
    }
}
