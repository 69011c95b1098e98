package dev.disagg.slurm;

import dev.disagg.io.AtomicFiles;
import dev.disagg.io.InputFiles;
import dev.disagg.plan.CaseLayout;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The case directory's {@code job_id}: written once at submission, read by whoever follows,
 * cancels or checks the case later.
 */
public final class JobIdFile {
    public static final String NAME = CaseLayout.JOB_ID;
    /** A job id is a few bytes; a file far larger is not one this tool wrote. */
    private static final int MAX_BYTES = 4096;

    private JobIdFile() {
    }

    /** Records {@code id}, whole or not at all, never over another job's id. */
    public static void writeNew(Path caseDir, JobId id) throws IOException {
        AtomicFiles.writeNew(caseDir.resolve(NAME), id.value() + "\n");
    }

    /** The job of a case directory, if it was ever submitted. */
    public static Optional<JobId> find(Path caseDir) throws IOException {
        try {
            return Optional.of(JobId.of(InputFiles.readString(caseDir.resolve(NAME), MAX_BYTES).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
