package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmCliTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JobId JOB = new JobId("17");
    private static final List<String> SCONTROL_JOB = List.of("scontrol", "show", "job", "-o", "17");
    private static final List<String> SACCT = List.of("sacct", "-j", "17", "-X", "-n", "-P", "-o", "JobID,State,ExitCode");
    private static final List<String> SCONTROL_CONFIG = List.of("scontrol", "show", "config");
    private static final CommandResult UNKNOWN_JOB =
            new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n");

    private final CommandRunner runner = mock(CommandRunner.class);
    private final SlurmCli slurm = new SlurmCli(runner, TIMEOUT);

    @Test
    void submitPutsTheArgumentsBeforeTheScriptAndReturnsTheId() throws Exception {
        Path script = Path.of("/cases/a b/job.sh");
        when(runner.run(List.of("sbatch", "--nodes=2", "--output=/cases/a b/slurm_%j.log", "/cases/a b/job.sh"), Map.of(), TIMEOUT))
                .thenReturn(new CommandResult(0, "Submitted batch job 4711\n", ""));

        assertThat(slurm.submit(script, List.of("--nodes=2", "--output=/cases/a b/slurm_%j.log")))
                .isEqualTo(new JobId("4711"));
    }

    @Test
    void aRefusedSubmissionCarriesSbatchsMessage() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(1, "",
                "sbatch: error: invalid partition specified: gpu-xl\n"
                        + "sbatch: error: Batch job submission failed: Invalid partition name specified\n"));

        assertThatThrownBy(() -> slurm.submit(Path.of("job.sh"), List.of("--partition=gpu-xl")))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("sbatch refused job.sh")
                .hasMessageContaining("invalid partition specified: gpu-xl")
                .hasMessageContaining("Invalid partition name specified");
    }

    @Test
    void anSbatchKilledBySigpipeSaysSoInsteadOfAnEmptyMessage() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(141, "", ""));

        assertThatThrownBy(() -> slurm.submit(Path.of("job.sh"), List.of()))
                .isInstanceOf(SlurmException.class)
                .hasMessageContaining("sbatch refused job.sh (exit status 141): ended by signal 13 without a message (SIGPIPE:");
    }

    @Test
    void anUnreachableControllerIsATransientFailure() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(1, "",
                "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)\n"));

        assertThatThrownBy(() -> slurm.submit(Path.of("job.sh"), List.of()))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void anAnswerWithoutJobIdIsAnError() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(0, "something else\n", ""));

        assertThatThrownBy(() -> slurm.submit(Path.of("job.sh"), List.of()))
                .isInstanceOf(SlurmException.class).hasMessageContaining("no job id: something else");
    }

    @Test
    void missingSlurmCommandsSayWhatToCheck() throws Exception {
        when(runner.run(any(), any(), any())).thenThrow(new IOException("Cannot run program \"sbatch\": error=2"));

        assertThatThrownBy(() -> slurm.submit(Path.of("job.sh"), List.of()))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("cannot run sbatch").hasMessageContaining("installed and on PATH");
    }

    @Test
    void aCommandThatHangsIsATransientFailure() throws Exception {
        when(runner.run(any(), any(), any())).thenThrow(new CommandTimeoutException("scontrol did not answer within 5 s"));

        assertThatThrownBy(() -> slurm.jobState(JOB))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("did not answer");
    }

    @Test
    void theStateComesFromTheControllerWhileItKnowsTheJob() throws Exception {
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(new CommandResult(0,
                "JobId=17 JobName=case JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0\n", ""));

        assertThat(slurm.jobState(JOB)).isEqualTo(new JobStatus(JOB, JobState.PENDING, 0, 0, "Resources"));
        verify(runner, never()).run(eq(SACCT), any(), any());
    }

    @Test
    void aForgottenJobIsLookedUpInAccounting() throws Exception {
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(UNKNOWN_JOB);
        when(runner.run(SACCT, Map.of(), TIMEOUT)).thenReturn(new CommandResult(0, "17|TIMEOUT|0:15\n", ""));

        assertThat(slurm.jobState(JOB)).isEqualTo(new JobStatus(JOB, JobState.TIMEOUT, 0, 15, ""));
        verify(runner, never()).run(eq(SCONTROL_CONFIG), any(), any());
    }

    @Test
    void withoutAccountingTheJobcompFileIsRead(@TempDir Path dir) throws Exception {
        Path jobcomp = Files.writeString(dir.resolve("jobcomp.txt"),
                "JobId=16 UserId=root(0) Name=x JobState=COMPLETED DerivedExitCode=0:0 ExitCode=0:0 \n"
                        + "JobId=17 UserId=root(0) Name=case JobState=FAILED WorkDir=/home/ci/cases DerivedExitCode=0:0 ExitCode=1:0 \n");
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(UNKNOWN_JOB);
        when(runner.run(SACCT, Map.of(), TIMEOUT)).thenReturn(new CommandResult(1, "", "Slurm accounting storage is disabled\n"));
        when(runner.run(SCONTROL_CONFIG, Map.of(), TIMEOUT)).thenReturn(new CommandResult(0,
                "JobCompLoc              = " + jobcomp + "\nJobCompType             = jobcomp/filetxt\n", ""));

        assertThat(slurm.jobState(JOB)).isEqualTo(new JobStatus(JOB, JobState.FAILED, 1, 0, ""));
    }

    @Test
    void aJobNobodyRemembersIsAClearError() throws Exception {
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(UNKNOWN_JOB);
        when(runner.run(SACCT, Map.of(), TIMEOUT)).thenReturn(new CommandResult(1, "", "Slurm accounting storage is disabled\n"));
        when(runner.run(SCONTROL_CONFIG, Map.of(), TIMEOUT)).thenReturn(new CommandResult(0,
                "JobCompLoc              = /var/log/slurm_jobcomp.log\nJobCompType             = jobcomp/none\n", ""));

        assertThatThrownBy(() -> slurm.jobState(JOB))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("job 17 is not known to SLURM");
    }

    @Test
    void aControllerTimeoutDuringTheLookupIsTransient() throws Exception {
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(
                new CommandResult(1, "", "slurm_load_jobs error: Socket timed out on send/recv operation\n"));

        assertThatThrownBy(() -> slurm.jobState(JOB))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("Socket timed out");
        verify(runner, never()).run(eq(SACCT), any(), any());
    }

    @Test
    void cancelNamesTheJobById() throws Exception {
        when(runner.run(List.of("scancel", "17"), Map.of(), TIMEOUT)).thenReturn(new CommandResult(0, "", ""));

        slurm.cancel(JOB);

        verify(runner).run(List.of("scancel", "17"), Map.of(), TIMEOUT);
    }

    @Test
    void cancellingAnEndedJobIsNotAnError() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(1, "",
                "scancel: error: Kill job error on job id 17: Job/step already completing or completed\n"));

        slurm.cancel(JOB);

        verify(runner).run(List.of("scancel", "17"), Map.of(), TIMEOUT);
    }

    @Test
    void aFailedCancelIsReported() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(1, "",
                "scancel: error: Kill job error on job id 17: Access/permission denied\n"));

        assertThatThrownBy(() -> slurm.cancel(JOB)).isInstanceOf(SlurmException.class)
                .hasMessageContaining("scancel 17 failed").hasMessageContaining("Access/permission denied");
    }

    @Test
    void severalJobsAreAskedAboutInOneSqueueAndOnlyAFailedOneAgain() throws Exception {
        JobId a = new JobId("17");
        JobId b = new JobId("18");
        JobId c = new JobId("19");
        JobId d = new JobId("20");
        when(runner.run(List.of("squeue", "-h", "-t", "all", "-j", "17,18,19,20", "-o", "%i|%T|%r"), Map.of(), TIMEOUT))
                .thenReturn(new CommandResult(0, "17|RUNNING|None\n18|PENDING|Resources\n19|COMPLETED|None\n20|FAILED|NonZeroExitCode\n", ""));
        when(runner.run(List.of("scontrol", "show", "job", "-o", "20"), Map.of(), TIMEOUT)).thenReturn(new CommandResult(0,
                "JobId=20 JobName=case JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0\n", ""));

        assertThat(slurm.jobStates(List.of(a, b, c, d))).containsExactly(
                java.util.Map.entry(a, new JobStatus(a, JobState.RUNNING, 0, 0, "")),
                java.util.Map.entry(b, new JobStatus(b, JobState.PENDING, 0, 0, "Resources")),
                java.util.Map.entry(c, new JobStatus(c, JobState.COMPLETED, 0, 0, "")),
                java.util.Map.entry(d, new JobStatus(d, JobState.FAILED, 3, 0, "NonZeroExitCode")));
        // COMPLETED is SLURM's word for exit code 0: only the failed job is read again, for its code
        verify(runner, never()).run(eq(List.of("scontrol", "show", "job", "-o", "19")), any(), any());
        verify(runner).run(eq(List.of("scontrol", "show", "job", "-o", "20")), any(), any());
        verify(runner, never()).run(eq(SCONTROL_JOB), any(), any());
    }

    @Test
    void aBatchTheControllerForgotEntirelyIsLookedUpJobByJob() throws Exception {
        JobId b = new JobId("18");
        when(runner.run(List.of("squeue", "-h", "-t", "all", "-j", "17,18", "-o", "%i|%T|%r"), Map.of(), TIMEOUT)).thenReturn(
                new CommandResult(1, "", "slurm_load_jobs error: Invalid job id specified\n"));
        when(runner.run(SCONTROL_JOB, Map.of(), TIMEOUT)).thenReturn(UNKNOWN_JOB);
        when(runner.run(SACCT, Map.of(), TIMEOUT)).thenReturn(new CommandResult(0, "17|COMPLETED|0:0\n", ""));
        when(runner.run(List.of("scontrol", "show", "job", "-o", "18"), Map.of(), TIMEOUT)).thenReturn(new CommandResult(0,
                "JobId=18 JobState=FAILED Reason=NonZeroExitCode ExitCode=2:0\n", ""));

        var states = slurm.jobStates(List.of(JOB, b));

        assertThat(states.get(JOB)).isEqualTo(new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));
        assertThat(states.get(b)).isEqualTo(new JobStatus(b, JobState.FAILED, 2, 0, "NonZeroExitCode"));
    }

    @Test
    void aSqueueTheControllerDoesNotAnswerIsTransient() throws Exception {
        when(runner.run(any(), any(), any())).thenReturn(new CommandResult(1, "",
                "slurm_load_jobs error: Socket timed out on send/recv operation\n"));

        assertThatThrownBy(() -> slurm.jobStates(List.of(JOB, new JobId("18"))))
                .isInstanceOfSatisfying(SlurmException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("squeue -j 17,18 failed");
    }
}
