package dev.disagg.cli;

import dev.disagg.run.CancelOnExit;
import dev.disagg.run.CaseJob;
import dev.disagg.run.JobWatcher;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.slurm.SlurmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"Follows cases' jobs to their end with a progress line per state change; writes each job_state.json.",
                "Several --case-dir are followed by one process with one squeue call for all of them.",
                "Works with and without sacct. SIGINT/SIGTERM cancels the jobs. Exit 0 when every job completed with status 0, else 1."})
final class WaitCommand implements Callable<Integer> {
    @Option(names = "--case-dir", required = true, paramLabel = "DIR",
            description = "A case directory (<workspace>/disagg_logs/<case>); repeat it to follow several.")
    List<Path> caseDirs;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<JobId, Path> jobs = new LinkedHashMap<>();
        for (Path dir : caseDirs) {
            if (!Files.isDirectory(dir)) {
                throw new UserError(dir + ": no such case directory");
            }
            JobId id = CaseJob.find(dir).orElseThrow(() -> new UserError(dir + " has no " + CaseJob.JOB_ID_FILE
                    + " file: this case was never submitted"));
            if (jobs.putIfAbsent(id, dir) != null) {
                throw new UserError(dir + ": job " + id + " is followed already (" + jobs.get(id) + ")");
            }
        }
        Map<JobId, JobStatus> ended = follow(spec, jobs);
        boolean allSucceeded = true;
        for (Map.Entry<JobId, JobStatus> e : ended.entrySet()) {
            spec.commandLine().getOut().println("job " + e.getKey() + " ended: " + e.getValue().describe());
            allSucceeded &= e.getValue().succeeded();
        }
        spec.commandLine().getOut().flush();
        return allSucceeded ? ExitCodes.OK : ExitCodes.TEST_FAILED;
    }

    /** Follows the job, cancelling it if this process is stopped before the job ends. */
    static JobStatus follow(picocli.CommandLine.Model.CommandSpec spec, JobId id, Path caseDir)
            throws InterruptedException {
        return follow(spec, Map.of(id, caseDir)).get(id);
    }

    /** Follows the jobs together, cancelling them all if this process is stopped before they end. */
    static Map<JobId, JobStatus> follow(picocli.CommandLine.Model.CommandSpec spec, Map<JobId, Path> jobs)
            throws InterruptedException {
        var out = spec.commandLine().getOut();
        SlurmCli slurm = SlurmCli.create();
        List<JobId> ids = new ArrayList<>(jobs.keySet());
        try (CancelOnExit guard = CancelOnExit.arm(slurm, ids, spec.commandLine().getErr(), ExitCodes.ABORTED)) {
            return JobWatcher.create(slurm, line -> {
                out.println(line);
                out.flush();
            }).watchAll(jobs);
        } catch (SlurmException e) {
            // We stop following the jobs: they must not run (or wait in the queue) unwatched.
            List<String> cancelled = new ArrayList<>();
            for (JobId id : ids) {
                cancelled.add(cancel(slurm, id));
            }
            throw new UserError("stopped following job " + String.join(",", ids.stream().map(JobId::value).toList())
                    + ": " + e.getMessage() + "; " + String.join("; ", cancelled), ExitCodes.INFRA);
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
