package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** failure.json as the core writes it after the job, from the job script's line record and the logs. */
class FailureJsonTest {
    @TempDir
    Path tmp;

    private static final String CRASH_RECORD = String.join("\n",
            "COLLECT\t0\tended\t1700000000.100000\tcollect.log",
            "GEN_0\t3\tended\t1700000001.200000\tgen_server_0.log",
            "JOB\t1\tearly\t1700000001.200100\tGEN_0\tGEN_0 ended with status 3 before the benchmark finished",
            "DISAGG_SERVER\t143\tstopped\t1700000001.400000\tdisagg_server.log",
            "CTX_0\t143\tstopped\t1700000001.500000\tctx_server_0.log",
            "BENCHMARK\t\tkilled\t1700000011.600000\tbenchmark.log", "");

    @Test
    void aRoleEndingEarlyIsNamedWithItsStatusLogTailAndTheRolesStoppedAfterIt() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "crash").file("step_status.tsv", CRASH_RECORD)
                .file("gen_server_0.log", "loading\nerror: \"weights\" missing in \\models\\x\ttab\n").dir();

        FailureRecord f = FailureJson.fromRecord(dir).orElseThrow();

        assertThat(f.role()).isEqualTo("GEN_0");
        assertThat(f.exitCode()).hasValue(3);
        assertThat(f.signal()).isEmpty();
        assertThat(f.logFile()).hasValue("gen_server_0.log");
        assertThat(f.lastLines()).containsExactly("loading", "error: \"weights\" missing in \\models\\x\ttab");
        assertThat(f.stillRunning()).containsExactly("BENCHMARK", "CTX_0", "DISAGG_SERVER");
        assertThat(f.message()).hasValue("GEN_0 ended with status 3 before the benchmark finished");
    }

    @Test
    void aStepKilledBySignalHasTheSignal() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "killed").file("step_status.tsv",
                "CTX_0\t137\tended\t1.0\tctx_server_0.log\nJOB\t1\tearly\t1.1\tCTX_0\tCTX_0 ended with status 137 before the benchmark finished\n")
                .dir();

        FailureRecord f = FailureJson.fromRecord(dir).orElseThrow();

        assertThat(f.exitCode()).hasValue(137);
        assertThat(f.signal()).hasValue("9");
        assertThat(f.lastLines()).as("no log written").isEmpty();
    }

    /** srun's lines as SLURM 22.05 writes them when task 0 exits with 3 and --kill-on-bad-exit stops the others. */
    private static final String SRUN_KILL_ON_BAD_EXIT = String.join("\n",
            "loading model", "error: weights missing", "srun: error: node1: task 0: Exited with exit code 3",
            "srun: launch/slurm: _step_signal: Terminating StepId=687.0",
            "slurmstepd-node1: error: *** STEP 687.0 ON node1 CANCELLED AT 2026-12-01T04:54:51 ***",
            "srun: error: node1: tasks 1-3: Terminated", "srun: Force Terminated StepId=687.0", "");

    @Test
    void aTaskThatExitedByItselfIsTheCauseWhenSlurmThenStoppedTheOtherTasks() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "first-task").file("step_status.tsv",
                "GEN_0\t143\tended\t1.0\tgen_server_0.log\nJOB\t1\tearly\t1.1\tGEN_0\tGEN_0 ended with status 143 before the benchmark finished\n")
                .file("gen_server_0.log", "step output\n".repeat(300) + SRUN_KILL_ON_BAD_EXIT).dir();

        FailureRecord f = FailureJson.fromRecord(dir).orElseThrow();

        assertThat(f.exitCode()).hasValue(3);
        assertThat(f.signal()).isEmpty();
        assertThat(f.describe()).isEqualTo("GEN_0 exited with code 3");
        assertThat(f.lastLines()).hasSize(FailureJson.TAIL_LINES).contains("srun: error: node1: tasks 1-3: Terminated");
    }

    @Test
    void aStepWhoseFirstEndingTaskWasSignalledKeepsTheSignal() {
        assertThat(FailureJson.firstTaskExitCode(List.of("srun: error: node2: tasks 0-3: Killed",
                "srun: error: node1: task 4: Exited with exit code 1"))).isEmpty();
        assertThat(FailureJson.firstTaskExitCode(List.of("srun: error: node2: tasks 0,2: Segmentation fault (core dumped)"))).isEmpty();
        assertThat(FailureJson.firstTaskExitCode(List.of("a role printed: task 0: Exited with exit code 9"))).isEmpty();
        assertThat(FailureJson.firstTaskExitCode(List.of("srun: error: node1: tasks 0-3: Exited with exit code 3"))).hasValue(3);
    }

    @Test
    void aTimeoutHasNoStatusNorLogAndListsWhatStillRan() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "timeout").file("step_status.tsv", String.join("\n",
                "COLLECT\t0\tended\t1.0\tcollect.log",
                "JOB\t124\ttimeout\t2.0\tTIMEOUT\tcase timeout of 5s reached; still running: BENCHMARK GEN_0",
                "GEN_0\t143\tstopped\t2.1\tgen_server_0.log", "BENCHMARK\t143\tstopped\t2.2\tbenchmark.log", "")).dir();

        FailureRecord f = FailureJson.fromRecord(dir).orElseThrow();

        assertThat(f.role()).isEqualTo("TIMEOUT");
        assertThat(f.exitCode()).isEmpty();
        assertThat(f.logFile()).isEmpty();
        assertThat(f.stillRunning()).containsExactly("BENCHMARK", "GEN_0");
    }

    @Test
    void aPassingJobOrAnOlderRecordHasNoFailure() throws IOException {
        Path passed = CaseDirFixture.create(tmp, "passed").file("step_status.tsv",
                "COLLECT\t0\tended\t1.0\tcollect.log\nBENCHMARK\t0\tended\t2.0\tbenchmark.log\n").dir();
        Path older = CaseDirFixture.create(tmp, "older").file("step_status.tsv", "GEN_0\t1\tended\nCTX_0\t143\tstopped\n").dir();

        assertThat(FailureJson.fromRecord(passed)).isEmpty();
        assertThat(FailureJson.fromRecord(older)).isEmpty();
        assertThat(FailureJson.fromRecord(CaseDirFixture.create(tmp, "none").dir())).isEmpty();
    }

    @Test
    void theTailIsTheLastTwentyLinesEachCutAndCleanedWhateverTheLogHolds() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        for (int i = 0; i < 30; i++) {
            log.writeBytes(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        log.writeBytes("x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        log.writeBytes(new byte[] {'\n', 'a', 0, 'b', (byte) 0xff, 'c', ' '});
        log.writeBytes("é€\n".getBytes(StandardCharsets.UTF_8));
        log.writeBytes("no newline at the end".getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(tmp.resolve("role.log"), log.toByteArray());

        List<String> tail = FailureJson.lastLines(file, FailureJson.TAIL_LINES);

        assertThat(tail).hasSize(20);
        assertThat(tail.get(0)).isEqualTo("line 13");
        assertThat(tail.get(17)).isEqualTo("x".repeat(FailureJson.MAX_LINE_BYTES));
        assertThat(tail.get(18)).isEqualTo("abc é€");
        assertThat(tail.get(19)).isEqualTo("no newline at the end");
    }

    @Test
    void aLineCutInsideACharacterDropsTheBrokenCharacter() throws IOException {
        String line = "a".repeat(FailureJson.MAX_LINE_BYTES - 1) + "é";
        Path file = Files.writeString(tmp.resolve("cut.log"), line + "\n");

        assertThat(FailureJson.lastLines(file, FailureJson.TAIL_LINES)).containsExactly("a".repeat(FailureJson.MAX_LINE_BYTES - 1));
        assertThat(FailureJson.lastLines(Files.writeString(tmp.resolve("empty.log"), ""), FailureJson.TAIL_LINES)).isEmpty();
    }

    @Test
    void theCheckWritesItMaskedWithTheFieldsReadersKnow() throws IOException {
        // the profile's own secret name: its value is masked in failure.json like a built-in one
        Path dir = CaseDirFixture.create(tmp, "masked").plan(4)
                .file("plan.json", "{\"caseName\": \"masked\", \"concurrency\": [4], \"secretNames\": {\"added\": [\"SITE_PASS_*\"],"
                        + " \"exempt\": []}}\n")
                .file("step_status.tsv", CRASH_RECORD)
                .file("gen_server_0.log", "token hf_secretValue1 rejected\nsite s1tePassword used\n").dir();
        Map<String, String> env = Map.of("HF_TOKEN", "hf_secretValue1", "SITE_PASS_WORD_X", "s1tePassword", "PATH", "/bin");

        CaseChecker.check(dir, CheckOptions.defaults(env));

        JsonNode json = new ObjectMapper().readTree(dir.resolve("failure.json").toFile());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("role", "exitCode", "signal", "log", "lastLines", "stillRunning", "message");
        assertThat(json.get("role").asText()).isEqualTo("GEN_0");
        assertThat(json.get("exitCode").asInt()).isEqualTo(3);
        assertThat(json.get("signal").isNull()).isTrue();
        assertThat(json.get("lastLines").toString()).isEqualTo("[\"token *** rejected\",\"site *** used\"]");
        assertThat(json.get("stillRunning").toString()).isEqualTo("[\"BENCHMARK\",\"CTX_0\",\"DISAGG_SERVER\"]");
        // read back as the reports read it
        FailureRecord back = CaseFiles.read(dir).failure().orElseThrow();
        assertThat(back.exitCode()).isEqualTo(OptionalInt.of(3));
        assertThat(back.logFile()).isEqualTo(Optional.of("gen_server_0.log"));
    }

    @Test
    void aFailureJsonWithoutARecordIsReadAndLeftAsItIs() throws IOException {
        String written = "{\"role\": \"TIMEOUT\", \"exitCode\": null, \"signal\": null, \"log\": null, \"lastLines\": [],"
                + " \"stillRunning\": [\"GEN_0\"], \"message\": \"case timeout of 60s reached; still running: GEN_0\"}\n";
        Path dir = CaseDirFixture.create(tmp, "older-run").plan(4).file("failure.json", written).dir();

        CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(Files.readString(dir.resolve("failure.json"))).isEqualTo(written);
        assertThat(CaseFiles.read(dir).failure().orElseThrow().stillRunning()).containsExactly("GEN_0");
    }
}
