package dev.disagg.cli;

import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.run.CaseJob;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.slurm.SlurmException;
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
        var loaded = caseOptions.load(spec.commandLine().getErr());
        var out = spec.commandLine().getOut();
        try (CaseDirectory claimed = RenderCommand.claim(loaded)) {
            CaseRenderer.Rendered rendered = RenderCommand.render(loaded, claimed);
            RenderCommand.printNotes(out, loaded.plan());
            rendered.previousRunMovedTo().ifPresent(p -> out.println("earlier run kept as " + p));
            JobId id = submit(loaded.plan());
            out.println("submitted job " + id + " for case " + loaded.plan().caseName() + " (" + rendered.caseDir() + ")");
            out.flush();
            return ExitCodes.OK;
        }
    }

    static JobId submit(dev.disagg.plan.Plan plan) throws IOException, InterruptedException {
        try {
            return CaseJob.submit(SlurmCli.create(), plan);
        } catch (SlurmException e) {
            throw new UserError("case " + plan.caseName() + " was not submitted: " + e.getMessage()
                    + " (the case directory " + plan.caseDir() + " keeps the rendered files)", ExitCodes.INFRA);
        }
    }
}
