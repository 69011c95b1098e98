package dev.disagg.cli;

import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.plan.Plan;
import dev.disagg.render.CaseRenderer;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.run.CaseRun;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.sweep.RunResultFile;
import dev.disagg.sweep.SweepRun;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs one case to its verdict: render, submit, follow the job, check, report.",
                "Exit status: 0 passed, 1 test failed, 2 invalid input (nothing submitted), 3 perf regression,"
                        + " 4 SLURM/infrastructure error, 130 interrupted (the job is cancelled)."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    CaseOptions caseOptions;

    @Mixin
    PerfCheckOptions perfOptions;

    @Mixin
    RunResultOption runResult;

    /** Where SKIP_PERF_CHECK is read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Parameters(arity = "0..*", paramLabel = "CASE",
            description = "Run several cases as one sweep: case files, directories (their top-level *.yaml/*.yml) or globs"
                    + " (cases/*_dep16*.yaml). Then sweep.md, index.html and sweep-results.xml go to <workspace>/disagg_logs/"
                    + " and the exit status is the worst case's.")
    List<String> sweep = List.of();

    @Option(names = "--max-parallel", paramLabel = "N", description = "A sweep runs at most N cases at a time (default 4).")
    int maxParallel = 4;

    /** The SLURM the run talks to; tests replace it. */
    Supplier<Slurm> slurm = SlurmCli::create;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Slurm talkTo = slurm.get();
        CaseRun caseRun = CaseOptions.caseRun(talkTo, err);
        checkRunWideOptions();
        if (!sweep.isEmpty()) {
            if (caseOptions.caseName != null || caseOptions.config != null) {
                throw VerdictException.invalid("a sweep names its cases by their files: give case files, directories or globs, without --config or --case-name");
            }
            return new SweepRun(caseRun, talkTo, out, err, runResult.recorder(err)).run(sweep, maxParallel, this::loadSweepCase);
        }
        var loaded = runResult.load(caseOptions, err);
        CheckOptions checkOptions = checkOptions(loaded.plan());
        runResult.planned(loaded, checkOptions, err);
        runResult.started(err);
        CaseOutcome outcome = caseRun.run(loaded.config(), loaded.plan(), checkOptions, new Console(out, runResult.recorder(err)));
        out.println();
        out.print(outcome.summary());
        out.flush();
        runResult.finished(outcome, err);
        return outcome.exitCode();
    }

    /** One case file of a sweep, loaded and planned with this command's options. */
    private SweepRun.Case loadSweepCase(Path file) {
        caseOptions.config = file;
        try {
            CaseOptions.Loaded loaded = runResult.load(caseOptions, spec.commandLine().getErr());
            return new SweepRun.Case(loaded.config(), loaded.plan(), checkOptions(loaded.plan()));
        } finally {
            caseOptions.config = null;
        }
    }

    private CheckOptions checkOptions(Plan plan) {
        return perfOptions.toCheckOptions(environment, plan.workspace(), Optional.of(plan.clusterProfile()))
                .maskingAlso(plan.secrets().values().values());
    }

    /** Perf-check input that holds for every case (SKIP_PERF_CHECK, --baseline) is checked once, before any case file is read. */
    private void checkRunWideOptions() {
        CheckOptions options = perfOptions.toCheckOptions(environment);
        try {
            SkipPerfCheck.resolve(options.skipPerfCheck(), options.skipPerfCheckEnv());
        } catch (InvalidInputException e) {
            throw VerdictException.invalid(e.getMessage());
        }
        options.baseline().filter(b -> !Files.isRegularFile(b)).ifPresent(b -> {
            throw VerdictException.invalid("--baseline " + b + ": no such file");
        });
    }

    /** A single case's lines, as a console or a build log shows them. */
    private record Console(PrintWriter out, Optional<RunResultFile> record) implements CaseRun.Events {
        @Override
        public void rendered(Plan plan, CaseRenderer.Rendered rendered) {
            out.println("case " + plan.caseName() + ": " + plan.totalNodes() + " node(s), case directory " + rendered.caseDir());
            CaseOptions.printNotes(out, plan);
            rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
        }

        @Override
        public void submitted(Plan plan, JobId id, Path caseDir) {
            record.ifPresent(r -> r.submitted(plan.caseName(), id));
            out.println("submitted job " + id);
            out.flush();
        }

        @Override
        public void progress(Plan plan, String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public void ended(Plan plan, JobId id, JobStatus status) {
            out.println("job " + id + " ended: " + status.describe());
        }
    }
}
