package dev.disagg.cli;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.nio.file.Path;
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
            JobId id = CaseDirOption.jobIdOf(dir);
            if (jobs.putIfAbsent(id, dir) != null) {
                throw VerdictException.invalid(dir + ": job " + id + " is followed already (" + jobs.get(id) + ")");
            }
        }
        var out = spec.commandLine().getOut();
        Map<JobId, JobStatus> ended = CaseOptions.caseRun(SlurmCli.create(), spec.commandLine().getErr()).follow(jobs, line -> {
            out.println(line);
            out.flush();
        });
        boolean allSucceeded = true;
        for (Map.Entry<JobId, JobStatus> e : ended.entrySet()) {
            out.println("job " + e.getKey() + " ended: " + e.getValue().describe());
            allSucceeded &= e.getValue().succeeded();
        }
        out.flush();
        return allSucceeded ? Verdict.PASS.exitCode() : Verdict.TEST_FAILED.exitCode();
    }
}
