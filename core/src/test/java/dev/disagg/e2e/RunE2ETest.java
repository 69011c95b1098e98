package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Passing cases run by {@code disagg run --cluster local} on the real local cluster, with upstream's roles emulated. */
@Tag("e2e")
@Timeout(value = 30, unit = TimeUnit.MINUTES) // a ceiling: the shared cluster may queue the jobs
class RunE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cluster cluster = new Cluster();

    @TempDir
    Path workspace;

    private Path profile;

    @BeforeEach
    void setUp() throws Exception {
        cluster.requireRunning();
        profile = CaseFile.localProfile(Files.createDirectories(workspace.resolve("inputs")), 30);
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cluster.cancelJobsUnder(workspace);
    }

    @Test
    void twoDifferentCasesEachGetTheirOwnCompleteCaseDirectory() throws Exception {
        Path twoGen = CaseFile.embedded()
                .with("hardware.num_gen_servers", 2)
                .with("benchmark.concurrency_list", "2 8")
                .with("slurm.job_name", "disagg-e2e-two-gen")
                .write(workspace.resolve("inputs"), "two-gen");

        Cli first = Cli.run("run", "--cluster", profile.toString(), "--workspace", workspace.toString());
        Cli second = Cli.run("run", "--cluster", profile.toString(), "--config", twoGen.toString(),
                "--workspace", workspace.toString());

        Path smokeDir = workspace.resolve("disagg_logs/local-smoke");
        Path twoGenDir = workspace.resolve("disagg_logs/two-gen");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertPassed(smokeDir, "local-smoke", 1, List.of(1, 2, 4));
        assertPassed(twoGenDir, "two-gen", 2, List.of(2, 8));
        Path tod = twoGenDir.resolve("disagg-e2e-two-gen");
        assertThat(read(tod, "trtllm-serve.GEN_0.0.log")).contains("cmpl-GEN_0-");
        assertThat(read(tod, "trtllm-serve.GEN_1.0.log")).as("round robin reaches the second gen server").contains("cmpl-GEN_1-");
        assertThat(Cluster.jobOf(smokeDir)).isNotEqualTo(Cluster.jobOf(twoGenDir));
        assertNamesOnlyItself(smokeDir, twoGenDir);
        assertNamesOnlyItself(twoGenDir, smokeDir);
    }

    @Test
    void aGenOnlyCasePassesWithTheGenSentinelsTouchedByTheJob() throws Exception {
        // upstream's gen_only: the first concurrency only, and the gen workers' device step time from their logs
        Path genOnly = CaseFile.embedded()
                .with("benchmark.mode", "gen_only")
                .with("worker_config.gen.print_iter_log", true)
                .write(workspace.resolve("inputs"), "gen-only");

        Cli run = Cli.run("run", "--cluster", profile.toString(), "--config", genOnly.toString(),
                "--workspace", workspace.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Path caseDir = workspace.resolve("disagg_logs/gen-only");
        Path tod = caseDir.resolve("disagg-gen_only-gen-only");
        assertThat(tod.resolve("gen_server_0.done")).exists();
        assertThat(read(tod, "trtllm-benchmark.0.0.log")).contains("Average Per Iter Device Step Time (ms):");
        assertThat(tod.resolve("trtllm-benchmark.0.1.log")).as("gen_only runs the first concurrency only").doesNotExist();
        assertThat(readJson(caseDir, "result.json").path("verdict").asText()).isEqualTo("PASS");
    }

    @Test
    void runningACaseAgainKeepsTheEarlierRunUntouched() throws Exception {
        Cli first = Cli.run("run", "--cluster", profile.toString(), "--workspace", workspace.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path caseDir = workspace.resolve("disagg_logs/local-smoke");
        JobId firstJob = Cluster.jobOf(caseDir);
        Map<String, Snapshot> firstRun = snapshot(caseDir);

        Cli second = Cli.run("run", "--cluster", profile.toString(), "--workspace", workspace.toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        Path kept = workspace.resolve("disagg_logs/local-smoke.prev-1");
        assertThat(second.out()).contains("earlier run kept as " + kept);
        assertThat(snapshot(kept)).as("the first run's files, byte for byte and unmodified").isEqualTo(firstRun);
        assertThat(kept.resolve("slurm_" + firstJob + ".log")).isNotEmptyFile();
        assertThat(read(kept, "job_id").strip()).isEqualTo(firstJob.value());
        JobId secondJob = Cluster.jobOf(caseDir);
        assertThat(secondJob).isNotEqualTo(firstJob);
        assertThat(caseDir.resolve("slurm_" + secondJob + ".log")).isNotEmptyFile();
        assertThat(caseDir.resolve("slurm_" + firstJob + ".log")).doesNotExist();
        assertThat(readJson(caseDir, "result.json").path("verdict").asText()).isEqualTo("PASS");
    }

    private void assertPassed(Path caseDir, String caseName, int genServers, List<Integer> concurrencies) throws Exception {
        JobId id = Cluster.jobOf(caseDir);
        List<String> expected = new ArrayList<>(List.of("plan.json", "ctx_config.yaml", "gen_config.yaml", "job.sh",
                "job_id", "slurm_" + id + ".log", "job_info.txt", "environment.txt", "ctx_server_0.log",
                "disagg_server.log", "benchmark.log", "results.xml", "summary.md", "report.html", "result.json",
                "perf_script_test_results.csv", "job_state.json", "install.log", "collect.log",
                "disagg_configs/" + caseName + ".yaml", "junit/pytest_BENCHMARK.xml"));
        // Workers and the server write their pytest JUnit only when they see the status file before the job
        // stops them (it does so at once): such a file is optional, but never an empty one.
        List<String> optional = new ArrayList<>(List.of("junit/pytest_DISAGG_SERVER.xml", "junit/pytest_CTX_0.xml"));
        String tod = "disagg-e2e-" + caseName + "/";
        expected.addAll(List.of(tod + "server_config.0.yaml", tod + "benchmark_status.0.txt",
                tod + "hostnames-local-0/DISAGG_SERVER.0.addr"));
        for (int i = 0; i < genServers; i++) {
            expected.add("gen_server_" + i + ".log");
            optional.add("junit/pytest_GEN_" + i + ".xml");
            expected.add(tod + "gen_server_" + i + ".log");
        }
        for (int k = 0; k < concurrencies.size(); k++) {
            expected.add(tod + "trtllm-benchmark.0." + k + ".log");
        }
        for (String name : expected) {
            assertThat(caseDir.resolve(name)).as(caseName + ": " + name).isNotEmptyFile();
        }
        for (String name : optional) {
            if (Files.exists(caseDir.resolve(name))) {
                assertThat(caseDir.resolve(name)).as(caseName + ": " + name).isNotEmptyFile();
            }
        }
        assertThat(caseDir.resolve("failure.json")).doesNotExist();
        JsonNode result = readJson(caseDir, "result.json");
        assertThat(result.path("verdict").asText()).isEqualTo("PASS");
        assertThat(result.path("exitCode").asInt(-1)).isZero();
        assertThat(result.path("caseName").asText()).isEqualTo(caseName);
        assertThat(result.path("jobId").asText()).isEqualTo(id.value());
        assertThat(readJson(caseDir, "job_state.json").path("state").asText()).isEqualTo(JobState.COMPLETED.name());
        assertThat(read(caseDir, "job_info.txt")).contains("job_id=" + id);
        for (int k = 0; k < concurrencies.size(); k++) {
            assertThat(read(caseDir, tod + "trtllm-benchmark.0." + k + ".log"))
                    .contains("Maximum request concurrency: " + concurrencies.get(k));
        }
        assertThat(read(caseDir, "benchmark.log")).contains("test_e2e[disagg-e2e-" + caseName + "] PASSED");
        assertThat(read(caseDir, "summary.md")).contains(caseName + ": PASS");
        assertThat(read(caseDir, "results.xml")).contains(caseName).doesNotContain("<failure")
                .as("upstream's own test names, per role").contains("name=\"pytest.BENCHMARK\"",
                        "name=\"test_e2e[disagg-e2e-" + caseName + "]\"");
        assertThat(cluster.inQueue(id)).isFalse();
    }

    /** Files of {@code own} name their own directory (so the check can fail) and never {@code other}. */
    private static void assertNamesOnlyItself(Path own, Path other) throws IOException {
        assertThat(read(own, "plan.json")).contains(own.toString());
        for (Path file : files(own)) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(text).as("%s must not name %s", file, other).doesNotContain(other.toString());
        }
    }

    record Snapshot(byte[] content, FileTime modified) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Arrays.equals(content, s.content) && modified.equals(s.modified);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(content) * 31 + modified.hashCode();
        }

        @Override
        public String toString() {
            return content.length + " bytes, modified " + modified;
        }
    }

    private static Map<String, Snapshot> snapshot(Path dir) throws IOException {
        Map<String, Snapshot> files = new TreeMap<>();
        for (Path file : files(dir)) {
            files.put(dir.relativize(file).toString(), new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file)));
        }
        return files;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private static JsonNode readJson(Path dir, String name) throws IOException {
        return JSON.readTree(dir.resolve(name).toFile());
    }
}
