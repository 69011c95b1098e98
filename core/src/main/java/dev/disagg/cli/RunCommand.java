package dev.disagg.cli;

import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.report.CaseChecker;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmCli;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    /** The SLURM a sweep talks to; tests replace it. */
    Supplier<Slurm> slurm = SlurmCli::create;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var out = spec.commandLine().getOut();
        if (!sweep.isEmpty()) {
            return new SweepRun(caseOptions, perfOptions, environment, slurm.get(), out, spec.commandLine().getErr(), runResult).run(sweep, maxParallel);
        }
        var loaded = runResult.load(caseOptions, spec.commandLine().getErr());
        CheckOptions checkOptions = checkOptionsBeforeSubmitting(loaded.plan().workspace(), loaded.plan().clusterProfile()).maskingAlso(loaded.plan().secrets().values().values());
        runResult.planned(loaded, checkOptions, spec.commandLine().getErr());
        runResult.started(spec.commandLine().getErr());
        // the claim is held until the verdict: another run of this case in this workspace is refused meanwhile
        try (CaseDirectory claimed = RenderCommand.claim(loaded)) {
            CaseRenderer.Rendered rendered = RenderCommand.render(loaded, claimed);
            out.println("case " + loaded.plan().caseName() + ": " + loaded.plan().totalNodes() + " node(s), case directory "
                    + rendered.caseDir());
            RenderCommand.printNotes(out, loaded.plan());
            rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
            JobId id = SubmitCommand.submit(loaded.plan());
            runResult.submitted(loaded.plan().caseName(), id, spec.commandLine().getErr());
            out.println("submitted job " + id);
            out.flush();
            JobStatus status = WaitCommand.follow(spec, id, rendered.caseDir());
            out.println("job " + id + " ended: " + status.describe());
            CaseOutcome outcome;
            try {
                outcome = CaseChecker.check(rendered.caseDir(), checkOptions);
            } catch (InvalidInputException e) {
                throw new UserError(e.getMessage());
            }
            PerfCheckOptions.record(outcome, checkOptions, spec.commandLine().getErr());
            out.println();
            out.print(outcome.summary());
            CheckCommand.warnAboutMissingBaselines(outcome, spec.commandLine().getErr());
            out.flush();
            runResult.finished(outcome, spec.commandLine().getErr());
            return outcome.exitCode();
        }
    }

    /** Bad perf-check input is found before a job is spent on the case. */
    private CheckOptions checkOptionsBeforeSubmitting(java.nio.file.Path workspace, String profileName) {
        CheckOptions options = perfOptions.toCheckOptions(environment, workspace, java.util.Optional.of(profileName));
        try {
            SkipPerfCheck.resolve(options.skipPerfCheck(), options.skipPerfCheckEnv());
        } catch (InvalidInputException e) {
            throw new UserError(e.getMessage());
        }
        options.baseline().filter(b -> !Files.isRegularFile(b)).ifPresent(b -> {
            throw new UserError("--baseline " + b + ": no such file");
        });
        return options;
    }
}
