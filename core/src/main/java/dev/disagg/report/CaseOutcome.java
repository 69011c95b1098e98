package dev.disagg.report;

import dev.disagg.perf.PerfCheckResult;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A checked case: the verdict and exit status for the caller, and what the reports say.
 *
 * @param failureMessage "CAUSE: first error line" when the test failed
 * @param summary the text written to summary.md, for a console or build description
 */
public record CaseOutcome(String caseName, Optional<String> jobId, Verdict verdict, int exitCode, int testExitCode,
                          PerfCheckResult perfCheck, Path caseDir, Optional<String> failureMessage,
                          List<ConcurrencyResult> metrics, String summary) {
    public CaseOutcome {
        metrics = List.copyOf(metrics);
    }
}
