package dev.disagg.run;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.Slurm;

/**
 * Cancels a job by id when this process stops following it, and says what became of it: every
 * place that must not leave a job running unwatched says it the same way, naming the command
 * that cancels it by hand when SLURM could not.
 */
public final class JobCancel {
    private JobCancel() {
    }

    /** "job N cancelled", or "could not cancel job N (why); cancel it with: scancel N". */
    public static String cancel(Slurm slurm, JobId id) {
        try {
            slurm.cancel(id);
            return "job " + id + " cancelled";
        } catch (RuntimeException e) {
            return couldNot(id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return couldNot(id, e);
        }
    }

    private static String couldNot(JobId id, Exception e) {
        return "could not cancel job " + id + " (" + e.getMessage() + "); cancel it with: scancel " + id;
    }
}
