package dev.disagg.run;

import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.report.CaseChecker;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.report.HistoryRecords;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The last step of a case (also {@code disagg check} alone): its verdict and reports, the case
 * added to the history, and the warnings a log reader must see on stderr.
 */
public final class CaseCheck {
    private final PrintWriter err;
    private final Clock clock;

    public CaseCheck(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    /**
     * @throws dev.disagg.perf.InvalidInputException for a bad baseline file, SKIP_PERF_CHECK value
     *     or plan.json (a user's mistake); nothing is written then
     */
    public CaseOutcome check(Path caseDir, CheckOptions options) {
        CaseOutcome outcome = CaseChecker.check(caseDir, options);
        record(outcome, options);
        warnAboutMissingBaselines(outcome);
        return outcome;
    }

    /** Adds a checked case to the history; a history that cannot be written is a warning, the verdict stands. */
    private void record(CaseOutcome outcome, CheckOptions options) {
        options.history().ifPresent(h -> {
            try {
                h.store().append(HistoryRecords.of(outcome, h, clock.instant()));
            } catch (UncheckedIOException e) {
                synchronized (err) {
                    err.println("disagg: warning: case " + outcome.caseName() + " was not added to the history: " + e.getMessage());
                    err.flush();
                }
            }
        });
    }

    /** With --missing-baseline warn, the metrics without a baseline also go to stderr, where a log reader sees warnings. */
    private void warnAboutMissingBaselines(CaseOutcome outcome) {
        var perf = outcome.perfCheck();
        if (perf.missingBaselinePolicy() == MissingBaselinePolicy.WARN && !perf.missingBaseline().isEmpty()) {
            synchronized (err) {
                err.println("disagg: warning: case " + outcome.caseName() + ": " + perf.missingBaseline().size()
                        + " measured metric(s) have no baseline; the perf check did not compare them (--missing-baseline warn;"
                        + " fail makes this a perf check failure)");
                err.flush();
            }
        }
    }
}
