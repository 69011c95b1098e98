package dev.disagg.report;

import dev.disagg.io.TextLines;
import dev.disagg.secret.Redactor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a case directory holds, read once.
 *
 * @param plannedConcurrencies from plan.json; empty when there is no plan
 * @param benchmarkLines benchmark.log's lines (read from the file as they are iterated), empty when the file does not exist
 * @param logFiles the names of the case directory's {@code *.log} files
 * @param notes what was missing or fell back to a default, for the reports
 */
public record CaseInputs(
        Path caseDir,
        String caseName,
        Optional<String> jobId,
        List<Integer> plannedConcurrencies,
        Optional<JobState> jobState,
        Optional<FailureRecord> failure,
        Optional<Iterable<String>> benchmarkLines,
        List<String> logFiles,
        List<String> notes) {

    public CaseInputs {
        plannedConcurrencies = List.copyOf(plannedConcurrencies);
        logFiles = List.copyOf(logFiles);
        notes = List.copyOf(notes);
    }

    /** The same with secrets masked in the lines taken from logs. */
    public CaseInputs redacted(Redactor redactor) {
        Optional<FailureRecord> maskedFailure = failure.map(f -> new FailureRecord(f.role(), f.exitCode(), f.signal(),
                f.logFile(), redactor.redact(f.lastLines()), f.message().map(redactor::redact)));
        return new CaseInputs(caseDir, caseName, jobId, plannedConcurrencies, jobState, maskedFailure,
                benchmarkLines.map(lines -> masked(lines, redactor)), logFiles, notes);
    }

    private static Iterable<String> masked(Iterable<String> lines, Redactor redactor) {
        if (lines instanceof TextLines streamed) {
            return streamed.map(redactor::redact);
        }
        List<String> out = new java.util.ArrayList<>();
        lines.forEach(line -> out.add(redactor.redact(line)));
        return out;
    }
}
