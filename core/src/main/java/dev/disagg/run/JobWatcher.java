package dev.disagg.run;

import dev.disagg.plan.CaseLayout;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.slurm.JobStateFile;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows jobs to their end: reports each change of state, records the final state in each case's
 * {@code job_state.json}, and rides out a controller that is briefly unreachable. The end is
 * noticed through the case directory: the job script writes its end marker ({@link CaseLayout#JOB_END})
 * as its last act, checked every 50 ms without a SLURM call, and SLURM is asked to confirm at
 * once. SLURM itself is only the safety net, asked as {@link WatchPolicy} says (2 calls a minute
 * while a job runs, backing off while it is pending); several jobs followed by one process share
 * each call ({@link Slurm#jobStates}: one {@code squeue -j a,b,c}).
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
     * Follows one job until it is in a terminal state, writes {@code job_state.json} into
     * {@code caseDir} and returns that state.
     *
     * @throws SlurmException when SLURM refuses to tell, stays unreachable longer than the
     *     policy's {@code maxOutage}, or keeps the job pending for a reason it never resolves by
     *     itself ({@link JobStatus#neverStarts()}); the job may still be queued then
     */
    public JobStatus watch(JobId jobId, Path caseDir) throws InterruptedException {
        return watchAll(Map.of(jobId, caseDir)).get(jobId);
    }

    /** The same for several jobs (each with its case directory) at once; the final states in the given order. */
    public Map<JobId, JobStatus> watchAll(Map<JobId, Path> jobs) throws InterruptedException {
        List<Followed> open = new ArrayList<>();
        jobs.forEach((id, dir) -> open.add(new Followed(id, dir, clock.instant())));
        Map<JobId, JobStatus> ended = new LinkedHashMap<>();
        Duration retryDelay = policy.firstRetryDelay();
        Instant failingSince = null;
        while (!open.isEmpty()) {
            Map<JobId, JobStatus> now;
            try {
                now = slurm.jobStates(open.stream().map(Followed::id).toList());
            } catch (SlurmException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                Instant at = clock.instant();
                failingSince = failingSince == null ? at : failingSince;
                Duration failing = Duration.between(failingSince, at);
                if (failing.compareTo(policy.maxOutage()) >= 0) {
                    throw new SlurmException("SLURM has not answered about job " + ids(open) + " for "
                            + failing.toSeconds() + " s; giving up: " + e.getMessage(), true, e);
                }
                progress.accept("job " + ids(open) + ": SLURM did not answer (" + e.getMessage() + "); retrying in "
                        + seconds(retryDelay));
                sleeper.sleep(retryDelay);
                retryDelay = policy.nextRetryDelay(retryDelay);
                continue;
            }
            failingSince = null;
            retryDelay = policy.firstRetryDelay();
            Instant polled = clock.instant();
            for (Followed job : List.copyOf(open)) {
                JobStatus status = Objects.requireNonNull(now.get(job.id()), () -> "SLURM did not tell about job " + job.id());
                if (job.observe(status, polled)) {
                    JobStateFile.write(job.caseDir(), status);
                    ended.put(job.id(), status);
                    open.remove(job);
                }
            }
            waitForNextCall(open);
        }
        Map<JobId, JobStatus> inOrder = new LinkedHashMap<>();
        jobs.keySet().forEach(id -> inOrder.put(id, ended.get(id)));
        return inOrder;
    }

    /** Sleeps until the earliest job is due, waking at once when a job's end marker appears. */
    private void waitForNextCall(List<Followed> open) throws InterruptedException {
        while (!open.isEmpty()) {
            Instant due = open.stream().map(Followed::due).min(Instant::compareTo).orElseThrow();
            Duration left = Duration.between(clock.instant(), due);
            if (left.isZero() || left.isNegative()) {
                return;
            }
            sleeper.sleepUnless(left, () -> {
                boolean sooner = false;
                for (Followed job : open) {
                    sooner |= job.lookAtCaseDirectory(clock.instant());
                }
                return sooner;
            });
        }
    }

    private static String ids(List<Followed> jobs) {
        return String.join(",", jobs.stream().map(j -> j.id().value()).toList());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    /** One followed job: what SLURM said last, when to ask again, what the case directory shows. */
    private final class Followed {
        private final JobId id;
        private final Path caseDir;
        private final Path endMarker;
        private final FileActivity log;
        private JobStatus last;
        private Instant lastCall;
        private Instant due;
        private Duration pendingInterval = policy.firstPendingInterval();
        private Duration endFollowUp = policy.endFollowUp();

        Followed(JobId id, Path caseDir, Instant now) {
            this.id = id;
            this.caseDir = caseDir;
            this.endMarker = caseDir.resolve(CaseLayout.JOB_END);
            this.log = new FileActivity(CaseJob.slurmLog(caseDir, id));
            this.lastCall = now;
            this.due = now;
        }

        JobId id() {
            return id;
        }

        Path caseDir() {
            return caseDir;
        }

        Instant due() {
            return due;
        }

        /** Takes SLURM's answer; true when the job has ended. */
        boolean observe(JobStatus now, Instant at) {
            if (last == null || changed(last, now)) {
                progress.accept("job " + id + ": " + now.describe());
            }
            Optional<String> neverStarts = now.neverStarts();
            if (neverStarts.isPresent()) {
                throw new SlurmException("job " + id + " cannot start: SLURM keeps it PENDING (" + now.reason() + "): "
                        + neverStarts.get(), false);
            }
            boolean newState = last == null || last.state() != now.state();
            last = now;
            lastCall = at;
            if (now.state().isTerminal()) {
                return true;
            }
            Duration next;
            if (Files.exists(endMarker)) {
                // the script has ended: SLURM says so within moments
                next = endFollowUp;
                endFollowUp = policy.nextEndFollowUp(endFollowUp);
            } else if (now.state() == JobState.PENDING) {
                // Only a new state starts the backoff over: a queued job's reason flips between Priority and
                // Resources as the queue moves, and must not keep its follower asking often.
                pendingInterval = newState ? policy.firstPendingInterval() : policy.nextPendingInterval(pendingInterval);
                next = pendingInterval;
            } else {
                next = policy.interval();
            }
            due = at.plus(next);
            return false;
        }

        /** Brings the next call forward for what the case directory shows; true when it did. */
        boolean lookAtCaseDirectory(Instant now) {
            boolean changed = log.getAsBoolean();
            Instant sooner = due;
            if (Files.exists(endMarker) && endFollowUp.equals(policy.endFollowUp())) {
                sooner = now; // the end marker, first seen: ask SLURM at once
            } else if (changed) {
                Instant afterGap = lastCall.plus(policy.logGap());
                sooner = afterGap.isAfter(now) ? afterGap : now;
            }
            if (sooner.isBefore(due)) {
                due = sooner;
                return true;
            }
            return false;
        }
    }

    private static boolean changed(JobStatus before, JobStatus now) {
        return before.state() != now.state() || !Objects.equals(before.reason(), now.reason());
    }
}
