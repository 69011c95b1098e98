package dev.disagg.run;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.Slurm;
import java.io.PrintWriter;
import java.util.List;

/**
 * Cancels a case's job when this process is told to stop (SIGINT, SIGTERM: a Jenkins abort or
 * Ctrl-C) while it still follows the job, so no allocation outlives the build. By id only.
 */
public final class CancelOnExit implements AutoCloseable {
    private final Thread hook;
    private volatile boolean armed = true;

    private CancelOnExit(Slurm slurm, List<JobId> jobIds, PrintWriter err, int exitStatus) {
        this.hook = new Thread(() -> {
            if (!armed) {
                return;
            }
            for (JobId jobId : jobIds) {
                err.println("disagg: interrupted: cancelling job " + jobId);
                err.flush();
                err.println("disagg: " + JobCancel.cancel(slurm, jobId));
                err.flush();
            }
            Runtime.getRuntime().halt(exitStatus);
        }, "disagg-cancel-" + jobIds.get(0));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static CancelOnExit arm(Slurm slurm, JobId jobId, PrintWriter err, int exitStatus) {
        return arm(slurm, List.of(jobId), err, exitStatus);
    }

    /** One hook for several jobs: each is cancelled before the process halts. */
    public static CancelOnExit arm(Slurm slurm, List<JobId> jobIds, PrintWriter err, int exitStatus) {
        return new CancelOnExit(slurm, List.copyOf(jobIds), err, exitStatus);
    }

    /** The job ended on its own: a later exit must not cancel anything. */
    @Override
    public void close() {
        armed = false;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) already and sees armed == false
        }
    }
}
