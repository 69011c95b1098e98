package dev.disagg.run;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a job to its end: reports each change of state, polls less often while nothing
 * changes, rides out a controller that is briefly unreachable, and records the final state in
 * {@code job_state.json}. Between polls it watches the job's log in the case directory: the job
 * script writes its last lines there just before it ends (and SLURM writes there when it cancels
 * or times out the job), so a change there starts the polling over at its first interval and the
 * end is noticed promptly however long the job ran.
 */
public final class JobWatcher {
    private final Slurm slurm;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Consumer<String> progress;
    private final WatchPolicy policy;

    public JobWatcher(Slurm slurm, Sleeper sleeper, Clock clock, Consumer<String> progress, WatchPolicy policy) {
        this.slurm = slurm;
        this.sleeper = sleeper;
        this.clock = clock;
        this.progress = progress;
        this.policy = policy;
    }

    /** Real time, default policy. */
    public static JobWatcher create(Slurm slurm, Consumer<String> progress) {
        return new JobWatcher(slurm, Sleeper.system(), Clock.systemUTC(), progress, WatchPolicy.defaults());
    }

    /**
     * Polls until the job is in a terminal state, writes {@code job_state.json} into
     * {@code caseDir} and returns that state.
     *
     * @throws SlurmException when SLURM refuses to tell, stays unreachable longer than the
     *     policy's {@code maxOutage}, or keeps the job pending for a reason it never resolves by
     *     itself ({@link JobStatus#neverStarts()}); the job may still be queued then
     */
    public JobStatus watch(JobId jobId, Path caseDir) throws InterruptedException {
        JobStatus last = null;
        Duration interval = policy.firstInterval();
        Duration retryDelay = policy.firstRetryDelay();
        Instant failingSince = null;
        FileActivity jobLog = new FileActivity(CaseJob.slurmLog(caseDir, jobId));
        boolean logChanged = false;
        while (true) {
            JobStatus now;
            try {
                now = slurm.jobState(jobId);
            } catch (SlurmException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                Instant at = clock.instant();
                failingSince = failingSince == null ? at : failingSince;
                Duration failing = Duration.between(failingSince, at);
                if (failing.compareTo(policy.maxOutage()) >= 0) {
                    throw new SlurmException("SLURM has not answered about job " + jobId + " for "
                            + failing.toSeconds() + " s; giving up: " + e.getMessage(), true, e);
                }
                progress.accept("job " + jobId + ": SLURM did not answer (" + e.getMessage() + "); retrying in "
                        + seconds(retryDelay));
                sleeper.sleep(retryDelay);
                retryDelay = policy.nextRetryDelay(retryDelay);
                continue;
            }
            failingSince = null;
            retryDelay = policy.firstRetryDelay();
            if (last == null || changed(last, now)) {
                progress.accept("job " + jobId + ": " + now.describe());
            }
            // Only a new state (or new output in the job's log) starts the interval over: a queued job's
            // reason flips between Priority and Resources as the queue moves, and must not keep its
            // follower polling fast.
            boolean newState = last == null || last.state() != now.state();
            interval = newState || logChanged ? policy.firstInterval() : policy.nextInterval(interval);
            last = now;
            Optional<String> neverStarts = now.neverStarts();
            if (neverStarts.isPresent()) {
                throw new SlurmException("job " + jobId + " cannot start: SLURM keeps it PENDING (" + now.reason() + "): "
                        + neverStarts.get(), false);
            }
            if (now.state().isTerminal()) {
                JobStateFile.write(caseDir, now);
                return now;
            }
            logChanged = sleeper.sleepUnless(interval, jobLog);
        }
    }

    private static boolean changed(JobStatus before, JobStatus now) {
        return before.state() != now.state() || !Objects.equals(before.reason(), now.reason());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }
}
