package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job script template run by the real local cluster: a header like the renderer writes,
 * small real role processes (fake-role.sh) speaking the role protocol, sbatch, and the watcher.
 */
@Tag("e2e")
class JobScriptE2ETest {
    private static final String TEMPLATE = "/dev/disagg/render/job.sh.tmpl";
    private static final String SECRET = "s3cr3t-value";

    private final SlurmCli slurm = SlurmCli.create();

    @TempDir
    Path dir;

    private Path caseDir;
    private Path role;

    @BeforeAll
    static void cluster() throws Exception {
        LocalCluster.requireRunning();
    }

    @BeforeEach
    void files() throws Exception {
        caseDir = Files.createDirectories(dir.resolve("case dir"));
        role = dir.resolve("fake-role.sh");
        try (InputStream in = getClass().getResourceAsStream("fake-role.sh")) {
            Files.write(role, in.readAllBytes());
        }
    }

    @Test
    void aPassingCaseEndsCompletedWithEveryLog() throws Exception {
        Map<String, String> header = header("");
        header.put("INSTALL_COMMAND", "echo installed on $SLURMD_NODENAME");

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.exitCode()).isZero();
        assertThat(caseDir.resolve("failure.json")).doesNotExist();
        for (String log : List.of("gen_server_0.log", "ctx_server_0.log", "disagg_server.log", "benchmark.log",
                "install.log", "job_info.txt", "environment.txt", "benchmark_status.txt", "server_config.yaml",
                "hostnames/GEN_0.txt", "hostnames/CTX_0.txt", "hostnames/DISAGG_SERVER.txt")) {
            assertThat(caseDir.resolve(log)).as(log).isNotEmptyFile();
        }
        // the shared cluster may hand out any two nodes: gen takes the first of the allocation, ctx the next
        List<String> nodes = allocatedNodes();
        assertThat(nodes).hasSize(2);
        assertThat(read("install.log")).contains("installed on " + nodes.get(0), "installed on " + nodes.get(1));
        assertThat(read("benchmark.log")).contains("concurrency 2: 4 prompts, isl 8 osl 4");
        assertThat(read("gen_server_0.log")).contains("GEN_0 rank 0 on").contains("GEN_0: status file seen");
        assertThat(read("job_info.txt")).contains("job_id=" + end.jobId(), "gen_0_nodes=" + nodes.get(0),
                "ctx_0_nodes=" + nodes.get(1), "disagg_server_node=" + nodes.get(0), "start_time=");
        assertThat(read("environment.txt"))
                .contains("DISAGG_NUM_GEN_SERVERS=1", "DISAGG_CONCURRENCY_LIST=1 2", "DISAGG_E2E_API_TOKEN=***")
                .doesNotContain(SECRET);
        assertThat(read("slurm_" + end.jobId() + ".log")).contains("BENCHMARK ended with status 0").doesNotContain(SECRET);
    }

    private List<String> allocatedNodes() throws Exception {
        return read("job_info.txt").lines().filter(l -> l.startsWith("nodes=")).findFirst()
                .map(l -> List.of(l.substring("nodes=".length()).trim().split(" "))).orElseThrow();
    }

    @Test
    void serversGetTheirOwnNodeSlicesGenFirst() throws Exception {
        Map<String, String> header = header("");
        header.put("GEN_COUNT", "2");
        header.put("CTX_NODES_PER_SERVER", "2");
        header.put("CTX_TASKS_PER_SERVER", "8");

        JobStatus end = run(header, 4);

        assertThat(end.succeeded()).isTrue();
        assertThat(read("job_info.txt")).contains("nodes=node1 node2 node3 node4", "gen_0_nodes=node1",
                "gen_1_nodes=node2", "ctx_0_nodes=node3,node4");
        assertThat(read("gen_server_1.log")).contains("GEN_1 rank 0 on").contains("(node node2)");
        assertThat(read("ctx_server_0.log")).contains("CTX_0 rank 7 on").contains("(node node3)", "(node node4)");
        assertThat(caseDir.resolve("hostnames/GEN_1.txt")).isNotEmptyFile();
    }

    @Test
    void aWorkerCrashingAtStartEndsTheJobWithItsStoryInFailureJson() throws Exception {
        JobStatus end = run(header("--crash GEN_0"));

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.exitCode()).isEqualTo(1);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("GEN_0");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failure.get("signal").isNull()).isTrue();
        assertThat(failure.get("log").asText()).isEqualTo("gen_server_0.log");
        List<String> lastLines = texts(failure.get("lastLines"));
        assertThat(lastLines).contains("GEN_0: crashing with status 3", "error: \"weights\" missing in \\models\\x\ttab");
        assertThat(lastLines).hasSizeLessThanOrEqualTo(20);
        assertThat(texts(failure.get("stillRunning"))).contains("BENCHMARK", "CTX_0", "DISAGG_SERVER");
    }

    @Test
    void aWorkerKilledBySignalIsReportedWithTheSignal() throws Exception {
        JobStatus end = run(header("--kill CTX_0"));

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("CTX_0");
        assertThat(failure.get("signal").asInt()).isEqualTo(9);
        assertThat(failure.get("log").asText()).isEqualTo("ctx_server_0.log");
    }

    @Test
    void aHangingWorkerIsStoppedByTheCaseTimeout() throws Exception {
        Map<String, String> header = header("--hang GEN_0");
        header.put("CASE_TIMEOUT_SECONDS", "5");

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.exitCode()).isEqualTo(124);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("TIMEOUT");
        assertThat(failure.get("message").asText()).contains("case timeout of 5s");
        assertThat(texts(failure.get("stillRunning"))).contains("GEN_0", "DISAGG_SERVER", "BENCHMARK");
    }

    @Test
    void aServerThatGivesUpOnAHangingWorkerFailsTheCaseBeforeTheTimeout() throws Exception {
        Map<String, String> header = header("--hang CTX_0");
        header.put("READY_TIMEOUT_SECONDS", "2");

        run(header);

        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isIn("DISAGG_SERVER", "BENCHMARK");
        assertThat(texts(failure.get("lastLines"))).anyMatch(line -> line.contains("gave up waiting"));
    }

    @Test
    void aWorkerThatIgnoresTheEndIsStoppedAndTheJobStillCompletes() throws Exception {
        Map<String, String> header = header("--linger CTX_0");
        header.put("SHUTDOWN_GRACE_SECONDS", "2");

        JobStatus end = run(header);

        assertThat(end.succeeded()).isTrue();
        assertThat(read("slurm_" + end.jobId() + ".log")).contains("still running 2s after the benchmark: CTX_0");
    }

    @Test
    void theJobWritesTheStatusFileWhenTheBenchmarkDidNot() throws Exception {
        JobStatus end = run(header("--no-status-file"));

        assertThat(end.succeeded()).isTrue();
        assertThat(read("benchmark_status.txt")).isEqualTo("Done\n");
        assertThat(read("gen_server_0.log")).contains("GEN_0: status file seen");
    }

    @Test
    void aFailedBenchmarkFailsTheJobWithItsStatus() throws Exception {
        JobStatus end = run(header("--benchmark-exit 5"));

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(end.exitCode()).isEqualTo(5);
        assertThat(failure().get("role").asText()).isEqualTo("BENCHMARK");
    }

    @Test
    void aFailedInstallStepStopsBeforeAnyRole() throws Exception {
        Map<String, String> header = header("");
        header.put("INSTALL_COMMAND", "echo cannot install; exit 7");

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(failure().get("role").asText()).isEqualTo("INSTALL");
        assertThat(failure().get("exitCode").asInt()).isEqualTo(7);
        assertThat(caseDir.resolve("gen_server_0.log")).doesNotExist();
    }

    @Test
    void anAllocationTooSmallForTheServersFailsBeforeAnyRole() throws Exception {
        Map<String, String> header = header("");
        header.put("GEN_COUNT", "2");

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("JOB");
        assertThat(failure.get("message").asText()).contains("has 2 node(s)", "needs 3");
        assertThat(caseDir.resolve("gen_server_0.log")).doesNotExist();
    }

    /** One gen and one ctx server of one 4-task node each; every role runs fake-role.sh. */
    private Map<String, String> header(String roleOptions) {
        String command = "bash " + quote(role.toString()) + (roleOptions.isEmpty() ? "" : " " + roleOptions);
        Map<String, String> header = new LinkedHashMap<>();
        header.put("CASE_DIR", caseDir.toString());
        header.put("GEN_COUNT", "1");
        header.put("CTX_COUNT", "1");
        header.put("GEN_NODES_PER_SERVER", "1");
        header.put("GEN_TASKS_PER_SERVER", "4");
        header.put("GEN_TASKS_PER_NODE", "4");
        header.put("CTX_NODES_PER_SERVER", "1");
        header.put("CTX_TASKS_PER_SERVER", "4");
        header.put("CTX_TASKS_PER_NODE", "4");
        header.put("GEN_WORKER_COMMAND", command);
        header.put("CTX_WORKER_COMMAND", command);
        header.put("SERVER_COMMAND", command);
        header.put("BENCHMARK_COMMAND", command);
        header.put("READY_TIMEOUT_SECONDS", "60");
        header.put("CASE_TIMEOUT_SECONDS", "120");
        header.put("SHUTDOWN_GRACE_SECONDS", "10");
        header.put("DISAGG_CONCURRENCY_LIST", "1 2");
        header.put("DISAGG_MULTI_ROUND", "2");
        header.put("DISAGG_INPUT_LENGTH", "8");
        header.put("DISAGG_OUTPUT_LENGTH", "4");
        header.put("DISAGG_STREAMING", "true");
        return header;
    }

    private JobStatus run(Map<String, String> header) throws Exception {
        return run(header, 2);
    }

    private JobStatus run(Map<String, String> header, int nodes) throws Exception {
        String template;
        try (InputStream in = getClass().getResourceAsStream(TEMPLATE)) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String assignments = header.entrySet().stream()
                .map(e -> e.getKey() + "=" + quote(e.getValue()))
                .collect(Collectors.joining("\n"));
        // The arrays as a cluster without MPI plugin or containers renders them.
        assignments += "\nSRUN_ARGS=()\nWORKER_SRUN_ARGS=()";
        Path script = Files.writeString(caseDir.resolve("job.sh"), template.replace("@@HEADER@@", assignments));
        // A secret in the submitting environment reaches the job; environment.txt must hide it.
        CommandRunner withSecret = (command, timeout) -> new ProcessCommandRunner().run(
                withEnv(command, "DISAGG_E2E_API_TOKEN=" + SECRET), timeout);
        JobId id = new SlurmCli(withSecret, SlurmCli.DEFAULT_COMMAND_TIMEOUT).submit(script, List.of(
                "--nodes=" + nodes, "--ntasks-per-node=4", "--gres=gpu:4", "--no-requeue", "--job-name=disagg-e2e",
                "--output=" + caseDir.resolve("slurm_%j.log")));
        return LocalCluster.fastWatcher(slurm).watch(id, caseDir);
    }

    private static List<String> withEnv(List<String> command, String assignment) {
        List<String> withEnv = new ArrayList<>(List.of("env", assignment));
        withEnv.addAll(command);
        return withEnv;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    private String read(String name) throws Exception {
        return Files.readString(caseDir.resolve(name));
    }

    private JsonNode failure() throws Exception {
        return new ObjectMapper().readTree(caseDir.resolve("failure.json").toFile());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
