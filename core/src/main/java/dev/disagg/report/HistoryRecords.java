package dev.disagg.report;

import dev.disagg.history.HistoryRecord;
import dev.disagg.history.HistorySettings;
import dev.disagg.perf.PerfCheckStatus;
import dev.disagg.results.ConcurrencyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a checked case into the record the history keeps. */
public final class HistoryRecords {
    private HistoryRecords() {
    }

    /**
     * Passing = the test passed and the perf check found no regression (a missing baseline does
     * not make a run a bad reference).
     */
    public static HistoryRecord of(CaseOutcome o, HistorySettings settings, Instant time) {
        List<HistoryRecord.Value> values = new ArrayList<>();
        for (ConcurrencyResult c : o.metrics()) {
            c.metrics().forEach((m, v) -> values.add(new HistoryRecord.Value(c.concurrency(), m, v)));
        }
        boolean passing = o.testExitCode() == 0 && o.perfCheck().status() != PerfCheckStatus.REGRESSED;
        return new HistoryRecord(o.caseName(), settings.gpuKey(), time, o.jobId(), settings.commit(), passing, o.verdict().name(), values);
    }
}
