package dev.disagg.report;

import dev.disagg.perf.FinalVerdict;
import dev.disagg.perf.PerfCheckResult;
import dev.disagg.results.BenchmarkLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything the reports show about one checked case. */
public record CaseReport(
        String caseName,
        Optional<String> jobId,
        Path caseDir,
        Optional<String> gpuType,
        Optional<JobState> jobState,
        BenchmarkLog benchmark,
        TestOutcome test,
        PerfCheckResult perf,
        FinalVerdict.Decision decision,
        List<String> notes) {

    public CaseReport {
        notes = List.copyOf(notes);
    }

    /** The sum of the benchmark durations, seconds. */
    public double benchmarkSeconds() {
        return benchmark.results().stream().mapToDouble(r -> r.durationSeconds()).sum();
    }
}
