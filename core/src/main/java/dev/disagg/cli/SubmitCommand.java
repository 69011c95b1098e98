package dev.disagg.cli;

import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.run.CaseRun;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Renders the case directory and submits its job; prints the job id (also written to <case dir>/job_id).")
final class SubmitCommand implements Callable<Integer> {
    @Mixin
    CaseOptions caseOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var err = spec.commandLine().getErr();
        var loaded = caseOptions.load(err);
        var out = spec.commandLine().getOut();
        CaseRun caseRun = CaseOptions.caseRun(SlurmCli.create(), err);
        try (CaseDirectory claimed = caseRun.claim(loaded.plan())) {
            CaseRenderer.Rendered rendered = caseRun.render(loaded.config(), loaded.plan(), claimed);
            CaseOptions.printNotes(out, loaded.plan());
            rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
            JobId id = caseRun.submit(loaded.plan());
            out.println("submitted job " + id + " for case " + loaded.plan().caseName() + " (" + rendered.caseDir() + ")");
            out.flush();
            return Verdict.PASS.exitCode();
        }
    }
}
