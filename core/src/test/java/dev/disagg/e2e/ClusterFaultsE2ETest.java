package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.CommandResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real local cluster: a node failing mid-job, the controller restarting while a
 * job is followed, sbatch refusing a job, a job SLURM never starts, a read-only or full case
 * directory. Each must end with a clear message, the case's logs kept and no job of ours left.
 * Disruptions of the shared cluster wait until only our jobs are queued and are undone at once.
 */
@Tag("e2e")
class ClusterFaultsE2ETest {
    /** How long a disruption waits for the other users' jobs to end. */
    private static final Duration QUIET_CLUSTER = Duration.ofMinutes(10);
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final List<CliProcess> processes = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        SharedCluster.requireRunning();
    }

    @AfterEach
    void leaveNothingBehind() throws Exception {
        for (CliProcess p : processes) {
            p.stop();
        }
        // By id: the jobs whose scripts lie in this test's directory.
        SharedCluster.cancel(SharedCluster.queuedJobsUnder(dir));
        SharedCluster.ensureController();
        for (Path mount : mounts) {
            unmount(mount);
        }
    }

    @Test
    void aNodeFailingMidJobEndsTheRunAsAnInfrastructureErrorWithTheLogsKept() throws Exception {
        Path workspace = dir.resolve("ws");
        // Quiet first, so the job is still running when the others are gone (it ends only by the timeout).
        SharedCluster.awaitOnlyOurs(Set.of(), QUIET_CLUSTER);
        CliProcess run = start("run", "run", "--config", FaultCases.hangingBenchmark(dir).toString(), "--cluster", "local",
                "--workspace", workspace.toString(), "--timeout-minutes", "10");
        Path caseDir = workspace.resolve("disagg_logs/hang");
        String jobId = awaitRolesUp(caseDir);
        SharedCluster.awaitOnlyOurs(Set.of(jobId), QUIET_CLUSTER);
        String node = jobInfo(caseDir, "ctx_0_nodes");

        int status;
        Instant down = Instant.now();
        try {
            SharedCluster.setDown(node, "disagg-fault-test");
            status = run.await(RUN_DEADLINE);
        } finally {
            SharedCluster.restore(node);
        }
        figure("node-down", down, status, run);

        assertThat(status).as(run.all()).isEqualTo(4);
        assertThat(run.out()).contains("job " + jobId + ": NODE_FAIL").contains("INFRA_ERROR (exit 4)")
                .contains("JOB_LOST: job " + jobId + " ended NODE_FAIL").contains("a fault of the cluster, not of the case");
        assertThat(json(caseDir.resolve("job_state.json")).get("state").asText()).isEqualTo("NODE_FAIL");
        assertThat(json(caseDir.resolve("result.json")).get("verdict").asText()).isEqualTo("INFRA_ERROR");
        for (String log : List.of("slurm_" + jobId + ".log", "ctx_server_0.log", "gen_server_0.log", "disagg_server.log",
                "job.sh", "plan.json", "job_info.txt")) {
            assertThat(caseDir.resolve(log)).as(log).isNotEmptyFile();
        }
        assertThat(Files.readString(caseDir.resolve("ctx_server_0.log"))).contains("Node failure on " + node);
        assertThat(SharedCluster.isQueued(jobId)).isFalse();
    }

    @Test
    void theControllerRestartingWhileWaitFollowsAJobIsRiddenOut() throws Exception {
        Path workspace = dir.resolve("ws");
        Path trace = dir.resolve("slurm-calls.txt");
        // Quiet first, so the restart can come while the job still runs.
        SharedCluster.awaitOnlyOurs(Set.of(), QUIET_CLUSTER);
        CliProcess submit = start("submit", "submit", "--config", FaultCases.slowWorkers(dir, 100).toString(),
                "--cluster", "local", "--workspace", workspace.toString());
        assertThat(submit.await(Duration.ofMinutes(1))).as(submit.all()).isZero();
        Path caseDir = workspace.resolve("disagg_logs/slow");
        CliProcess wait = start("wait", Map.of("DISAGG_SLURM_TRACE", trace.toString()), "wait", "--case-dir", caseDir.toString());
        String jobId = awaitRolesUp(caseDir);
        SharedCluster.awaitOnlyOurs(Set.of(jobId), QUIET_CLUSTER);

        Instant down = Instant.now();
        CommandResult restart;
        try {
            restart = SharedCluster.restartController(20);
        } finally {
            SharedCluster.ensureController();
        }
        Instant back = Instant.now();
        int status = wait.await(RUN_DEADLINE);

        assertThat(restart.succeeded()).as(restart.stdout() + restart.stderr()).isTrue();
        assertThat(status).as(wait.all()).isZero();
        assertThat(wait.out()).contains("job " + jobId + " ended: COMPLETED, exit code 0");
        assertThat(json(caseDir.resolve("job_state.json")).get("state").asText()).isEqualTo("COMPLETED");
        List<String> duringOutage = Files.readAllLines(trace).stream()
                .filter(line -> {
                    Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
                    return !at.isBefore(down) && at.isBefore(back);
                }).toList();
        System.out.println("controller down " + down + " .. " + back + "; SLURM calls started meanwhile:\n  "
                + String.join("\n  ", duringOutage));
        figure("controller-restart", back, status, wait);
        assertThat(duringOutage).as("the watcher asked SLURM while the controller was away").isNotEmpty();
        assertThat(SharedCluster.isQueued(jobId)).isFalse();
    }

    @Test
    void sbatchRefusingABadPartitionIsAnInfrastructureErrorQuotingSbatch() throws Exception {
        Path workspace = dir.resolve("ws");
        CliProcess run = start("run", "run", "--cluster", FaultCases.profile(dir, "nosuch", "partition", "nosuch").toString(),
                "--workspace", workspace.toString());

        int status = run.await(RUN_DEADLINE);
        figure("bad-partition", run.started(), status, run);

        Path caseDir = workspace.resolve("disagg_logs/local-smoke");
        assertThat(status).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("case local-smoke was not submitted: sbatch refused " + caseDir.resolve("job.sh"))
                .contains("Invalid partition name specified")
                .contains("the case directory " + caseDir + " keeps the rendered files");
        assertThat(caseDir.resolve("job.sh")).isNotEmptyFile();
        assertThat(caseDir.resolve("plan.json")).isNotEmptyFile();
        assertThat(caseDir.resolve("job_id")).doesNotExist();
        assertThat(SharedCluster.queuedJobsUnder(dir)).isEmpty();
    }

    @Test
    void aJobSlurmWouldKeepPendingForeverIsCancelledWithTheReason() throws Exception {
        // short has a 5-minute limit; the example case asks for 10: SLURM accepts it and never starts it
        Path workspace = dir.resolve("ws");
        CliProcess run = start("run", "run", "--cluster", FaultCases.profile(dir, "short", "partition", "short").toString(),
                "--workspace", workspace.toString());

        int status = run.await(RUN_DEADLINE);
        figure("partition-time-limit", run.started(), status, run);

        Path caseDir = workspace.resolve("disagg_logs/local-smoke");
        String jobId = Files.readString(caseDir.resolve("job_id")).strip();
        assertThat(status).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("job " + jobId + " cannot start: SLURM keeps it PENDING (PartitionTimeLimit)")
                .contains("job " + jobId + " cancelled");
        SharedCluster.await("job " + jobId + " to leave the queue", Duration.ofSeconds(30), () -> !SharedCluster.isQueued(jobId));
    }

    @Test
    void aReadOnlyWorkspaceIsAUsageErrorAndTheEarlierRunStays() throws Exception {
        Path workspace = mountTmpfs("ws", "1m");
        CliProcess render = start("render", "render", "--cluster", "local", "--workspace", workspace.toString());
        assertThat(render.await(Duration.ofMinutes(1))).as(render.all()).isZero();
        Path earlier = workspace.resolve("disagg_logs/local-smoke");
        List<String> earlierFiles = listing(earlier);
        mount("-o", "remount,ro", workspace.toString());

        CliProcess run = start("run", "run", "--cluster", "local", "--workspace", workspace.toString());
        int status = run.await(RUN_DEADLINE);
        figure("read-only-workspace", run.started(), status, run);

        assertThat(status).as(run.all()).isEqualTo(2);
        // the first write is the claim's lock beside the case directory, which the message names
        assertThat(run.err()).contains("cannot write the case directory " + earlier + ": ").contains("Read-only file system;"
                + " nothing was submitted");
        assertNoStackTrace(run);
        assertThat(listing(earlier)).isEqualTo(earlierFiles);
        try (Stream<Path> entries = Files.list(earlier.getParent())) {
            // the claim's lock file (".local-smoke.lock") stays beside the case directory by design
            assertThat(entries.map(p -> p.getFileName().toString()).filter(name -> !name.endsWith(".lock")))
                    .as("nothing moved aside").containsExactly("local-smoke");
        }
        assertThat(SharedCluster.queuedJobsUnder(dir)).isEmpty();
    }

    @Test
    void aFullWorkspaceIsAnInfrastructureErrorAndTheEarlierRunIsMovedAsideNotLost() throws Exception {
        Path workspace = mountTmpfs("ws", "64k");
        CliProcess render = start("render", "render", "--cluster", "local", "--workspace", workspace.toString());
        assertThat(render.await(Duration.ofMinutes(1))).as(render.all()).isZero();
        Path earlier = workspace.resolve("disagg_logs/local-smoke");
        List<String> earlierFiles = listing(earlier);
        String earlierPlan = Files.readString(earlier.resolve("plan.json"));
        fill(workspace.resolve("filler"));

        CliProcess run = start("run", "run", "--cluster", "local", "--workspace", workspace.toString());
        int status = run.await(RUN_DEADLINE);
        figure("full-workspace", run.started(), status, run);

        assertThat(status).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("cannot write the case directory " + earlier).contains("No space left on device")
                .contains("nothing was submitted");
        assertNoStackTrace(run);
        Path movedAside = workspace.resolve("disagg_logs/local-smoke.prev-1");
        assertThat(listing(movedAside)).isEqualTo(earlierFiles);
        assertThat(movedAside.resolve("plan.json")).hasContent(earlierPlan);
        assertThat(SharedCluster.queuedJobsUnder(dir)).isEmpty();
    }

    @Test
    void aDiskFillingUpMidRunEndsWithTheReasonAndNoJobLeft() throws Exception {
        // room for the rendered files (about 40k in 4k pages) but not for the job's logs
        Path workspace = mountTmpfs("ws", "64k");
        CliProcess run = start("run", "run", "--cluster", "local", "--workspace", workspace.toString());

        int status = run.await(RUN_DEADLINE);
        figure("disk-full-mid-run", run.started(), status, run);

        Path caseDir = workspace.resolve("disagg_logs/local-smoke");
        assertThat(status).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("No space left on device");
        assertNoStackTrace(run);
        String jobId = Files.readString(caseDir.resolve("job_id")).strip();
        assertThat(caseDir.resolve("job.sh")).isNotEmptyFile();
        assertThat(caseDir.resolve("slurm_" + jobId + ".log")).exists();
        assertThat(SharedCluster.isQueued(jobId)).isFalse();
    }

    /** One line per scenario for bench-faults.sh: the exit status, how long it took, disagg's last message. */
    private static void figure(String scenario, Instant from, int status, CliProcess p) {
        List<String> lines = p.all().lines()
                .filter(l -> l.startsWith("disagg:") || l.startsWith("job ") || l.startsWith("- Test:")).toList();
        System.out.printf("FIGURE %s: exit %d, %d s after %s; %s%n", scenario, status,
                Duration.between(from, Instant.now()).toSeconds(), scenario.equals("node-down") ? "the node went down"
                        : scenario.equals("controller-restart") ? "the controller was back" : "the start",
                lines.isEmpty() ? "(no message)" : lines.get(lines.size() - 1));
    }

    private CliProcess start(String name, String... args) throws IOException {
        return start(name, Map.of(), args);
    }

    private CliProcess start(String name, Map<String, String> env, String... args) throws IOException {
        CliProcess p = CliProcess.start(dir, name, env, args);
        processes.add(p);
        return p;
    }

    /** Waits until the case's job runs and its servers are listening; returns the job id. */
    private static String awaitRolesUp(Path caseDir) throws IOException {
        SharedCluster.await("the roles of " + caseDir + " to be up", Duration.ofMinutes(5),
                () -> Files.exists(caseDir.resolve("disagg-e2e-" + caseDir.getFileName() + "/hostnames-local-0/DISAGG_SERVER.0.addr")));
        return Files.readString(caseDir.resolve("job_id")).strip();
    }

    private static String jobInfo(Path caseDir, String key) throws IOException {
        return Files.readAllLines(caseDir.resolve("job_info.txt")).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElseThrow();
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(p -> directory.relativize(p).toString()).sorted().toList();
        }
    }

    private static void assertNoStackTrace(CliProcess run) {
        assertThat(run.all()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
    }

    /** A small tmpfs (root only): a workspace that can be made read-only or full. */
    private Path mountTmpfs(String name, String size) throws IOException {
        assumeTrue(SharedCluster.isRoot(), "mounting a tmpfs needs root");
        Path point = Files.createDirectories(dir.resolve(name));
        CommandResult result = SharedCluster.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString());
        assumeTrue(result.succeeded(), "cannot mount a tmpfs here: " + result.stderr());
        mounts.add(point);
        return point;
    }

    private static void mount(String... args) {
        List<String> command = new ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        CommandResult result = SharedCluster.run(command.toArray(String[]::new));
        assertThat(result.succeeded()).as(result.stderr()).isTrue();
    }

    private static void unmount(Path point) {
        SharedCluster.await("umount " + point, Duration.ofSeconds(60), () -> SharedCluster.run("umount", point.toString()).succeeded());
    }

    /** Writes until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }
}
