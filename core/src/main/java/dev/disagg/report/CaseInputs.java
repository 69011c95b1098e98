package dev.disagg.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a case directory holds, read once.
 *
 * @param plannedConcurrencies from plan.json; empty when there is no plan
 * @param benchmarkLines benchmark.log's lines, empty when the file does not exist
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
        Optional<List<String>> benchmarkLines,
        List<String> logFiles,
        List<String> notes) {

    public CaseInputs {
        plannedConcurrencies = List.copyOf(plannedConcurrencies);
        logFiles = List.copyOf(logFiles);
        notes = List.copyOf(notes);
    }
}
