package dev.disagg.report;

import dev.disagg.io.TextLines;
import dev.disagg.secret.Redactor;
import dev.disagg.slurm.JobStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a case directory holds, read once.
 *
 * @param plannedConcurrencies from plan.json; empty when there is no plan
 * @param benchmarkLogs the lines of each of upstream's benchmark client logs ({@code TOD/trtllm-benchmark.0.<k>.log}),
 *                      by their path relative to the case directory, in client order (read from the file as they
 *                      are iterated: a log can be GBs); empty when there is none
 * @param benchmarkMode  the plan's {@code benchmark.mode} ({@code e2e} without a plan)
 * @param steps          how each step of the job ended ({@code step_status.tsv}), in the order they ended
 * @param logFiles the names of the case directory's {@code *.log} files
 * @param notes what was missing or fell back to a default, for the reports
 */
public record CaseInputs(
        Path caseDir,
        String caseName,
        Optional<String> jobId,
        List<Integer> plannedConcurrencies,
        Optional<JobStatus> jobState,
        Optional<FailureRecord> failure,
        Map<String, Iterable<String>> benchmarkLogs,
        String benchmarkMode,
        List<StepStatus> steps,
        List<String> logFiles,
        List<String> notes) {

    public CaseInputs {
        plannedConcurrencies = List.copyOf(plannedConcurrencies);
        logFiles = List.copyOf(logFiles);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        benchmarkLogs = Collections.unmodifiableMap(new LinkedHashMap<>(benchmarkLogs));
    }

    /** The same with secrets masked in the lines taken from logs. */
    public CaseInputs redacted(Redactor redactor) {
        Optional<FailureRecord> maskedFailure = failure.map(f -> new FailureRecord(f.role(), f.exitCode(), f.signal(),
                f.logFile(), redactor.redact(f.lastLines()), f.message().map(redactor::redact), f.stillRunning()));
        Map<String, Iterable<String>> maskedLogs = new LinkedHashMap<>();
        benchmarkLogs.forEach((name, lines) -> maskedLogs.put(name, masked(lines, redactor)));
        return new CaseInputs(caseDir, caseName, jobId, plannedConcurrencies, jobState, maskedFailure,
                maskedLogs, benchmarkMode, steps, logFiles, notes);
    }

    private static Iterable<String> masked(Iterable<String> lines, Redactor redactor) {
        if (lines instanceof TextLines streamed) {
            return streamed.map(redactor::redact);
        }
        List<String> out = new ArrayList<>();
        lines.forEach(line -> out.add(redactor.redact(line)));
        return out;
    }
}
