package dev.disagg.sweep;

import dev.disagg.config.CaseConfig;
import dev.disagg.plan.Plan;
import dev.disagg.render.CaseRenderer;
import dev.disagg.io.AtomicFiles;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.run.CancelOnExit;
import dev.disagg.run.CaseRun;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code disagg run CASE...}: several cases, at most N at a time, each in its own case directory
 * and each run as {@link CaseRun} runs one, then one sweep.md / index.html / sweep-results.xml in
 * {@code <workspace>/disagg_logs/} and the worst case's exit status. Every case file is validated
 * before anything is submitted.
 */
public final class SweepRun {
    /** A case file, loaded and planned, with its perf-check options. */
    public record Case(CaseConfig config, Plan plan, CheckOptions check) {
    }

    private final CaseRun caseRun;
    private final Slurm slurm;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Optional<RunResultFile> record;

    /**
     * @param slurm what the sweep's one cancel-on-exit hook cancels with (the same SLURM {@code caseRun} talks to)
     * @param record the run result file, told of each stage ({@code run --run-result})
     */
    public SweepRun(CaseRun caseRun, Slurm slurm, PrintWriter out, PrintWriter err, Optional<RunResultFile> record) {
        this.caseRun = caseRun;
        this.slurm = slurm;
        this.out = out;
        this.err = err;
        this.record = record;
    }

    /**
     * @param inputs case files, directories or globs
     * @param load loads and plans one case file, or throws {@link VerdictException} saying why it is invalid
     */
    public int run(List<String> inputs, int maxParallel, Function<Path, Case> load) throws InterruptedException {
        if (maxParallel < 1 || maxParallel > SweepRunner.MAX_PARALLEL) {
            throw VerdictException.invalid("--max-parallel: expected 1.." + SweepRunner.MAX_PARALLEL + ", got " + maxParallel);
        }
        List<Path> files;
        try {
            files = SweepInputs.expand(inputs, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            throw VerdictException.invalid(e.getMessage());
        }
        List<Case> cases = loadAll(files, load);
        record.ifPresent(r -> {
            cases.forEach(c -> r.planned(c.config().source(), c.plan(), c.check()));
            r.started();
        });
        out.println("sweep: " + cases.size() + " case(s), at most " + maxParallel + " at a time");
        out.flush();
        List<SweepRow> rows;
        try (CancelOnExit active = CancelOnExit.forGroup(slurm, "the sweep", err, Verdict.ABORTED.exitCode())) {
            CaseRun guarded = caseRun.guardedBy(ids -> {
                ids.forEach(active::add);
                return () -> ids.forEach(active::remove);
            });
            rows = SweepRunner.run(cases, maxParallel, c -> recorded(runOne(guarded, c)), (c, e) -> recorded(row(c.plan().caseName(),
                    Optional.empty(), VerdictException.verdictOf(e), Optional.empty(), String.valueOf(e.getMessage()))));
        }
        Path logs = cases.get(0).plan().caseDir().getParent();
        AtomicFiles.write(logs.resolve(SweepReport.MARKDOWN), SweepReport.markdown(rows, logs));
        AtomicFiles.write(logs.resolve(SweepReport.HTML), SweepReport.html(rows, logs));
        AtomicFiles.write(logs.resolve(SweepReport.JUNIT), SweepReport.junit(rows));
        out.println();
        out.print(SweepReport.markdown(rows, logs));
        out.println("Files: " + SweepReport.MARKDOWN + ", " + SweepReport.HTML + ", " + SweepReport.JUNIT + " in " + logs);
        out.flush();
        int status = SweepReport.exitCode(rows);
        record.ifPresent(r -> r.done(status, "sweep of " + rows.size() + " case(s): exit " + status, Optional.of(logs)));
        return status;
    }

    private SweepRow recorded(SweepRow row) {
        record.ifPresent(r -> r.finished(row));
        return row;
    }

    /** Every file loaded, or none submitted: each invalid one is named, then the sweep stops (exit 2). */
    private List<Case> loadAll(List<Path> files, Function<Path, Case> load) {
        List<Case> cases = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path f : files) {
            try {
                Case c = load.apply(f);
                Path other = names.put(c.plan().caseName(), f);
                if (other != null) {
                    String message = f + ": case name " + c.plan().caseName() + " is also the name of " + other
                            + " (each case needs its own case directory)";
                    invalid.add(message);
                    record.ifPresent(r -> r.invalid(f, message, List.of()));
                    continue;
                }
                cases.add(c);
            } catch (VerdictException e) {
                invalid.add(e.getMessage());
            }
        }
        if (!invalid.isEmpty()) {
            invalid.forEach(m -> err.println("disagg: " + m));
            throw VerdictException.invalid(invalid.size() + " of " + files.size() + " case file(s) invalid; nothing was submitted");
        }
        return cases;
    }

    private SweepRow runOne(CaseRun run, Case c) {
        String name = c.plan().caseName();
        Progress progress = new Progress(name);
        try {
            CaseOutcome o = run.run(c.config(), c.plan(), c.check(), progress);
            say(name, o.verdict() + " (exit " + o.exitCode() + ")");
            return new SweepRow(name, Optional.of(o.caseDir()), o.verdict().name(), o.exitCode(), o.jobId(),
                    o.failureMessage().orElse(o.verdict() == Verdict.PASS ? "passed" : o.perfCheck().status().label()), o.metrics());
        } catch (IOException e) {
            return row(name, progress.caseDir, Verdict.INFRA_ERROR, progress.jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return row(name, progress.caseDir, Verdict.ABORTED, progress.jobId, "interrupted");
        } catch (RuntimeException e) {
            // not submitted, stopped following, a bad baseline: the case ends, the sweep goes on
            return row(name, progress.caseDir, VerdictException.verdictOf(e), progress.jobId, String.valueOf(e.getMessage()));
        }
    }

    private static SweepRow row(String name, Optional<Path> dir, Verdict verdict, Optional<String> job, String message) {
        return new SweepRow(name, dir, verdict.name(), verdict.exitCode(), job, message, List.of());
    }

    private void say(String name, String line) {
        synchronized (out) {
            out.println("[" + name + "] " + line);
            out.flush();
        }
    }

    /** One case's lines, prefixed with its name; remembers how far it got for its row. */
    private final class Progress implements CaseRun.Events {
        private final String name;
        private volatile Optional<Path> caseDir = Optional.empty();
        private volatile Optional<String> jobId = Optional.empty();

        Progress(String name) {
            this.name = name;
        }

        @Override
        public void rendered(Plan plan, CaseRenderer.Rendered rendered) {
            caseDir = Optional.of(rendered.caseDir());
        }

        @Override
        public void submitted(Plan plan, JobId id, Path dir) {
            jobId = Optional.of(id.toString());
            record.ifPresent(r -> r.submitted(name, id));
            say(name, "submitted job " + id + " (" + dir + ")");
        }

        @Override
        public void progress(Plan plan, String line) {
            say(name, line);
        }

        @Override
        public void ended(Plan plan, JobId id, JobStatus status) {
            say(name, "job " + id + " ended: " + status.describe());
        }
    }
}
