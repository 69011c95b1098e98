package dev.disagg.run;

import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.Plan;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobIdFile;
import dev.disagg.slurm.Slurm;
import java.io.IOException;
import java.nio.file.Path;

/** A case's SLURM job: submitted from a rendered case directory, its id recorded in {@link JobIdFile}. */
public final class CaseJob {
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
        try {
            JobIdFile.writeNew(plan.caseDir(), id);
        } catch (IOException e) {
            Path file = plan.caseDir().resolve(JobIdFile.NAME);
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
}
