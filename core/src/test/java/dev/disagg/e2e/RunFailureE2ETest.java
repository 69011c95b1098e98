package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.plan.CaseLayout;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.slurm.JobStatus;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Failing cases on the real local cluster: the job ends by itself, the run says why and exits non-zero. */
@Tag("e2e")
@Timeout(value = 30, unit = TimeUnit.MINUTES) // a ceiling: the shared cluster may queue the jobs
class RunFailureE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster = new Cluster();

    @TempDir
    Path workspace;

    private Path inputs;

    @BeforeEach
    void setUp() throws Exception {
        cluster.requireRunning();
        inputs = Files.createDirectories(workspace.resolve("inputs"));
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cluster.cancelJobsUnder(workspace);
    }

    @Test
    void aWorkerCrashingAtStartEndsTheJobAtOnceAndIsNamed() throws Exception {
        Path config = CaseFile.embedded().fault("gen_worker_env_var", "crash-start", "GEN_0").write(inputs, "crash-start");

        Cli run = run("--config", config.toString(), "--cluster", CaseFile.localProfile(inputs, 600).toString());

        Path caseDir = workspace.resolve("disagg_logs/crash-start");
        JobId id = Cluster.jobOf(caseDir);
        assertThat(run.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        JsonNode failure = readJson(caseDir, "failure.json");
        assertThat(failure.path("role").asText()).isEqualTo("GEN_0");
        assertThat(failure.path("exitCode").asInt()).isEqualTo(3);
        assertThat(failure.path("log").asText()).isEqualTo("gen_server_0.log");
        assertThat(texts(failure.path("lastLines"))).anySatisfy(line -> assertThat(line).contains("crash-start"));
        assertThat(read(caseDir, "summary.md")).contains("Open first: `gen_server_0.log`");
        assertThat(readJson(caseDir, "result.json").path("verdict").asText()).isEqualTo("TEST_FAILED");
        assertThat(cluster.state(id).state()).isEqualTo(JobState.FAILED);
        // Fail fast: without it the others would wait out the ready timeout (600 s here); 2 min is a ceiling
        // a loaded machine never reaches (the job takes seconds), far below what a missing fail-fast costs.
        assertThat(cluster.runTime(id)).as("job %s from start to end", id).isLessThan(Duration.ofMinutes(2));
        assertThat(cluster.inQueue(id)).isFalse();
    }

    @Test
    void aTestIdTheCheckoutDoesNotCollectEndsTheJobInSecondsBeforeAnyRole() throws Exception {
        // A config folder without the case's YAML: pytest collects no such id, as with a checkout of another scheme.
        Path profile = Files.writeString(inputs.resolve("wrong-folder.yaml"), "extends: local\nname: wrong-folder\n"
                + "role_env:\n  DISAGG_CONFIG_FOLDER: " + inputs.resolve("empty-folder") + "\n");
        Path config = CaseFile.embedded().write(inputs, "wrong-id");

        Cli run = run("--config", config.toString(), "--cluster", profile.toString());

        Path caseDir = workspace.resolve("disagg_logs/wrong-id");
        JobId id = Cluster.jobOf(caseDir);
        assertThat(run.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        JsonNode failure = readJson(caseDir, "failure.json");
        assertThat(failure.path("role").asText()).isEqualTo("COLLECT");
        assertThat(failure.path("exitCode").asInt()).isEqualTo(4);
        assertThat(failure.path("message").asText()).contains("perf/test_perf_sanity.py::test_e2e[disagg-e2e-wrong-id]",
                caseDir.resolve("emulator/trtllm").toString());
        assertThat(texts(failure.path("lastLines"))).anySatisfy(line -> assertThat(line).contains("ERROR: not found"));
        assertThat(caseDir.resolve("gen_server_0.log")).as("no role started").doesNotExist();
        assertThat(readJson(caseDir, "result.json").path("message").asText())
                .startsWith("ROLE_FAILED: COLLECT: the test id perf/test_perf_sanity.py::test_e2e[disagg-e2e-wrong-id] does not collect");
        assertThat(cluster.runTime(id)).as("job %s from start to end", id).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aHungWorkerFailsTheCaseAfterTheRolesWaitBound() throws Exception {
        // slurm.timeout is upstream's wait bound of every role, in seconds
        Path config = CaseFile.embedded().fault("gen_worker_env_var", "hang", "GEN_0").with("slurm.timeout", 5)
                .write(inputs, "hung-worker");

        Cli run = run("--config", config.toString(), "--cluster", CaseFile.localProfile(inputs, 5).toString());

        Path caseDir = workspace.resolve("disagg_logs/hung-worker");
        JobId id = Cluster.jobOf(caseDir);
        assertThat(run.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        JsonNode failure = readJson(caseDir, "failure.json");
        // Every role that waits gives up after 5 s: the server for the hostnames, the benchmark for the server's
        // address, CTX_0 for the status file once its own server is up (upstream's workers do too); the first to end
        // is named, and which one that is depends on how fast each started.
        Map<String, Map.Entry<String, String>> gaveUp = Map.of(
                "DISAGG_SERVER", Map.entry("disagg_server.log", "Hostnames files are not ready after 5s"),
                "BENCHMARK", Map.entry("benchmark.log", "server did not report its address"),
                "CTX_0", Map.entry("ctx_server_0.log", "Timeout waiting for benchmark status file after 5s"));
        String role = failure.path("role").asText();
        assertThat(gaveUp).containsKey(role);
        assertThat(read(caseDir, gaveUp.get(role).getKey())).as("the named role's log").contains(gaveUp.get(role).getValue());
        // The hung GEN_0 never ended by itself: the job stopped it, at the failure (then it is still running in
        // failure.json) or, when the benchmark gave up first, as soon as its status file appeared.
        assertThat(read(caseDir, CaseLayout.STEP_STATUS).lines())
                .anySatisfy(line -> assertThat(line).matches("GEN_0\t[0-9]*\t(stopped|killed)\t.*"));
        if (!role.equals("BENCHMARK")) {
            assertThat(texts(failure.path("stillRunning"))).contains("GEN_0");
        }
        JobStatus end = cluster.state(id);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        cluster.awaitLeftQueue(id, Duration.ofMinutes(3));
    }

    @Test
    void aHungBenchmarkIsStoppedByTheCaseTimeout() throws Exception {
        // Only the case timeout can end this one: workers and server wait for the benchmark's status file.
        Path config = CaseFile.embedded().fault("benchmark_env_var", "hang", "BENCHMARK").write(inputs, "hung-benchmark");

        Cli run = run("--config", config.toString(), "--cluster", CaseFile.localProfile(inputs, 30).toString(),
                "--timeout-minutes", "1");

        Path caseDir = workspace.resolve("disagg_logs/hung-benchmark");
        JobId id = Cluster.jobOf(caseDir);
        assertThat(run.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        JsonNode failure = readJson(caseDir, "failure.json");
        assertThat(failure.path("role").asText()).isEqualTo("TIMEOUT");
        assertThat(failure.path("message").asText()).contains("case timeout of 60s");
        assertThat(texts(failure.path("stillRunning"))).contains("BENCHMARK");
        assertThat(read(caseDir, "summary.md")).contains("case timeout of 60s reached");
        JobStatus end = cluster.state(id);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.exitCode()).isEqualTo(124);
        cluster.awaitLeftQueue(id, Duration.ofMinutes(3));
    }

    private Cli run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--workspace", workspace.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(Path dir, String name) throws IOException {
        return JSON.readTree(dir.resolve(name).toFile());
    }
}
