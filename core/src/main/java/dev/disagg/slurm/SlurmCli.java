package dev.disagg.slurm;

import dev.disagg.io.TextLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Slurm} through the SLURM command-line tools. */
public final class SlurmCli implements Slurm {
    /** Generous: a busy controller answers slowly, and SLURM's own message timeout is 10 s. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final CommandRunner runner;
    private final Duration commandTimeout;

    public SlurmCli(CommandRunner runner, Duration commandTimeout) {
        this.runner = runner;
        this.commandTimeout = commandTimeout;
    }

    /** Real processes, default timeout; each command traced when {@code DISAGG_SLURM_TRACE} names a file. */
    public static SlurmCli create() {
        return create(System.getenv());
    }

    static SlurmCli create(Map<String, String> environment) {
        CommandRunner runner = new ProcessCommandRunner();
        String trace = environment.get(TracingCommandRunner.ENV);
        if (trace != null && !trace.isBlank()) {
            runner = new TracingCommandRunner(runner, Path.of(trace), Clock.systemUTC());
        }
        return new SlurmCli(runner, DEFAULT_COMMAND_TIMEOUT);
    }

    @Override
    public JobId submit(Path script, List<String> sbatchArgs) throws InterruptedException {
        return submit(script, sbatchArgs, Map.of());
    }

    @Override
    public JobId submit(Path script, List<String> sbatchArgs, Map<String, String> environment) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("sbatch");
        command.addAll(sbatchArgs);
        command.add(script.toString());
        CommandResult result = run(command, environment);
        if (!result.succeeded()) {
            throw failure("sbatch refused " + script, result);
        }
        return SlurmOutput.submittedJobId(result.stdout()).orElseThrow(() -> new SlurmException(
                "sbatch accepted " + script + " but its answer has no job id: " + oneLine(result.stdout()), false));
    }

    @Override
    public JobStatus jobState(JobId jobId) throws InterruptedException {
        CommandResult scontrol = run(List.of("scontrol", "show", "job", "-o", jobId.value()));
        if (scontrol.succeeded()) {
            return SlurmOutput.keyValueStatus(jobId, scontrol.stdout()).orElseThrow(() -> new SlurmException(
                    "cannot read the state of job " + jobId + " from: " + oneLine(scontrol.stdout()), false));
        }
        if (!scontrol.stderr().contains("Invalid job id")) {
            throw failure("scontrol show job " + jobId + " failed", scontrol);
        }
        // The controller forgets a job MinJobAge after it ended; accounting or the jobcomp file remember.
        Optional<JobStatus> remembered = fromAccounting(jobId);
        if (remembered.isEmpty()) {
            remembered = fromJobcompFile(jobId);
        }
        return remembered.orElseThrow(() -> new SlurmException("job " + jobId + " is not known to SLURM: the"
                + " controller does not know it (any more) and neither sacct nor a jobcomp file has it", false));
    }

    /**
     * One {@code squeue -j a,b,c} for the jobs the controller still holds; a job it reports as
     * ended otherwise than COMPLETED (or no longer lists) is asked about once more as {@link #jobState}
     * does, for its exit code.
     */
    @Override
    public Map<JobId, JobStatus> jobStates(Collection<JobId> jobIds) throws InterruptedException {
        if (jobIds.size() == 1) {
            JobId only = jobIds.iterator().next();
            return Map.of(only, jobState(only));
        }
        String ids = String.join(",", jobIds.stream().map(JobId::value).toList());
        CommandResult squeue = run(List.of("squeue", "-h", "-t", "all", "-j", ids, "-o", "%i|%T|%r"));
        Map<JobId, JobStatus> listed = Map.of();
        if (squeue.succeeded()) {
            listed = SlurmOutput.squeueStatuses(squeue.stdout());
        } else if (!squeue.stderr().contains("Invalid job id")) {
            throw failure("squeue -j " + ids + " failed", squeue);
        }
        Map<JobId, JobStatus> states = new LinkedHashMap<>();
        for (JobId id : jobIds) {
            JobStatus status = listed.get(id);
            // squeue shows no exit code: an ended job is read as one job, once, unless it is COMPLETED
            // (SLURM's state for exit code 0 on every node, which is what squeue's answer already says)
            boolean needsExitCode = status == null || (status.state().isTerminal() && status.state() != JobState.COMPLETED);
            states.put(id, needsExitCode ? jobState(id) : status);
        }
        return states;
    }

    @Override
    public void cancel(JobId jobId) throws InterruptedException {
        CommandResult result = run(List.of("scancel", jobId.value()));
        boolean alreadyOver = result.stderr().contains("already completing or completed")
                || result.stderr().contains("Invalid job id");
        if (!result.succeeded() && !alreadyOver) {
            throw failure("scancel " + jobId + " failed", result);
        }
    }

    private Optional<JobStatus> fromAccounting(JobId jobId) throws InterruptedException {
        CommandResult sacct = run(List.of("sacct", "-j", jobId.value(), "-X", "-n", "-P", "-o", "JobID,State,ExitCode"));
        if (!sacct.succeeded()) {
            // "Slurm accounting storage is disabled" is the common case; a transient problem is not.
            if (SlurmOutput.isTransient(sacct.stderr())) {
                throw failure("sacct -j " + jobId + " failed", sacct);
            }
            return Optional.empty();
        }
        return SlurmOutput.sacctStatus(jobId, sacct.stdout());
    }

    private Optional<JobStatus> fromJobcompFile(JobId jobId) throws InterruptedException {
        CommandResult config = run(List.of("scontrol", "show", "config"));
        if (!config.succeeded()) {
            throw failure("scontrol show config failed", config);
        }
        Optional<Path> file = SlurmOutput.configValue(config.stdout(), "JobCompType")
                .filter("jobcomp/filetxt"::equals)
                .flatMap(type -> SlurmOutput.configValue(config.stdout(), "JobCompLoc"))
                .map(Path::of)
                // Usually only on the controller's host; elsewhere there is nothing to read.
                .filter(Files::isReadable);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        // The file lists every job the cluster ran (GBs on a busy controller): stream it, keeping this job's lines.
        String marker = "JobId=" + jobId.value();
        StringBuilder lines = new StringBuilder();
        for (String line : TextLines.of(file.get())) {
            if (line.contains(marker)) {
                lines.append(line).append('\n');
            }
        }
        return SlurmOutput.keyValueStatus(jobId, lines.toString());
    }

    private CommandResult run(List<String> command) throws InterruptedException {
        return run(command, Map.of());
    }

    private CommandResult run(List<String> command, Map<String, String> environment) throws InterruptedException {
        try {
            return runner.run(command, environment, commandTimeout);
        } catch (CommandTimeoutException e) {
            throw new SlurmException(e.getMessage() + " (is the SLURM controller overloaded?)", true, e);
        } catch (IOException e) {
            throw new SlurmException("cannot run " + command.get(0) + ": " + e.getMessage()
                    + " (are the SLURM client commands installed and on PATH?)", false, e);
        }
    }

    private static SlurmException failure(String what, CommandResult result) {
        String message = oneLine(result.stderr().isBlank() ? result.stdout() : result.stderr());
        if (message.isEmpty() && result.exitCode() > 128) {
            // a signal leaves no message of its own (SIGPIPE: core/docs/reliability-cluster.md, "Load")
            int signal = result.exitCode() - 128;
            message = "ended by signal " + signal + " without a message" + (signal == 13
                    ? " (SIGPIPE: munged or slurmctld closed a connection it was writing to, as on a login node short of CPU)" : "");
        }
        return new SlurmException(what + " (exit status " + result.exitCode() + "): " + message,
                SlurmOutput.isTransient(message));
    }

    private static String oneLine(String text) {
        return String.join(" | ", text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}
