package dev.disagg.run;

import dev.disagg.io.AtomicFiles;
import dev.disagg.io.InputFiles;
import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.Plan;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.Slurm;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A case's SLURM job: submitted from a rendered case directory, found again by its {@code job_id} file. */
public final class CaseJob {
    public static final String JOB_ID_FILE = CaseLayout.JOB_ID;
    /** The job script's end marker, its last act. */
    public static final String END_MARKER = CaseLayout.JOB_END;

    private CaseJob() {
    }

    /**
     * Submits {@code job.sh} with the plan's sbatch arguments, and its secrets in sbatch's
     * environment, and records the job id in the case directory; a job whose id cannot be recorded
     * (disk full) is cancelled again.
     */
    public static JobId submit(Slurm slurm, Plan plan) throws InterruptedException, IOException {
        JobId id = slurm.submit(plan.caseDir().resolve(CaseLayout.JOB_SCRIPT), plan.sbatch(), plan.secrets().values());
        Path file = plan.caseDir().resolve(JOB_ID_FILE);
        try {
            AtomicFiles.writeNew(file, id.value() + "\n"); // whole or not at all, never over another job's id
        } catch (IOException e) {
            // Without its job_id the job could not be followed or cancelled by case: do not leave it queued.
            throw new IOException("cannot record job " + id + " in " + file + " (" + e.getMessage() + "); "
                    + JobCancel.cancel(slurm, id), e);
        }
        return id;
    }

    /** The job's stdout and stderr, as the plan's {@code --output=<case dir>/slurm_%j.log} names it. */
    public static Path slurmLog(Path caseDir, JobId id) {
        return CaseLayout.slurmLog(caseDir, id.value());
    }

    /** The job of a case directory, if it was ever submitted. */
    public static Optional<JobId> find(Path caseDir) throws IOException {
        try {
            // a job id is a few bytes; a file far larger is not one this tool wrote
            String text = InputFiles.readString(caseDir.resolve(JOB_ID_FILE), 4096).trim();
            return Optional.of(JobId.of(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
