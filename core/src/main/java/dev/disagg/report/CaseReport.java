package dev.disagg.report;

import dev.disagg.history.HistoryRecord;
import dev.disagg.perf.PerfCheckResult;
import dev.disagg.perf.PerfCheckStatus;
import dev.disagg.perf.PerfComparison;
import dev.disagg.results.BenchmarkLog;
import dev.disagg.slurm.JobStatus;
import dev.disagg.verdict.FinalVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything the reports show about one checked case. */
public record CaseReport(
        String caseName,
        Optional<String> jobId,
        Path caseDir,
        Optional<String> gpuType,
        Optional<JobStatus> jobState,
        BenchmarkLog benchmark,
        TestOutcome test,
        PerfCheckResult perf,
        FinalVerdict.Decision decision,
        List<String> notes,
        List<StepStatus> steps,
        Optional<List<HistoryRecord>> trend) {

    public CaseReport {
        notes = List.copyOf(notes);
        steps = List.copyOf(steps);
        trend = trend.map(List::copyOf);
    }

    /** Without a history (no trend to draw). */
    public CaseReport(String caseName, Optional<String> jobId, Path caseDir, Optional<String> gpuType, Optional<JobStatus> jobState,
                      BenchmarkLog benchmark, TestOutcome test, PerfCheckResult perf, FinalVerdict.Decision decision, List<String> notes,
                      List<StepStatus> steps) {
        this(caseName, jobId, caseDir, gpuType, jobState, benchmark, test, perf, decision, notes, steps, Optional.empty());
    }

    /**
     * One line saying why the case got its verdict (result.json's {@code message}): the test's
     * cause and first error line, else the first regression, else how the perf check ended.
     */
    public String message() {
        if (!test.passed()) {
            return test.message();
        }
        List<PerfComparison> regressions = perf.regressions();
        if (!regressions.isEmpty()) {
            return "PERF_REGRESSION: " + regressions.size() + " metric(s) beyond tolerance; first: " + Fmt.comparison(regressions.get(0));
        }
        if (decision.perfCheckExitCode() != 0) {
            List<PerfComparison> missing = perf.missingBaseline();
            return missing.isEmpty() ? "PERF_REGRESSION: " + perfState()
                    : "MISSING_BASELINE: " + missingLine(missing);
        }
        return "passed; perf check " + perfState();
    }

    /**
     * Which metrics were compared with the baseline and which had none (nothing when the check
     * was skipped): lines for summary.md, report.html and results.xml.
     */
    public List<String> baselineCoverage() {
        if (perf.status() == PerfCheckStatus.SKIPPED) {
            return List.of();
        }
        List<PerfComparison> compared = perf.compared();
        List<String> lines = new ArrayList<>();
        String with = switch (perf.reference()) {
            case BASELINE -> "the baseline";
            case HISTORY -> "the history";
            case BOTH -> "the baseline and/or the history";
        };
        long distinct = compared.stream().map(c -> c.concurrency() + "/" + c.metric()).distinct().count();
        lines.add("Compared with " + with + ": " + (compared.isEmpty() ? "no metric"
                : distinct + " metric(s): " + Fmt.coverage(compared)));
        List<PerfComparison> missing = perf.missingBaseline();
        if (!missing.isEmpty()) {
            lines.add(switch (perf.missingBaselinePolicy()) {
                case FAIL -> "No baseline, failing the perf check: ";
                case WARN -> "Warning: no baseline: ";
                case IGNORE -> "No baseline: ";
            } + missingLine(missing));
        }
        return lines;
    }

    /** E.g. "4 metric(s) (--missing-baseline warn): output_throughput at concurrency 8; ...". */
    private String missingLine(List<PerfComparison> missing) {
        return missing.size() + " metric(s) (--missing-baseline " + perf.missingBaselinePolicy().key() + "): " + Fmt.coverage(missing);
    }

    /** E.g. "skipped (SKIP_PERF_CHECK=true from the environment)", "no baseline (no baseline file given (--baseline))". */
    private String perfState() {
        if (perf.status() == PerfCheckStatus.SKIPPED) {
            return perf.status().label() + " (" + perf.skip().describe() + ")";
        }
        return perf.status().label() + (perf.notes().isEmpty() ? "" : " (" + perf.notes().get(0) + ")");
    }

    /** The sum of the benchmark durations, seconds. */
    public double benchmarkSeconds() {
        return benchmark.results().stream().mapToDouble(r -> r.durationSeconds()).sum();
    }
}
