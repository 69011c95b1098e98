package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a {@code disagg run} process (a Jenkins abort) while its job runs: the job is cancelled by id. */
@Tag("e2e")
@Timeout(value = 30, unit = TimeUnit.MINUTES) // a ceiling: the shared cluster may queue the jobs
class RunInterruptE2ETest {
    private final Cluster cluster = new Cluster();

    @TempDir
    Path workspace;

    private Process child;

    @BeforeEach
    void setUp() throws Exception {
        cluster.requireRunning();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        cluster.cancelJobsUnder(workspace);
    }

    @Test
    void sigtermCancelsTheRunningJobAndExits130() throws Exception {
        Path inputs = Files.createDirectories(workspace.resolve("inputs"));
        // 500 ms per token: one request of 32 tokens takes 16 s, so the job is busy when the signal comes.
        Path config = CaseFile.embedded().with("environment.worker_env_var", "DISAGG_EMULATOR_FAULT=slow:500")
                .write(inputs, "slow");
        Path caseDir = workspace.resolve("disagg_logs/slow");

        Path runResult = workspace.resolve("run-result.json");
        child = Cli.start(workspace.resolve("disagg-run"), "run", "--cluster", CaseFile.localProfile(inputs, 30).toString(),
                "--config", config.toString(), "--workspace", workspace.toString(), "--run-result", runResult.toString());
        // Every role is up once the server has published its address: the benchmark is under way.
        Path tod = caseDir.resolve("disagg-e2e-slow");
        awaitFile(tod.resolve("hostnames-local-0/DISAGG_SERVER.0.addr"), Duration.ofMinutes(15)); // a ceiling: the job may queue behind others
        JobId id = Cluster.jobOf(caseDir);
        assertThat(cluster.state(id).state()).isEqualTo(JobState.RUNNING);

        Instant signalled = Instant.now();
        child.destroy(); // SIGTERM

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("disagg run exits after SIGTERM").isTrue();
        String err = Files.readString(workspace.resolve("disagg-run.err"));
        assertThat(child.exitValue()).as(err).isEqualTo(Verdict.ABORTED.exitCode());
        assertThat(err).contains("cancelling job " + id, "job " + id + " cancelled");
        cluster.awaitLeftQueue(id, Duration.ofMinutes(3));
        System.out.println("job " + id + " left the queue " + Duration.between(signalled, Instant.now()).toMillis()
                + " ms after SIGTERM to disagg run");
        assertThat(cluster.state(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(tod.resolve("benchmark_status.0.txt")).as("the benchmark did not get to finish").doesNotExist();
        // what the Jenkins step's cancel fallback reads: the submitted job, never a verdict other than ABORTED
        var written = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runResult.toFile());
        assertThat(written.at("/cases/0/jobId").asText()).isEqualTo(id.toString());
        assertThat(written.at("/cases/0/verdict").isNull() || written.at("/cases/0/verdict").asText().equals("ABORTED"))
                .as(written.toString()).isTrue();
    }

    private void awaitFile(Path file, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!Files.exists(file)) {
            assertThat(child.isAlive()).as("disagg run still running while waiting for %s", file).isTrue();
            assertThat(Instant.now()).as("waiting for %s", file).isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
