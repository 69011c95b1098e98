package dev.disagg.cli;

import dev.disagg.slurm.JobIdFile;
import dev.disagg.run.CaseJob;
import dev.disagg.slurm.JobId;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --case-dir DIR}: a case directory that {@code disagg submit} or {@code run} filled. */
final class CaseDirOption {
    @Option(names = "--case-dir", required = true, paramLabel = "DIR", description = "The case directory (<workspace>/disagg_logs/<case>).")
    Path caseDir;

    JobId jobId() throws IOException {
        return jobIdOf(caseDir);
    }

    /** The job a case directory was submitted as; a missing directory or job_id is the user's mistake. */
    static JobId jobIdOf(Path caseDir) throws IOException {
        if (!Files.isDirectory(caseDir)) {
            throw VerdictException.invalid(caseDir + ": no such case directory");
        }
        return JobIdFile.find(caseDir).orElseThrow(() -> VerdictException.invalid(caseDir + " has no " + JobIdFile.NAME
                + " file: this case was never submitted"));
    }
}
