package dev.disagg.sweep;

import dev.disagg.results.ConcurrencyResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One case of a sweep as its summary shows it.
 *
 * @param caseDir empty when the case never got one
 * @param verdict result.json's verdict, or the exit status's meaning when the case ended before its check
 */
public record SweepRow(String caseName, Optional<Path> caseDir, String verdict, int exitCode, Optional<String> jobId,
                       String message, List<ConcurrencyResult> metrics) {
    public SweepRow {
        metrics = List.copyOf(metrics);
    }
}
