package dev.disagg.slurm;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLURM operations a case needs. Every method throws {@link SlurmException} when SLURM
 * fails or refuses, and {@link InterruptedException} when the caller's thread is interrupted
 * while a command runs (the command is killed).
 */
public interface Slurm {

    /**
     * Submits {@code script} with {@code sbatchArgs} placed before it on sbatch's command line
     * (e.g. {@code --nodes=2}, {@code --output=<case dir>/slurm_%j.log}).
     *
     * @return the id sbatch answered with
     */
    JobId submit(Path script, List<String> sbatchArgs) throws InterruptedException;

    /**
     * The same with {@code environment} added to sbatch's environment, which SLURM passes on to
     * the job (with {@code --export=ALL}): how secrets reach the roles without being written down.
     * An implementation that cannot do that still submits jobs that need no environment.
     */
    default JobId submit(Path script, List<String> sbatchArgs, Map<String, String> environment) throws InterruptedException {
        if (environment.isEmpty()) {
            return submit(script, sbatchArgs);
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot give sbatch an environment");
    }

    /**
     * The job's state now: asks the controller first, then accounting (sacct) and the jobcomp
     * file for a job the controller has already forgotten.
     */
    JobStatus jobState(JobId jobId) throws InterruptedException;

    /**
     * The states of several jobs, in as few calls as the implementation can (one {@code squeue}
     * for all of them); a job it cannot tell about is asked about as {@link #jobState} does.
     */
    default Map<JobId, JobStatus> jobStates(Collection<JobId> jobIds) throws InterruptedException {
        Map<JobId, JobStatus> states = new LinkedHashMap<>();
        for (JobId id : jobIds) {
            states.put(id, jobState(id));
        }
        return states;
    }

    /** Cancels the job by its id (never by name). Cancelling an ended job is not an error. */
    void cancel(JobId jobId) throws InterruptedException;
}
