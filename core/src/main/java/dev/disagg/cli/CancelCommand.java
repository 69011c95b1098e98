package dev.disagg.cli;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.slurm.SlurmException;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancels a case's job by its id (from <case dir>/job_id); harmless when the job already ended.")
final class CancelCommand implements Callable<Integer> {
    @Mixin
    CaseDirOption caseDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JobId id = caseDir.jobId();
        try {
            SlurmCli.create().cancel(id);
        } catch (SlurmException e) {
            throw new VerdictException(Verdict.INFRA_ERROR, "could not cancel job " + id + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("cancelled job " + id);
        spec.commandLine().getOut().flush();
        return Verdict.PASS.exitCode();
    }
}
