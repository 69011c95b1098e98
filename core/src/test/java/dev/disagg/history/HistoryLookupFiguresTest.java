package dev.disagg.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.results.Metric;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's figures for history lookups: 10,000 runs of one case on one GPU type (the worst
 * case for the directory store: every lookup lists all of them), every fifth run failing. Prints
 * the figures; the time bounds are generous ceilings that only a lookup reading every record
 * (instead of the newest few) would break.
 */
class HistoryLookupFiguresTest {
    static final int RUNS = Integer.getInteger("disagg.history.runs", 10_000);

    @TempDir
    Path tmp;

    @Test
    void lastTenPassingRunsOfACaseAndMetricAmongTenThousand() {
        DirectoryHistoryStore store = new DirectoryHistoryStore(tmp);
        long t0 = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            store.append(new HistoryRecord("ds-r1_ctx2_gen1_dep16", "GB200", Instant.ofEpochSecond(1_700_000_000L + i * 60L),
                    Optional.empty(), Optional.of("c0ffee"), i % 5 != 0, i % 5 != 0 ? "PASS" : "TEST_FAILED",
                    List.of(new HistoryRecord.Value(128, Metric.OUTPUT_THROUGHPUT, 1000 + i % 13),
                            new HistoryRecord.Value(128, Metric.MEDIAN_E2EL, 900 + i % 7),
                            new HistoryRecord.Value(256, Metric.OUTPUT_THROUGHPUT, 1800 + i % 11))));
        }
        double writeMs = (System.nanoTime() - t0) / 1e6;

        Predicate<HistoryRecord> passingWithMetric = r -> r.passing() && r.value(128, Metric.OUTPUT_THROUGHPUT).isPresent();
        store.recent("ds-r1_ctx2_gen1_dep16", "GB200", 10, passingWithMetric); // warm-up (class loading, JIT)
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = ((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes();
        int lookups = 20;
        long t1 = System.nanoTime();
        List<HistoryRecord> last = List.of();
        for (int i = 0; i < lookups; i++) {
            last = store.recent("ds-r1_ctx2_gen1_dep16", "GB200", 10, passingWithMetric);
        }
        double lookupMs = (System.nanoTime() - t1) / 1e6 / lookups;
        double allocatedMiB = (((com.sun.management.ThreadMXBean) threads).getCurrentThreadAllocatedBytes() - allocatedBefore)
                / (1024.0 * 1024.0) / lookups;

        long t2 = System.nanoTime();
        store.append(new HistoryRecord("ds-r1_ctx2_gen1_dep16", "GB200", Instant.now(), Optional.of("4242"), Optional.empty(), true, "PASS",
                List.of(new HistoryRecord.Value(128, Metric.OUTPUT_THROUGHPUT, 1001))));
        double appendWithJobMs = (System.nanoTime() - t2) / 1e6;

        System.out.printf("history figures: %d runs written in %.0f ms (%.2f ms each); last 10 passing runs of a case+metric:"
                        + " %.1f ms per lookup, %.2f MiB allocated per lookup; one append with a job id (re-check lookup) into %d runs: %.1f ms%n",
                RUNS, writeMs, writeMs / RUNS, lookupMs, allocatedMiB, RUNS, appendWithJobMs);
        assertThat(last).hasSize(10).allMatch(HistoryRecord::passing);
        // newest first: run RUNS-1 is passing unless RUNS-1 is a multiple of 5
        assertThat(last.get(0).time()).isAfter(last.get(9).time());
        assertThat(lookupMs).as("ms per lookup").isLessThan(2_000);
        assertThat(allocatedMiB).as("MiB allocated per lookup").isLessThan(64);
    }
}
