package dev.disagg.cli;

import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.Verdict;
import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.report.AtomicFiles;
import dev.disagg.report.CaseChecker;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.run.CaseJob;
import dev.disagg.run.JobWatcher;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import dev.disagg.sweep.ActiveJobs;
import dev.disagg.sweep.SweepInputs;
import dev.disagg.sweep.SweepReport;
import dev.disagg.sweep.SweepRow;
import dev.disagg.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code disagg run CASE...}: several cases, at most N at a time, each in its own case directory,
 * then one sweep.md / index.html / sweep-results.xml in {@code <workspace>/disagg_logs/} and the
 * worst case's exit status. Every case file is validated before anything is submitted.
 */
final class SweepRun {
    private final CaseOptions caseOptions;
    private final PerfCheckOptions perfOptions;
    private final Map<String, String> environment;
    private final Slurm slurm;
    private final PrintWriter out;
    private final PrintWriter err;
    private final RunResultOption runResult;

    SweepRun(CaseOptions caseOptions, PerfCheckOptions perfOptions, Map<String, String> environment, Slurm slurm, PrintWriter out, PrintWriter err,
             RunResultOption runResult) {
        this.caseOptions = caseOptions;
        this.perfOptions = perfOptions;
        this.environment = environment;
        this.slurm = slurm;
        this.out = out;
        this.err = err;
        this.runResult = runResult;
    }

    private record Case(CaseOptions.Loaded loaded, CheckOptions check) {
    }

    int run(List<String> inputs, int maxParallel) throws InterruptedException {
        if (maxParallel < 1 || maxParallel > SweepRunner.MAX_PARALLEL) {
            throw new UserError("--max-parallel: expected 1.." + SweepRunner.MAX_PARALLEL + ", got " + maxParallel);
        }
        if (caseOptions.caseName != null || caseOptions.config != null) {
            throw new UserError("a sweep names its cases by their files: give case files, directories or globs, without --config or --case-name");
        }
        List<Path> files;
        try {
            files = SweepInputs.expand(inputs, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<Case> cases = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path f : files) {
            caseOptions.config = f;
            try {
                CaseOptions.Loaded loaded = runResult.load(caseOptions, err);
                Path other = names.put(loaded.plan().caseName(), f);
                if (other != null) {
                    invalid.add(f + ": case name " + loaded.plan().caseName() + " is also the name of " + other
                            + " (each case needs its own case directory)");
                    runResult.invalid(f, invalid.get(invalid.size() - 1), err);
                    continue;
                }
                CheckOptions check = perfOptions.toCheckOptions(environment, loaded.plan().workspace(), Optional.of(loaded.plan().clusterProfile()))
                        .maskingAlso(loaded.plan().secrets().values().values());
                cases.add(new Case(loaded, check));
            } catch (UserError e) {
                invalid.add(e.getMessage());
            } finally {
                caseOptions.config = null;
            }
        }
        if (!invalid.isEmpty()) {
            invalid.forEach(m -> err.println("disagg: " + m));
            throw new UserError(invalid.size() + " of " + files.size() + " case file(s) invalid; nothing was submitted");
        }
        cases.forEach(c -> runResult.planned(c.loaded(), c.check(), err));
        runResult.started(err);
        out.println("sweep: " + cases.size() + " case(s), at most " + maxParallel + " at a time");
        out.flush();
        List<SweepRow> rows;
        try (ActiveJobs active = new ActiveJobs(slurm, err, ExitCodes.ABORTED)) {
            rows = SweepRunner.run(cases, maxParallel, c -> runResult.finished(runOne(c, active), err),
                    (c, e) -> runResult.finished(failed(c, e), err));
        }
        Path logs = cases.get(0).loaded().plan().caseDir().getParent();
        AtomicFiles.write(logs.resolve(SweepReport.MARKDOWN), SweepReport.markdown(rows, logs));
        AtomicFiles.write(logs.resolve(SweepReport.HTML), SweepReport.html(rows, logs));
        AtomicFiles.write(logs.resolve(SweepReport.JUNIT), SweepReport.junit(rows));
        out.println();
        out.print(SweepReport.markdown(rows, logs));
        out.println("Files: " + SweepReport.MARKDOWN + ", " + SweepReport.HTML + ", " + SweepReport.JUNIT + " in " + logs);
        out.flush();
        runResult.done(SweepReport.exitCode(rows), "sweep of " + rows.size() + " case(s): exit " + SweepReport.exitCode(rows), Optional.of(logs), err);
        return SweepReport.exitCode(rows);
    }

    private SweepRow runOne(Case c, ActiveJobs active) {
        String name = c.loaded().plan().caseName();
        try (CaseDirectory claimed = RenderCommand.claim(c.loaded())) {
            CaseRenderer.Rendered rendered = RenderCommand.render(c.loaded(), claimed);
            JobId id;
            try {
                id = CaseJob.submit(slurm, c.loaded().plan());
            } catch (SlurmException e) {
                return row(name, Optional.of(rendered.caseDir()), ExitCodes.INFRA, Optional.empty(), "not submitted: " + e.getMessage());
            }
            active.add(id);
            runResult.submitted(name, id, err);
            say(name, "submitted job " + id + " (" + rendered.caseDir() + ")");
            JobStatus status;
            try {
                status = JobWatcher.create(slurm, line -> say(name, line)).watch(id, rendered.caseDir());
            } catch (SlurmException e) {
                String cancelled = cancel(id);
                return row(name, Optional.of(rendered.caseDir()), ExitCodes.INFRA, Optional.of(id.toString()),
                        "stopped following job " + id + ": " + e.getMessage() + "; " + cancelled);
            } finally {
                active.remove(id);
            }
            say(name, "job " + id + " ended: " + status.describe());
            CaseOutcome o = CaseChecker.check(rendered.caseDir(), c.check());
            PerfCheckOptions.record(o, c.check(), err);
            synchronized (err) {
                CheckCommand.warnAboutMissingBaselines(o, err);
            }
            say(name, o.verdict() + " (exit " + o.exitCode() + ")");
            return new SweepRow(name, Optional.of(o.caseDir()), o.verdict().name(), o.exitCode(), o.jobId(),
                    o.failureMessage().orElse(o.verdict() == Verdict.PASS ? "passed" : o.perfCheck().status().label()), o.metrics());
        } catch (IOException e) {
            return row(name, Optional.empty(), ExitCodes.INFRA, Optional.empty(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return row(name, Optional.empty(), ExitCodes.ABORTED, Optional.empty(), "interrupted");
        } catch (InvalidInputException e) {
            return row(name, Optional.empty(), ExitCodes.USAGE, Optional.empty(), e.getMessage());
        }
    }

    private SweepRow failed(Case c, Throwable e) {
        int code = e instanceof UserError u ? u.exitCode() : ExitCodes.INFRA;
        return row(c.loaded().plan().caseName(), Optional.empty(), code, Optional.empty(), String.valueOf(e.getMessage()));
    }

    private static SweepRow row(String name, Optional<Path> dir, int exit, Optional<String> job, String message) {
        return new SweepRow(name, dir, Verdict.ofExitCode(exit).name(), exit, job, message, List.of());
    }

    private String cancel(JobId id) {
        try {
            slurm.cancel(id);
            return "job " + id + " cancelled";
        } catch (SlurmException | InterruptedException e) {
            return "could not cancel job " + id + " (" + e.getMessage() + "); cancel it with: scancel " + id;
        }
    }

    private void say(String name, String line) {
        synchronized (out) {
            out.println("[" + name + "] " + line);
            out.flush();
        }
    }
}
