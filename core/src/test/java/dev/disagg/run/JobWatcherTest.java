package dev.disagg.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.JobStateFile;
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
    void whileRunningSlurmIsAskedTwiceAMinute() throws Exception {
        List<JobStatus> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(status(JobState.RUNNING, ""));
        }
        answers.add(new JobStatus(JOB, JobState.FAILED, 1, 0, "NonZeroExitCode"));
        ScriptedSlurm slurm = new ScriptedSlurm(answers.toArray(JobStatus[]::new));

        watcher(slurm).watch(JOB, caseDir);

        // 21 calls over 10 minutes: the safety net only
        assertThat(slurm.calls).hasSize(21);
        assertThat(Duration.between(FakeTime.START, time.instant())).isEqualTo(Duration.ofMinutes(10));
        assertThat(callsPerMinute(slurm.calls)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
    }

    @Test
    void whilePendingTheCallsBackOffAndAChangingReasonDoesNotSpeedThemUp() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(
                status(JobState.PENDING, "Priority"), status(JobState.PENDING, "Resources"),
                status(JobState.PENDING, "Priority"), status(JobState.PENDING, "Resources"),
                status(JobState.PENDING, "Resources"), status(JobState.PENDING, "Resources"),
                status(JobState.PENDING, "Resources"), status(JobState.RUNNING, ""),
                new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));

        watcher(slurm).watch(JOB, caseDir);

        assertThat(gaps(slurm.calls)).containsExactly(secs(10), secs(20), secs(40), secs(80), secs(120), secs(120),
                secs(120), secs(30)); // 2 min at most while pending, then the running interval
        assertThat(progress).containsExactly("job 42: PENDING (Priority)", "job 42: PENDING (Resources)",
                "job 42: PENDING (Priority)", "job 42: PENDING (Resources)", "job 42: RUNNING", "job 42: COMPLETED, exit code 0");
    }

    @Test
    void theEndMarkerIsNoticedAtOnceAndSlurmAskedUntilItAgrees() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""), status(JobState.RUNNING, ""),
                status(JobState.COMPLETING, ""), status(JobState.COMPLETING, ""), new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));
        // the job script writes its end marker 47.3 s after the follower started
        time.at(secs(47.3), () -> write(caseDir.resolve(CaseJob.END_MARKER), "42 0\n"));

        JobStatus end = watcher(slurm).watch(JOB, caseDir);

        assertThat(end.succeeded()).isTrue();
        assertThat(offsets(slurm.calls)).containsExactly(secs(0), secs(30), secs(47.3), secs(47.35), secs(47.425));
    }

    @Test
    void aChangedLogBringsTheNextCallForwardButNoSoonerThanTheGap() throws Exception {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.PENDING, "Resources"), status(JobState.RUNNING, ""),
                status(JobState.RUNNING, ""), new JobStatus(JOB, JobState.CANCELLED, 0, 15, ""));
        Path log = caseDir.resolve("slurm_42.log");
        time.at(secs(3), () -> write(log, "job started\n")); // the job starts: its log appears
        time.at(secs(14), () -> write(log, "job started\nmore\n")); // 4 s after the last call: asked at 20 s
        time.at(secs(21), () -> write(log, "job started\nmore\nslurmstepd: CANCELLED\n")); // 1 s after: at 30 s

        JobStatus end = watcher(slurm).watch(JOB, caseDir);

        assertThat(end.state()).isEqualTo(JobState.CANCELLED);
        assertThat(offsets(slurm.calls)).containsExactly(secs(0), secs(10), secs(20), secs(30));
    }

    @Test
    void severalJobsShareEachCall() throws Exception {
        JobId other = new JobId("43");
        Path otherDir = java.nio.file.Files.createDirectories(caseDir.resolve("other"));
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""), status(JobState.RUNNING, ""),
                new JobStatus(JOB, JobState.COMPLETED, 0, 0, ""));
        slurm.script(other, new JobStatus(other, JobState.RUNNING, 0, 0, ""), new JobStatus(other, JobState.RUNNING, 0, 0, ""),
                new JobStatus(other, JobState.RUNNING, 0, 0, ""), new JobStatus(other, JobState.RUNNING, 0, 0, ""),
                new JobStatus(other, JobState.FAILED, 2, 0, ""));

        java.util.Map<JobId, JobStatus> ended = watcher(slurm).watchAll(new java.util.LinkedHashMap<>(
                java.util.Map.of(JOB, caseDir.resolve("."), other, otherDir)));

        assertThat(ended.get(JOB).succeeded()).isTrue();
        assertThat(ended.get(other).exitCode()).isEqualTo(2);
        // one batched call per poll: both jobs in the first three, the other one alone after 42 ended
        assertThat(slurm.batches).containsExactly(2, 2, 2, 1, 1);
        assertThat(otherDir.resolve(JobStateFile.NAME)).exists();
        assertThat(caseDir.resolve(JobStateFile.NAME)).exists();
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
        assertThat(gaps(slurm.calls)).containsExactly(secs(30), secs(2), secs(4), secs(8));
        assertThat(progress).filteredOn(line -> line.contains("did not answer")).hasSize(3)
                .first().asString().contains("Socket timed out").endsWith("retrying in 2 s");
    }

    @Test
    void givesUpWhenTheControllerStaysAwayTooLong() {
        ScriptedSlurm slurm = new ScriptedSlurm(status(JobState.RUNNING, ""));
        for (int i = 0; i < 100; i++) {
            slurm.thenFail(new SlurmException("Unable to contact slurm controller (connect failure)", true));
        }
        WatchPolicy policy = new WatchPolicy(secs(0.25), secs(30), secs(10), secs(120), secs(10), secs(2), Duration.ofMinutes(3));

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
        assertThat(slurm.calls).hasSize(1);
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

    private JobWatcher watcher(Slurm slurm) {
        return new JobWatcher(slurm, time, time, progress::add, WatchPolicy.defaults());
    }

    private static JobStatus status(JobState state, String reason) {
        return new JobStatus(JOB, state, 0, 0, reason);
    }

    private static Duration secs(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static void write(Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Duration> offsets(List<Instant> calls) {
        return calls.stream().map(c -> Duration.between(FakeTime.START, c)).toList();
    }

    private static List<Duration> gaps(List<Instant> calls) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Duration.between(calls.get(i - 1), calls.get(i)));
        }
        return gaps;
    }

    /** Calls in each minute since the start. */
    private static java.util.Collection<Integer> callsPerMinute(List<Instant> calls) {
        java.util.Map<Long, Integer> perMinute = new java.util.TreeMap<>();
        calls.forEach(c -> perMinute.merge(Duration.between(FakeTime.START, c).toMinutes(), 1, Integer::sum));
        return perMinute.values();
    }

    /**
     * A clock that moves only when the code under test sleeps. Actions (a file the job writes) run
     * at their instant; a sleep that may end early asks its wake condition right after each one,
     * as the real sleeper asks it every 50 ms.
     */
    private static final class FakeTime extends Clock implements Sleeper {
        static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
        private final java.util.TreeMap<Instant, List<Runnable>> actions = new java.util.TreeMap<>();
        private Instant now = START;

        void at(Duration sinceStart, Runnable action) {
            actions.computeIfAbsent(START.plus(sinceStart), k -> new ArrayList<>()).add(action);
        }

        @Override
        public void sleep(Duration duration) {
            sleepUnless(duration, () -> false);
        }

        @Override
        public boolean sleepUnless(Duration duration, java.util.function.BooleanSupplier wake) {
            Instant end = now.plus(duration);
            while (!actions.isEmpty() && !actions.firstKey().isAfter(end)) {
                var next = actions.pollFirstEntry();
                now = next.getKey().isAfter(now) ? next.getKey() : now;
                next.getValue().forEach(Runnable::run);
                if (wake.getAsBoolean()) {
                    return true;
                }
            }
            now = end;
            return false;
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

    /** Answers from a script of states and failures per job, in order; records when it was asked. */
    private final class ScriptedSlurm implements Slurm {
        private final java.util.Map<JobId, Deque<Object>> answers = new java.util.HashMap<>();
        final List<Instant> calls = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();

        ScriptedSlurm(JobStatus... states) {
            script(JOB, states);
        }

        void script(JobId id, JobStatus... states) {
            answers.computeIfAbsent(id, k -> new ArrayDeque<>()).addAll(List.of(states));
        }

        ScriptedSlurm thenFail(SlurmException e) {
            answers.get(JOB).add(e);
            return this;
        }

        ScriptedSlurm thenAnswer(JobStatus status) {
            answers.get(JOB).add(status);
            return this;
        }

        @Override
        public java.util.Map<JobId, JobStatus> jobStates(java.util.Collection<JobId> jobIds) {
            calls.add(time.instant());
            batches.add(jobIds.size());
            java.util.Map<JobId, JobStatus> out = new java.util.LinkedHashMap<>();
            for (JobId id : jobIds) {
                Object next = answers.get(id).poll();
                if (next == null) {
                    throw new AssertionError("job " + id + " polled after its script ended");
                }
                if (next instanceof SlurmException e) {
                    throw e;
                }
                out.put(id, (JobStatus) next);
            }
            return out;
        }

        @Override
        public JobStatus jobState(JobId jobId) {
            return jobStates(List.of(jobId)).get(jobId);
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
