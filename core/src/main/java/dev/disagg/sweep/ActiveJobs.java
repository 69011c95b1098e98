package dev.disagg.sweep;

import dev.disagg.run.JobCancel;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.Slurm;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a sweep follows right now. One shutdown hook for the whole sweep (SIGINT, SIGTERM)
 * cancels every one of them by id, then ends the process: per-case hooks would race, and the
 * first to end the process would leave the others' jobs running.
 */
public final class ActiveJobs implements AutoCloseable {
    private final Set<JobId> jobs = ConcurrentHashMap.newKeySet();
    private final Thread hook;
    private volatile boolean armed = true;

    public ActiveJobs(Slurm slurm, PrintWriter err, int exitStatus) {
        this.hook = new Thread(() -> {
            if (armed) {
                cancelAll(slurm, err);
                Runtime.getRuntime().halt(exitStatus);
            }
        }, "disagg-sweep-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public void add(JobId id) {
        jobs.add(id);
    }

    public void remove(JobId id) {
        jobs.remove(id);
    }

    /** Cancels every active job by id; what could not be cancelled is named with the command to do it. */
    void cancelAll(Slurm slurm, PrintWriter err) {
        List<JobId> now = List.copyOf(jobs);
        err.println("disagg: interrupted: cancelling " + now.size() + " job(s) of the sweep");
        for (JobId id : now) {
            err.println("disagg: " + JobCancel.cancel(slurm, id));
        }
        err.flush();
    }

    @Override
    public void close() {
        armed = false;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already and sees armed == false
        }
    }
}
