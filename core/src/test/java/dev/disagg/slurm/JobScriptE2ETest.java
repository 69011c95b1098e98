package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.report.CaseChecker;
import dev.disagg.report.FailureJson;
import dev.disagg.secret.Redactor;
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

    /** Upstream's test output directory of the case, relative to the case directory. */
    private static final String TOD = "disagg-e2e-case";

    private Path caseDir;
    private Path role;
    private Path llmRoot;

    @BeforeAll
    static void cluster() throws Exception {
        LocalCluster.requireRunning();
    }

    @BeforeEach
    void files() throws Exception {
        caseDir = Files.createDirectories(dir.resolve("case dir"));
        role = dir.resolve("fake-role.sh");
        llmRoot = dir.resolve("llm root");
        Files.createDirectories(llmRoot.resolve("tests/integration/defs"));
        try (InputStream in = getClass().getResourceAsStream("fake-role.sh")) {
            Files.write(role, in.readAllBytes());
        }
    }

    @Test
    void aPassingCaseEndsCompletedWithEveryLog() throws Exception {
        Map<String, String> header = header("");
        header.put("INSTALL_COMMAND", quote("echo installed on $SLURMD_NODENAME"));

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(end.exitCode()).isZero();
        assertThat(read("step_status.tsv")).as("no failure recorded").doesNotContain("JOB\t");
        for (String log : List.of("gen_server_0.log", "ctx_server_0.log", "disagg_server.log", "benchmark.log",
                "install.log", "collect.log", "job_info.txt", "environment.txt", TOD + "/benchmark_status.0.txt",
                TOD + "/server_config.0.yaml", TOD + "/trtllm-benchmark.0.1.log", TOD + "/hostnames-local-0/GEN_0.txt",
                TOD + "/hostnames-local-0/CTX_0.txt", TOD + "/hostnames-local-0/DISAGG_SERVER.0.addr",
                TOD + "/gen_server_0.log", TOD + "/disagg_server.log")) {
            assertThat(caseDir.resolve(log)).as(log).isNotEmptyFile();
        }
        assertThat(caseDir.resolve(TOD + "/gen_server_0.log")).as("upstream's readers find the seed's log").isSymbolicLink();
        assertThat(caseDir.resolve(TOD + "/gen_server_0.done")).as("touched once GEN_0's step ended").exists();
        assertThat(steps()).contains("INSTALL\t0\tended", "COLLECT\t0\tended", "BENCHMARK\t0\tended")
                .anyMatch(l -> l.startsWith("GEN_0\t")).anyMatch(l -> l.startsWith("CTX_0\t"));
        // the shared cluster may hand out any two nodes: gen takes the first of the allocation, ctx the next
        List<String> nodes = allocatedNodes();
        assertThat(nodes).hasSize(2);
        assertThat(read("install.log")).contains("installed on " + nodes.get(0), "installed on " + nodes.get(1));
        assertThat(read("gen_server_0.log")).contains("GEN_0 rank 0 on", " in " + llmRoot.resolve("tests/integration/defs"));
        assertThat(read("job_info.txt")).contains("job_id=" + end.jobId(), "gen_0_nodes=" + nodes.get(0),
                "ctx_0_nodes=" + nodes.get(1), "disagg_server_node=" + nodes.get(0), "start_time=",
                "test_id=perf/test_perf_sanity.py::test_e2e[disagg-e2e-case]", "llm_root=" + llmRoot);
        assertThat(read("environment.txt"))
                .contains("DISAGG_CONFIG_FOLDER=" + caseDir.resolve("disagg_configs"), "PMIX_MCA_gds=hash",
                        "DISAGG_E2E_API_TOKEN=***")
                .doesNotContain(SECRET, "DISAGG_HOSTNAMES_DIR", "DISAGG_STATUS_FILE");
        // the workers poll every 10 s, as upstream's do: the job stops them once the benchmark is done
        assertThat(read("slurm_" + end.jobId() + ".log")).contains("stopping: CTX_0 DISAGG_SERVER GEN_0")
                .contains("BENCHMARK ended with status 0").doesNotContain(SECRET);
    }

    @Test
    void inGenOnlyTheBenchmarksSentinelWaitEndsAsSoonAsTheGenStepsAreStopped() throws Exception {
        JobStatus end = run(header("--gen-only"));
        long seconds = runSeconds(end.jobId()); // the job's own run time: the shared cluster may have queued it

        assertThat(end.state()).isEqualTo(JobState.COMPLETED);
        assertThat(read("benchmark.log")).contains("BENCHMARK: gen sentinels seen");
        assertThat(caseDir.resolve(TOD + "/gen_server_0.done")).exists();
        // a ceiling a loaded machine never reaches (the job takes seconds), below upstream's 120 s sentinel bound
        assertThat(seconds).isLessThan(100);
    }

    @Test
    void aTestIdThatDoesNotCollectEndsTheJobBeforeAnyRole() throws Exception {
        Map<String, String> header = header("");
        header.put("COLLECT_COMMAND", quote("echo \"ERROR: not found: $PWD/perf/test_perf_sanity.py::test_e2e[disagg-e2e-case]\"; exit 4"));

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("COLLECT");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(4);
        assertThat(failure.get("message").asText()).contains("perf/test_perf_sanity.py::test_e2e[disagg-e2e-case]",
                llmRoot.toString());
        assertThat(texts(failure.get("lastLines"))).anyMatch(l -> l.contains("ERROR: not found"));
        assertThat(caseDir.resolve("gen_server_0.log")).doesNotExist();
    }

    private List<String> allocatedNodes() throws Exception {
        return read("job_info.txt").lines().filter(l -> l.startsWith("nodes=")).findFirst()
                .map(l -> List.of(l.substring("nodes=".length()).trim().split(" "))).orElseThrow();
    }

    @Test
    void serversGetTheirOwnNodeSlicesGenFirst() throws Exception {
        Map<String, String> header = header("");
        servers(header, "GEN_0:0:4", "GEN_1:1:4", "CTX_0:2,3:8");
        header.put("ROLE_ENV", "(FAKE_TOD=" + quote(caseDir.resolve(TOD).toString()) + " FAKE_GEN=2 FAKE_CTX=1 FAKE_POLL=0.2 FAKE_TIMEOUT=60)");

        JobStatus end = run(header, 4);

        assertThat(end.succeeded()).isTrue();
        assertThat(read("job_info.txt")).contains("nodes=node1 node2 node3 node4", "gen_0_nodes=node1",
                "gen_1_nodes=node2", "ctx_0_nodes=node3,node4");
        assertThat(read("gen_server_1.log")).contains("GEN_1 rank 0 on").contains("(node node2)");
        assertThat(read("ctx_server_0.log")).contains("CTX_0 rank 7 on").contains("(node node3)", "(node node4)");
        assertThat(caseDir.resolve(TOD + "/hostnames-local-0/GEN_1.txt")).isNotEmptyFile();
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
        // srun's own status is 143 when --kill-on-bad-exit stopped some ranks before they crashed too (loaded machine)
        assertThat(steps()).anyMatch(l -> l.matches("GEN_0\t(3|143)\tended")).anyMatch(l -> l.matches("CTX_0\t[0-9]*\tstopped"));
    }

    @Test
    void aWorkerWhoseRankZeroCrashesIsReportedWithThatRanksCodeNotTheSignalSlurmStoppedTheOthersWith() throws Exception {
        JobStatus end = run(header("--crash GEN_0 --crash-rank 0"));

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(steps()).contains("GEN_0\t143\tended");
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("GEN_0");
        assertThat(failure.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failure.get("signal").isNull()).isTrue();
        assertThat(texts(failure.get("lastLines"))).contains("GEN_0: crashing with status 3")
                .anyMatch(l -> l.matches("srun: error: node1: task 0: Exited with exit code 3"));
    }

    @Test
    void aWorkerKilledBySignalIsReportedWithTheSignal() throws Exception {
        JobStatus end = run(header("--kill CTX_0"));

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isEqualTo("CTX_0");
        // every task kills itself with SIGKILL; on a loaded machine --kill-on-bad-exit may SIGTERM some first
        assertThat(failure.get("signal").asInt()).isIn(9, 15);
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
        header.put("ROLE_ENV", header.get("ROLE_ENV").replace("FAKE_TIMEOUT=60", "FAKE_TIMEOUT=2"));

        run(header);

        JsonNode failure = failure();
        assertThat(failure.get("role").asText()).isIn("DISAGG_SERVER", "BENCHMARK");
        assertThat(texts(failure.get("lastLines"))).anyMatch(line -> line.contains("gave up waiting"));
    }

    @Test
    void aWorkerThatIgnoresTheEndIsStoppedAndTheJobStillCompletes() throws Exception {
        JobStatus end = run(header("--linger CTX_0"));

        assertThat(end.succeeded()).isTrue();
        assertThat(read("slurm_" + end.jobId() + ".log")).contains("stopping: CTX_0 DISAGG_SERVER GEN_0", "CTX_0 stopped");
    }

    @Test
    void aBenchmarkEndingWithoutTheStatusFileStillEndsTheJobWithItsStatus() throws Exception {
        JobStatus end = run(header("--no-status-file"));

        assertThat(end.succeeded()).isTrue();
        assertThat(caseDir.resolve(TOD + "/benchmark_status.0.txt")).doesNotExist();
        assertThat(read("slurm_" + end.jobId() + ".log")).contains("BENCHMARK ended with status 0", "stopping: ");
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
        header.put("INSTALL_COMMAND", quote("echo cannot install; exit 7"));

        JobStatus end = run(header);

        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(failure().get("role").asText()).isEqualTo("INSTALL");
        assertThat(failure().get("exitCode").asInt()).isEqualTo(7);
        assertThat(caseDir.resolve("gen_server_0.log")).doesNotExist();
    }

    @Test
    void anAllocationTooSmallForTheServersFailsBeforeAnyRole() throws Exception {
        Map<String, String> header = header("");
        servers(header, "GEN_0:0:4", "GEN_1:1:4", "CTX_0:2:4");
        header.put("NODES_NEEDED", "3");

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
        header.put("CASE_DIR", quote(caseDir.toString()));
        header.put("TEST_OUTPUT_DIR", quote(caseDir.resolve(TOD).toString()));
        header.put("HOSTNAMES_DIR", quote(caseDir.resolve(TOD + "/hostnames-local-0").toString()));
        header.put("STATUS_FILE", quote(caseDir.resolve(TOD + "/benchmark_status.0.txt").toString()));
        header.put("JUNIT_DIR", quote(caseDir.resolve("junit").toString()));
        header.put("NODE_ID", quote("perf/test_perf_sanity.py::test_e2e[disagg-e2e-case]"));
        header.put("LLM_ROOT_DIR", quote(llmRoot.toString()));
        header.put("JOB_INFO", "job_info.txt");
        header.put("ENVIRONMENT_FILE", "environment.txt");
        header.put("INSTALL_LOG", "install.log");
        header.put("COLLECT_LOG", "collect.log");
        header.put("DISAGG_SERVER_LOG", "disagg_server.log");
        header.put("BENCHMARK_LOG", "benchmark.log");
        header.put("STEP_STATUS_FILE", "step_status.tsv");
        // the workers poll the status file every 10 s as upstream's do
        header.put("ROLE_ENV", "(DISAGG_CONFIG_FOLDER=" + quote(caseDir.resolve("disagg_configs").toString())
                + " PMIX_MCA_gds=hash FAKE_TOD=" + quote(caseDir.resolve(TOD).toString())
                + " FAKE_GEN=1 FAKE_CTX=1 FAKE_POLL=10 FAKE_TIMEOUT=60)");
        servers(header, "GEN_0:0:4", "CTX_0:1:4");
        header.put("GEN_WORKER_COMMAND", quote(command));
        header.put("CTX_WORKER_COMMAND", quote(command));
        header.put("SERVER_COMMAND", quote(command));
        header.put("BENCHMARK_COMMAND", quote(command));
        header.put("COLLECT_COMMAND", quote("echo collected \"$NODE_ID\" in $PWD"));
        header.put("CASE_TIMEOUT_SECONDS", "120");
        return header;
    }

    /** servers(header, "TYPE:node indices:tasks", ...) with 4 tasks per node, as the plan renders them. */
    private static void servers(Map<String, String> header, String... servers) {
        List<String> types = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        List<String> done = new ArrayList<>();
        int needed = 0;
        for (String server : servers) {
            String[] parts = server.split(":");
            types.add(parts[0]);
            nodes.add(parts[1]);
            tasks.add(parts[2]);
            int index = Integer.parseInt(parts[0].substring(4));
            boolean gen = parts[0].startsWith("GEN");
            logs.add((gen ? "gen" : "ctx") + "_server_" + index + ".log");
            done.add(gen ? "$TEST_OUTPUT_DIR/gen_server_" + index + ".done" : "");
            for (String n : parts[1].split(",")) {
                needed = Math.max(needed, Integer.parseInt(n) + 1);
            }
        }
        header.put("SERVER_TYPES", "(" + String.join(" ", types) + ")");
        header.put("SERVER_NODES", "(" + String.join(" ", nodes) + ")");
        header.put("SERVER_TASKS", "(" + String.join(" ", tasks) + ")");
        header.put("SERVER_TASKS_PER_NODE", "(" + types.stream().map(t -> "4").collect(Collectors.joining(" ")) + ")");
        header.put("SERVER_LOGS", "(" + String.join(" ", logs) + ")");
        header.put("SERVER_DONE", "(" + done.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(" ")) + ")");
        header.put("NODES_NEEDED", String.valueOf(needed));
    }

    /** StartTime to EndTime of an ended job, as the controller records them. */
    private static long runSeconds(JobId id) throws Exception {
        CommandResult show = new ProcessCommandRunner().run(List.of("scontrol", "show", "job", "-o", id.value()),
                java.time.Duration.ofMinutes(2));
        assertThat(show.succeeded()).as(show.stderr()).isTrue();
        java.util.regex.Matcher start = java.util.regex.Pattern.compile("StartTime=(\\S+)").matcher(show.stdout());
        java.util.regex.Matcher stop = java.util.regex.Pattern.compile("EndTime=(\\S+)").matcher(show.stdout());
        assertThat(start.find() && stop.find()).as(show.stdout()).isTrue();
        return java.time.Duration.between(java.time.LocalDateTime.parse(start.group(1)),
                java.time.LocalDateTime.parse(stop.group(1))).toSeconds();
    }

    private JobStatus run(Map<String, String> header) throws Exception {
        return run(header, 2);
    }

    private JobStatus run(Map<String, String> header, int nodes) throws Exception {
        String template;
        try (InputStream in = getClass().getResourceAsStream(TEMPLATE)) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // values are shell words already (quoted strings, arrays)
        String assignments = header.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        // The arrays as a cluster without MPI plugin or containers renders them.
        assignments += "\nSRUN_ARGS=()\nWORKER_SRUN_ARGS=()";
        Path script = Files.writeString(caseDir.resolve("job.sh"), template.replace("@@HEADER@@", assignments));
        // A secret in the submitting environment reaches the job; environment.txt must hide it.
        CommandRunner withSecret = (command, environment, timeout) -> new ProcessCommandRunner().run(
                withEnv(command, "DISAGG_E2E_API_TOKEN=" + SECRET), environment, timeout);
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

    /** failure.json as the core writes it after the job (disagg run/check), from the job's record and logs. */
    private JsonNode failure() throws Exception {
        CaseChecker.Run run = CaseChecker.readRun(caseDir, Redactor.of(List.of(SECRET)));
        run.inputs().failure().ifPresent(f -> FailureJson.write(caseDir, f));
        return new ObjectMapper().readTree(caseDir.resolve("failure.json").toFile());
    }

    /** The record's lines as role, status, how (the time and log fields left out). */
    private List<String> steps() throws Exception {
        return read("step_status.tsv").lines().map(l -> String.join("\t", List.of(l.split("\t")).subList(0, 3))).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
