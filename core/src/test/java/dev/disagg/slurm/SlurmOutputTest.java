package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmOutputTest {
    // Lines as SLURM 22.05 prints them (from the local cluster).
    private static final String SCONTROL_FAILED = "JobId=3 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A"
            + " Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode"
            + " Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00"
            + " TimeLimit=UNLIMITED WorkDir=/home/ci/my case StdOut=/home/ci/my case/out.log DerivedExitCode=0:0\n";
    private static final String JOBCOMP = ""
            + "JobId=4 UserId=root(0) GroupId=root(0) Name=wrap JobState=FAILED Partition=batch TimeLimit=UNLIMITED"
            + " NodeList=node1 NodeCnt=1 ProcCnt=1 WorkDir=/home/ci/cases DerivedExitCode=0:0 ExitCode=0:9 \n"
            + "JobId=5 UserId=root(0) GroupId=root(0) Name=wrap JobState=CANCELLED Partition=batch"
            + " DerivedExitCode=0:0 ExitCode=0:0 \n"
            + "JobId=40 UserId=root(0) GroupId=root(0) Name=wrap JobState=COMPLETED Partition=batch"
            + " DerivedExitCode=0:0 ExitCode=0:0 \n";

    @Test
    void readsTheJobIdFromSbatchsAnswer() {
        assertThat(SlurmOutput.submittedJobId("Submitted batch job 1234\n")).contains(new JobId("1234"));
        assertThat(SlurmOutput.submittedJobId("Submitted batch job 77 on cluster blue\n")).contains(new JobId("77"));
        assertThat(SlurmOutput.submittedJobId("sbatch: warning: something\n")).isEmpty();
    }

    @Test
    void readsStateExitCodeAndReasonFromScontrol() {
        JobStatus status = SlurmOutput.keyValueStatus(new JobId("3"), SCONTROL_FAILED).orElseThrow();

        assertThat(status).isEqualTo(new JobStatus(new JobId("3"), JobState.FAILED, 3, 0, "NonZeroExitCode"));
    }

    @Test
    void exitCodeIsNotConfusedWithDerivedExitCode() {
        String line = "JobId=8 JobState=FAILED DerivedExitCode=5:0 ExitCode=1:0";

        assertThat(SlurmOutput.keyValueStatus(new JobId("8"), line).orElseThrow().exitCode()).isEqualTo(1);
    }

    @Test
    void readsTheLineOfTheRightJobFromTheJobcompFile() {
        JobStatus killed = SlurmOutput.keyValueStatus(new JobId("4"), JOBCOMP).orElseThrow();

        assertThat(killed.state()).isEqualTo(JobState.FAILED);
        assertThat(killed.signal()).isEqualTo(9);
        assertThat(SlurmOutput.keyValueStatus(new JobId("40"), JOBCOMP).orElseThrow().state())
                .isEqualTo(JobState.COMPLETED);
        assertThat(SlurmOutput.keyValueStatus(new JobId("41"), JOBCOMP)).isEmpty();
    }

    @Test
    void aRepeatedIdInTheJobcompFileMeansTheNewestLine() {
        String text = "JobId=9 JobState=FAILED ExitCode=1:0\nJobId=9 JobState=COMPLETED ExitCode=0:0\n";

        assertThat(SlurmOutput.keyValueStatus(new JobId("9"), text).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void readsSacctsParsableOutput() {
        JobStatus status = SlurmOutput.sacctStatus(new JobId("12"), "12|CANCELLED by 0|0:15\n").orElseThrow();

        assertThat(status).isEqualTo(new JobStatus(new JobId("12"), JobState.CANCELLED, 0, 15, ""));
        assertThat(SlurmOutput.sacctStatus(new JobId("13"), "12|COMPLETED|0:0\n")).isEmpty();
        assertThat(SlurmOutput.sacctStatus(new JobId("13"), "")).isEmpty();
    }

    @Test
    void readsASettingOfScontrolShowConfig() {
        String config = "JobCompHost             = localhost\nJobCompLoc              = /var/log/slurm/jobcomp.txt\n"
                + "JobCompType             = jobcomp/filetxt\n";

        assertThat(SlurmOutput.configValue(config, "JobCompLoc")).contains("/var/log/slurm/jobcomp.txt");
        assertThat(SlurmOutput.configValue(config, "JobCompType")).contains("jobcomp/filetxt");
        assertThat(SlurmOutput.configValue(config, "JobComp")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "slurm_load_jobs error: Socket timed out on send/recv operation",
            "sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)",
            "squeue: error: Slurm temporarily unable to accept job, sleeping and retrying",
            "scontrol: error: Zero Bytes were transmitted or received"})
    void controllerTroubleIsTransient(String message) {
        assertThat(SlurmOutput.isTransient(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sbatch: error: Batch job submission failed: Invalid partition name specified",
            "slurm_load_jobs error: Invalid job id specified",
            "sbatch: error: Batch job submission failed: Requested node configuration is not available"})
    void refusalsAreNotTransient(String message) {
        assertThat(SlurmOutput.isTransient(message)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"RUNNING,RUNNING,false", "CANCELLED by 1000,CANCELLED,true", "COMPLETED+,COMPLETED,true",
            "completing,COMPLETING,false", "NEW_STATE_OF_2030,UNKNOWN,false", "OUT_OF_MEMORY,OUT_OF_MEMORY,true"})
    void parsesStatesAsSlurmSpellsThem(String text, JobState expected, boolean terminal) {
        assertThat(JobState.parse(text)).isEqualTo(expected);
        assertThat(JobState.parse(text).isTerminal()).isEqualTo(terminal);
    }
}
