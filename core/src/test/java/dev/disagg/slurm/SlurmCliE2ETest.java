package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SlurmCli against the real local cluster (test/scripts/local-slurm.sh start). */
@Tag("e2e")
class SlurmCliE2ETest {
    private final SlurmCli slurm = SlurmCli.create();

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        LocalCluster.requireRunning();
    }

    @Test
    void aJobRunsToCompletion() throws Exception {
        JobId id = slurm.submit(script("echo hello from $SLURM_JOB_ID"), output());

        JobStatus end = LocalCluster.fastWatcher(slurm).watch(id, dir);

        assertThat(end.succeeded()).isTrue();
        assertThat(Files.readString(dir.resolve("slurm_" + id + ".log"))).contains("hello from " + id);
        assertThat(Files.readString(dir.resolve("job_state.json"))).contains("\"COMPLETED\"");
    }

    @Test
    void aFailingJobReportsItsExitCode() throws Exception {
        JobId id = slurm.submit(script("exit 3"), output());

        JobStatus end = LocalCluster.fastWatcher(slurm).watch(id, dir);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.exitCode()).isEqualTo(3);
    }

    @Test
    void cancelEndsARunningJob() throws Exception {
        JobId id = slurm.submit(script("sleep 300"), output());
        awaitState(id, JobState.RUNNING);

        slurm.cancel(id);
        JobStatus end = LocalCluster.fastWatcher(slurm).watch(id, dir);

        assertThat(end.state()).isEqualTo(JobState.CANCELLED);
        slurm.cancel(id); // an ended job: nothing to do, no error
    }

    @Test
    void aRefusedSubmissionSaysWhy() {
        assertThatThrownBy(() -> slurm.submit(script("true"), List.of("--partition=no-such-partition")))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("invalid partition");
    }

    @Test
    void aJobTheControllerForgotIsFoundInTheJobcompFile() throws Exception {
        JobId id = slurm.submit(script("exit 4"), output());
        LocalCluster.fastWatcher(slurm).watch(id, dir);
        // The controller keeps ended jobs for MinJobAge (300 s); answer for it as it would after that,
        // so the real sacct (accounting is disabled here) and the real jobcomp file are asked.
        ProcessCommandRunner real = new ProcessCommandRunner();
        CommandRunner forgetful = (command, environment, timeout) -> command.subList(0, 2).equals(List.of("scontrol", "show"))
                && command.contains("job")
                ? new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n")
                : real.run(command, environment, timeout);

        JobStatus status = new SlurmCli(forgetful, Duration.ofSeconds(30)).jobState(id);

        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.exitCode()).isEqualTo(4);
    }

    private Path script(String body) throws Exception {
        return Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\n" + body + "\n");
    }

    private List<String> output() {
        return List.of("--job-name=disagg-e2e", "--output=" + dir.resolve("slurm_%j.log"));
    }

    private void awaitState(JobId id, JobState wanted) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15 * 60); // a ceiling: the shared cluster may queue it
        while (slurm.jobState(id).state() != wanted) {
            assertThat(Instant.now()).as("job %s reaching %s", id, wanted).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
