package dev.disagg.run;

import dev.disagg.config.CaseConfig;
import dev.disagg.plan.Plan;
import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.report.CheckWarmup;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One case from its plan to its verdict: render -> submit -> watch -> check, with every
 * collaborator given (SLURM, how to wait, the clock, where messages go), so the single case
 * ({@code disagg run}) and each case of a sweep take the same path. Each step is also offered
 * alone for the commands that do only that step ({@code render}, {@code submit}, {@code wait}).
 * A step that cannot go on throws {@link VerdictException} with the verdict it ends in.
 */
public final class CaseRun {
    /** What a run tells as it goes; a single case and a sweep's case say it differently. */
    public interface Events {
        void rendered(Plan plan, CaseRenderer.Rendered rendered);

        void submitted(Plan plan, JobId id, Path caseDir);

        /** A line of the job's progress (a change of state, SLURM not answering). */
        void progress(Plan plan, String line);

        void ended(Plan plan, JobId id, JobStatus status);
    }

    /** Keeps followed jobs from outliving this process (SIGINT/SIGTERM cancels them) until closed. */
    @FunctionalInterface
    public interface JobGuard {
        Guarded guard(List<JobId> ids);
    }

    /** A guard in force; closing it means the jobs ended (or were cancelled) while followed. */
    public interface Guarded extends AutoCloseable {
        @Override
        void close();
    }

    private final Slurm slurm;
    private final Sleeper sleeper;
    private final Clock clock;
    private final WatchPolicy policy;
    private final String selfCommand;
    private final PrintWriter err;
    private final JobGuard guard;

    /**
     * @param selfCommand how a job step runs this CLI (the emulator's scripts exec it)
     * @param err where warnings and the cancel-on-exit messages go
     * @param guard what keeps a followed job from outliving this process
     */
    public CaseRun(Slurm slurm, Sleeper sleeper, Clock clock, WatchPolicy policy, String selfCommand, PrintWriter err,
                   JobGuard guard) {
        this.slurm = slurm;
        this.sleeper = sleeper;
        this.clock = clock;
        this.policy = policy;
        this.selfCommand = selfCommand;
        this.err = err;
        this.guard = guard;
    }

    /** Real time, the default watch policy; a signal cancels the followed jobs and exits 130. */
    public static CaseRun create(Slurm slurm, String selfCommand, PrintWriter err) {
        return new CaseRun(slurm, Sleeper.system(), Clock.systemUTC(), WatchPolicy.defaults(), selfCommand, err,
                cancelOnExit(slurm, err));
    }

    /** A {@link JobGuard} for a process that follows its jobs alone: one shutdown hook per guard. */
    public static JobGuard cancelOnExit(Slurm slurm, PrintWriter err) {
        return ids -> CancelOnExit.arm(slurm, ids, err, Verdict.ABORTED.exitCode())::close;
    }

    /** The same run with another guard (a sweep's one hook for all its cases). */
    public CaseRun guardedBy(JobGuard other) {
        return new CaseRun(slurm, sleeper, clock, policy, selfCommand, err, other);
    }

    /**
     * Renders, submits, follows and checks one case; the case directory stays claimed until the
     * verdict, so another run of this case in this workspace is refused meanwhile.
     *
     * @throws IOException when a file of the case cannot be written (its job is not left queued)
     */
    public CaseOutcome run(CaseConfig config, Plan plan, CheckOptions check, Events events)
            throws IOException, InterruptedException {
        try (CaseDirectory claimed = claim(plan)) {
            CaseRenderer.Rendered rendered = render(config, plan, claimed);
            events.rendered(plan, rendered);
            JobId id = submit(plan);
            events.submitted(plan, id, rendered.caseDir());
            CheckWarmup.loadLibraries(); // while the job is queued, not after it ended
            JobStatus status = follow(Map.of(id, rendered.caseDir()), line -> events.progress(plan, line)).get(id);
            events.ended(plan, id, status);
            return new CaseCheck(err, clock).check(rendered.caseDir(), check);
        }
    }

    /** Claims the case directory for this run (held until closed), or fails naming the run that holds it. */
    public CaseDirectory claim(Plan plan) {
        try {
            return CaseDirectory.claim(plan.caseDir());
        } catch (IOException e) {
            throw cannotWrite(plan.caseDir(), e);
        }
    }

    /** Renders into a directory claimed just for it ({@code disagg render}). */
    public CaseRenderer.Rendered render(CaseConfig config, Plan plan) {
        try (CaseDirectory claimed = claim(plan)) {
            return render(config, plan, claimed);
        }
    }

    /**
     * Renders the case directory, or fails with what stood in the way and nothing submitted:
     * exit 2 for a workspace the user can fix, 4 for a machine problem (disk full).
     */
    public CaseRenderer.Rendered render(CaseConfig config, Plan plan, CaseDirectory claimed) {
        try {
            return CaseRenderer.render(config, plan, selfCommand, claimed);
        } catch (IOException e) {
            throw cannotWrite(plan.caseDir(), e);
        }
    }

    /** Submits the rendered case; SLURM refusing it is an infrastructure error. */
    public JobId submit(Plan plan) throws IOException, InterruptedException {
        try {
            return CaseJob.submit(slurm, plan);
        } catch (SlurmException e) {
            throw new VerdictException(Verdict.INFRA_ERROR, "case " + plan.caseName() + " was not submitted: " + e.getMessage()
                    + " (the case directory " + plan.caseDir() + " keeps the rendered files)", e);
        }
    }

    /**
     * Follows the jobs together to their end, guarded while followed; when SLURM cannot tell
     * about them they are cancelled (they must not run or wait in the queue unwatched) and this
     * is an infrastructure error.
     */
    public Map<JobId, JobStatus> follow(Map<JobId, Path> jobs, Consumer<String> progress) throws InterruptedException {
        List<JobId> ids = List.copyOf(jobs.keySet());
        try (Guarded guarded = guard.guard(ids)) {
            return new JobWatcher(slurm, sleeper, clock, progress, policy).watchAll(jobs);
        } catch (SlurmException e) {
            List<String> cancelled = new ArrayList<>();
            for (JobId id : ids) {
                cancelled.add(JobCancel.cancel(slurm, id));
            }
            throw new VerdictException(Verdict.INFRA_ERROR, "stopped following job " + String.join(",", ids.stream().map(JobId::value).toList())
                    + ": " + e.getMessage() + "; " + String.join("; ", cancelled), e);
        }
    }

    /** Which I/O error is the user's to fix (exit 2) and which the machine's (exit 4). */
    private static VerdictException cannotWrite(Path caseDir, IOException e) {
        if (e instanceof CaseDirectory.BusyException) {
            return VerdictException.invalid(e.getMessage());
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || e instanceof AccessDeniedException) {
            // a workspace the user pointed at that cannot hold the case directory: theirs to fix
            return VerdictException.invalid("cannot create the case directory " + caseDir + ": " + ((FileSystemException) e).getFile()
                    + (e instanceof AccessDeniedException ? " is not writable" : " is in the way (not a directory)")
                    + "; nothing was submitted");
        }
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() == null ? fse.getMessage()
                    : (caseDir.toString().equals(fse.getFile()) ? "" : fse.getFile() + ": ") + fse.getReason();
            boolean readOnly = fse.getReason() != null && fse.getReason().contains("Read-only file system");
            return new VerdictException(readOnly ? Verdict.INVALID_CONFIG : Verdict.INFRA_ERROR,
                    "cannot write the case directory " + caseDir + ": " + reason + "; nothing was submitted");
        }
        return VerdictException.infra("cannot write the case directory " + caseDir + ": " + e.getMessage()
                + "; nothing was submitted");
    }
}
