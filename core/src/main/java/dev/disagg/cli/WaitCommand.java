package dev.disagg.cli;

import dev.disagg.run.CancelOnExit;
import dev.disagg.run.JobWatcher;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.slurm.SlurmException;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Follows a case's job to its end with a progress line per state change; writes job_state.json.",
                "Works with and without sacct. SIGINT/SIGTERM cancels the job. Exit 0 when the job completed with status 0, else 1."})
final class WaitCommand implements Callable<Integer> {
    @Mixin
    CaseDirOption caseDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        JobId id = caseDir.jobId();
        JobStatus status = follow(spec, id, caseDir.caseDir);
        spec.commandLine().getOut().println("job " + id + " ended: " + status.describe());
        spec.commandLine().getOut().flush();
        return status.succeeded() ? ExitCodes.OK : ExitCodes.TEST_FAILED;
    }

    /** Follows the job, cancelling it if this process is stopped before the job ends. */
    static JobStatus follow(picocli.CommandLine.Model.CommandSpec spec, JobId id, java.nio.file.Path caseDir)
            throws InterruptedException {
        var out = spec.commandLine().getOut();
        SlurmCli slurm = SlurmCli.create();
        try (CancelOnExit guard = CancelOnExit.arm(slurm, id, spec.commandLine().getErr(), ExitCodes.ABORTED)) {
            return JobWatcher.create(slurm, line -> {
                out.println(line);
                out.flush();
            }).watch(id, caseDir);
        } catch (SlurmException e) {
            // We stop following the job: it must not run (or wait in the queue) unwatched.
            throw new UserError("stopped following job " + id + ": " + e.getMessage() + "; " + cancel(slurm, id),
                    ExitCodes.INFRA);
        }
    }

    private static String cancel(SlurmCli slurm, JobId id) throws InterruptedException {
        try {
            slurm.cancel(id);
            return "job " + id + " cancelled";
        } catch (SlurmException e) {
            return "could not cancel job " + id + " (" + e.getMessage() + "); cancel it with: scancel " + id;
        }
    }
}
