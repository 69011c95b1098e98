package dev.disagg.run;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.Slurm;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cancels the jobs this process follows when it is told to stop (SIGINT, SIGTERM: a Jenkins abort
 * or Ctrl-C), so no allocation outlives the build, then ends the process. By id only. A sweep
 * keeps one for all its cases ({@link #forGroup}) and adds and removes jobs as they start and end:
 * per-case hooks would race, and the first to end the process would leave the others' jobs running.
 */
public final class CancelOnExit implements AutoCloseable {
    private final Slurm slurm;
    private final PrintWriter err;
    private final Optional<String> group;
    private final Set<JobId> jobs = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Thread hook;
    private volatile boolean armed = true;

    private CancelOnExit(Slurm slurm, List<JobId> jobIds, PrintWriter err, int exitStatus, Optional<String> group) {
        this.slurm = slurm;
        this.err = err;
        this.group = group;
        jobs.addAll(jobIds);
        this.hook = new Thread(() -> {
            if (armed) {
                cancelAll();
                Runtime.getRuntime().halt(exitStatus);
            }
        }, "disagg-cancel-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** One hook for these jobs: each is cancelled before the process halts with {@code exitStatus}. */
    public static CancelOnExit arm(Slurm slurm, List<JobId> jobIds, PrintWriter err, int exitStatus) {
        return new CancelOnExit(slurm, List.copyOf(jobIds), err, exitStatus, Optional.empty());
    }

    /** One hook for the jobs of {@code group} (e.g. "the sweep") that are {@link #add added} and not yet removed. */
    public static CancelOnExit forGroup(Slurm slurm, String group, PrintWriter err, int exitStatus) {
        return new CancelOnExit(slurm, List.of(), err, exitStatus, Optional.of(group));
    }

    public void add(JobId id) {
        jobs.add(id);
    }

    /** The job ended on its own (or was cancelled): an exit must not cancel it. */
    public void remove(JobId id) {
        jobs.remove(id);
    }

    /** Cancels every job still followed; what could not be cancelled is named with the command to do it. */
    void cancelAll() {
        List<JobId> now;
        synchronized (jobs) {
            now = List.copyOf(jobs);
        }
        group.ifPresent(g -> err.println("disagg: interrupted: cancelling " + now.size() + " job(s) of " + g));
        for (JobId id : now) {
            if (group.isEmpty()) {
                err.println("disagg: interrupted: cancelling job " + id);
                err.flush();
            }
            err.println("disagg: " + JobCancel.cancel(slurm, id));
            err.flush();
        }
        err.flush();
    }

    /** The jobs ended on their own: a later exit must not cancel anything. */
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
