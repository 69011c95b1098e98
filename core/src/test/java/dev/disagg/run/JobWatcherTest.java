package dev.disagg.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobWatcherTest {
    private static final JobId JOB = new JobId("42");

    @TempDir
    Path caseDir;

    private final FakeTime time = new FakeTime();
    private final List<String> progress = new ArrayList<>();

    @Test
    void reportsEachChangeOnceAndReturnsTheFinalState() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(
                status(JobState.PENDING, "Priority"), status(JobState.PENDING, "Priority"),
                status(JobState.PENDING, "Resources"), status(JobState.RUNNING, ""), status(JobState.RUNNING, ""),
                status(JobState.COMPLETING, ""), new JobStatus(JOB, JobState.COMPLETED, 0, 0, "None"));

        JobStatus end = watcher(slurm).watch(JOB, caseDir);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.succeeded()).isTrue();
        assertThat(progress).containsExactly(
                "job 42: PENDING (Priority)", "job 42: PENDING (Resources)", "job 42: RUNNING",
                "job 42: COMPLETING", "job 42: COMPLETED, exit code 0");
    }

    @Test
    void pollsLessOftenWhileNothingChangesAndStartsOverOnAChange() throws Exception {
        List<JobStatus> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(status(JobState.PENDING, "Resources"));
        }
        answers.add(status(JobState.RUNNING, ""));
        answers.add(status(JobState.RUNNING, ""));
        answers.add(new JobStatus(JOB, JobState.FAILED, 1, 0, "NonZeroExitCode"));

        new JobWatcher(new ScriptedSlurm(answers.toArray(JobStatus[]::new)), time, time, progress::add, ONE_SECOND_FIRST)
                .watch(JOB, caseDir);

        assertThat(time.sleeps).containsExactly(
                secs(1), secs(1.5), secs(2.25), secs(3.375), secs(5.063), secs(7.595), secs(11.393), secs(17.09),
                secs(25.635), secs(30), secs(30), secs(30), // the cap
                secs(1), secs(1.5)); // RUNNING started the interval over
    }

    @Test
    void aChangingPendingReasonIsReportedButDoesNotSpeedPollingUp() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(
                status(JobState.PENDING, "Priority"), status(JobState.PENDING, "Resources"),
                status(JobState.PENDING, "Priority"), status(JobState.PENDING, "Resources"),
                status(JobState.RUNNING, ""), new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));

        new JobWatcher(slurm, time, time, progress::add, ONE_SECOND_FIRST).watch(JOB, caseDir);

        assertThat(progress).containsExactly("job 42: PENDING (Priority)", "job 42: PENDING (Resources)",
                "job 42: PENDING (Priority)", "job 42: PENDING (Resources)", "job 42: RUNNING", "job 42: COMPLETED, exit code 0");
        assertThat(time.sleeps).containsExactly(secs(1), secs(1.5), secs(2.25), secs(3.375), secs(1));
    }

    @Test
    void aChangeOfTheJobLogStartsThePollingOver() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""), status(JobState.RUNNING, ""),
                status(JobState.RUNNING, ""), status(JobState.RUNNING, ""), status(JobState.RUNNING, ""),
                new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));
        time.wakeOnSleep(3); // the job script wrote to slurm_42.log during the third wait

        new JobWatcher(slurm, time, time, progress::add, ONE_SECOND_FIRST).watch(JOB, caseDir);

        assertThat(time.sleeps).containsExactly(secs(1), secs(1.5), secs(2.25), secs(1), secs(1.5));
        assertThat(time.watched).allSatisfy(file -> assertThat(file).isEqualTo(caseDir.resolve("slurm_42.log")));
    }

    @Test
    void ridesOutAControllerThatIsBrieflyUnreachable() throws Exception {
        SlurmException timeout = new SlurmException(
                "scontrol show job 42 failed (exit status 1): slurm_load_jobs error: Socket timed out", true);
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""));
        slurm.thenFail(timeout).thenFail(timeout).thenFail(timeout)
                .thenAnswer(new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));

        JobStatus end = watcher(slurm).watch(JOB, caseDir);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(time.sleeps).containsExactly(secs(0.25), secs(2), secs(4), secs(8));
        assertThat(progress).filteredOn(line -> line.contains("did not answer")).hasSize(3)
                .first().asString().contains("Socket timed out").endsWith("retrying in 2 s");
    }

    @Test
    void givesUpWhenTheControllerStaysAwayTooLong() {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""));
        for (int i = 0; i < 100; i++) {
            slurm.thenFail(new SlurmException("Unable to contact slurm controller (connect failure)", true));
        }
        WatchPolicy policy = new WatchPolicy(secs(1), secs(30), 1.5, secs(2), Duration.ofMinutes(3));

        assertThatThrownBy(() -> new JobWatcher(slurm, time, time, progress::add, policy).watch(JOB, caseDir))
                .isInstanceOf(SlurmException.class)
                .hasMessageContaining("has not answered about job 42 for")
                .hasMessageContaining("Unable to contact slurm controller");
        assertThat(Duration.between(FakeTime.START, time.instant())).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(4));
        assertThat(caseDir.resolve(JobStateFile.NAME)).doesNotExist();
    }

    @Test
    void aJobPendingForAReasonSlurmNeverResolvesIsGivenUpAtOnce() {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.PENDING, "PartitionTimeLimit"));

        assertThatThrownBy(() -> watcher(slurm).watch(JOB, caseDir))
                .isInstanceOf(SlurmException.class)
                .hasMessageContaining("job 42 cannot start: SLURM keeps it PENDING (PartitionTimeLimit)")
                .hasMessageContaining("time limit exceeds the partition's");
        assertThat(progress).containsExactly("job 42: PENDING (PartitionTimeLimit)");
        assertThat(caseDir.resolve(JobStateFile.NAME)).doesNotExist();
    }

    @Test
    void aRefusalIsNotRetried() {
        ScriptedSlurm slurm = new ScriptedSlurm();
        slurm.thenFail(new SlurmException("job 42 is not known to SLURM", false));

        assertThatThrownBy(() -> watcher(slurm).watch(JOB, caseDir)).hasMessageContaining("not known to SLURM");
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void writesTheFinalStateIntoTheCaseDirectory() throws Exception {
        watcher(new ScriptedSlurm(new JobStatus(JOB, JobState.CANCELLED, 0, 15, "None"))).watch(JOB, caseDir);

        JsonNode json = new ObjectMapper().readTree(caseDir.resolve("job_state.json").toFile());
        assertThat(json.get("jobId").asText()).isEqualTo("42");
        assertThat(json.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("signal").asInt()).isEqualTo(15);
        assertThat(json.get("reason").isNull()).isTrue();
    }

    @Test
    void aFailedJobKeepsItsExitCodeAndReason() throws Exception {
        watcher(new ScriptedSlurm(new JobStatus(JOB, JobState.FAILED, 3, 0, "NonZeroExitCode"))).watch(JOB, caseDir);

        JsonNode json = new ObjectMapper().readTree(caseDir.resolve("job_state.json").toFile());
        assertThat(json.get("exitCode").asInt()).isEqualTo(3);
        assertThat(json.get("signal").isNull()).isTrue();
        assertThat(json.get("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(progress).containsExactly("job 42: FAILED, exit code 3");
    }

    private static final WatchPolicy ONE_SECOND_FIRST = new WatchPolicy(secs(1), secs(30), 1.5, secs(2), Duration.ofMinutes(10));

    private JobWatcher watcher(Slurm slurm) {
        return new JobWatcher(slurm, time, time, progress::add, WatchPolicy.defaults());
    }

    private static JobStatus status(JobState state, String reason) {
        return new JobStatus(JOB, state, 0, 0, reason);
    }

    private static Duration secs(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A clock that moves only when the code under test sleeps; chosen sleeps end early, as if the job log changed. */
    private static final class FakeTime extends Clock implements Sleeper {
        static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();
        final List<Path> watched = new ArrayList<>();
        private final java.util.Set<Integer> wakeOn = new java.util.HashSet<>();
        private Instant now = START;

        void wakeOnSleep(int number) {
            wakeOn.add(number);
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }

        @Override
        public boolean sleepUnless(Duration duration, java.util.function.BooleanSupplier wake) {
            sleep(duration);
            if (wake instanceof FileActivity activity) {
                watched.add(activity.file());
            }
            return wakeOn.contains(sleeps.size());
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** Answers jobState from a script of states and failures, in order. */
    private static final class ScriptedSlurm implements Slurm {
        private final Deque<Object> answers = new ArrayDeque<>();

        ScriptedSlurm(JobStatus... states) {
            answers.addAll(List.of(states));
        }

        ScriptedSlurm thenFail(SlurmException e) {
            answers.add(e);
            return this;
        }

        ScriptedSlurm thenAnswer(JobStatus status) {
            answers.add(status);
            return this;
        }

        @Override
        public JobStatus jobState(JobId jobId) {
            assertThat(jobId).isEqualTo(JOB);
            Object next = answers.poll();
            if (next == null) {
                throw new AssertionError("polled after the script ended");
            }
            if (next instanceof SlurmException e) {
                throw e;
            }
            return (JobStatus) next;
        }

        @Override
        public JobId submit(Path script, List<String> sbatchArgs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(JobId jobId) {
            throw new UnsupportedOperationException();
        }
    }
}
