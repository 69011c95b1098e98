package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.emulator.CaseHarness.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmapiLaunchTest {
    @TempDir
    Path dir;

    private Run launch(Map<String, String> env, String... args) throws Exception {
        CaseHarness harness = new CaseHarness(dir);
        List<String> all = new java.util.ArrayList<>(List.of(Emulator.LLMAPI_LAUNCH));
        all.addAll(List.of(args));
        Map<String, String> full = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
        full.putAll(env);
        return harness.run(all, full, null);
    }

    @Test
    void rankZeroRunsTheCommandWithoutMpiAndSlurmVariables() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String name : List.of("SLURM_PROCID", "SLURM_JOB_ID", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_SIZE",
                "MPI_LOCALRANKID", "UCX_TLS", "I_MPI_PIN", "HYDRA_HOST_FILE", "KMP_AFFINITY", "MPICH_X", "MV2_Y", "CRAY_Z")) {
            env.put(name, "0");
        }
        env.put("DISAGG_SERVING_TYPE", "GEN_0");
        env.put("SLURMD_NODENAME", "node1"); // no MPI prefix: "SLURMD_" is not "SLURM_"
        env.put("SLURM_NTASKS", "8");

        Run run = launch(env, "env");

        assertThat(run.status()).isZero();
        List<String> names = run.out().lines().map(line -> line.substring(0, line.indexOf('='))).toList();
        assertThat(names).contains("DISAGG_SERVING_TYPE", "SLURMD_NODENAME", "TLLM_SPAWN_PROXY_PROCESS", "tllm_mpi_size")
                .noneMatch(name -> LlmapiLaunch.MPI_PREFIXES.stream().anyMatch(name::startsWith));
        assertThat(run.out()).contains("tllm_mpi_size=8\n", "TLLM_SPAWN_PROXY_PROCESS=1\n");
        assertThat(run.err()).startsWith("mpi_rank: 0\n");
    }

    @Test
    void aShellCommandRunsWithItsOutputItsStatusAndWithoutTheMpiVariables() throws Exception {
        Run run = launch(Map.of("SLURM_PROCID", "0", "SLURM_JOB_ID", "7", "PMI_SIZE", "2", "KEEP_ME", "kept"),
                "bash", "-c", "echo \"hi $0 ${SLURM_JOB_ID-unset} ${PMI_SIZE-unset} $KEEP_ME\"; echo oops >&2; exit 5", "role");

        assertThat(run.status()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("hi role unset unset kept\n");
        assertThat(run.err()).contains("oops\n");
    }

    @Test
    void argumentsKeepTheirSpacesAndQuotesAndUpstreamsSplittingIsNoted() throws Exception {
        Run run = launch(Map.of(), "printf", "%s|", "a b", "it's \"q\"", "", "*", "c");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("a b|it's \"q\"||*|c|");
        assertThat(run.err()).contains("would split or drop the argument 'a b'",
                "would split or drop the argument ''").doesNotContain("argument 'c'", "argument '%s|'");
    }

    @Test
    void theCommandsStatusIsReturned() throws Exception {
        assertThat(launch(Map.of("PMI_RANK", "0"), "false").status()).isEqualTo(1);
        assertThat(launch(Map.of(), "no-such-command-here").status()).isEqualTo(127);
    }

    @Test
    void theEmulatedPytestRunsInTheLaunchersOwnProcessWithTheCleanedEnvironment() throws Exception {
        Path bin = dir.resolve("bin");
        // Run as a process, this script would print its arguments instead of acting as pytest.
        EmulatorBin.write(bin, "printf '%s\\n'");
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/one.yaml"), EmulatedCaseTest.E2E);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "SLURM_PROCID", "0",
                "DISAGG_CONFIG_FOLDER", dir.resolve("configs").toString(), "DISAGG_SERVING_TYPE", "BENCHMARK",
                "SLURM_JOB_ID", "5", Settings.POLL_SECONDS, "0.05");

        Run collected = launch(env, "pytest", CaseHarness.node("disagg-e2e-one"), "--collect-only", "-q");
        assertThat(collected.status()).isZero();
        assertThat(collected.out()).startsWith("perf/test_perf_sanity.py::test_e2e[disagg-e2e-one]\n");

        // Without SLURM_JOB_ID (cleared as SLURM_*), the test's hostnames directory is the "local" one.
        Map<String, String> timeout = new HashMap<>(env);
        timeout.put("TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", "1");
        Files.writeString(dir.resolve("configs/one.yaml"), EmulatedCaseTest.E2E.replace("timeout: 30", "timeout: 1"));
        Run run = launch(timeout, "pytest", CaseHarness.node("disagg-e2e-one"), "--output-dir", "out");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("hostnames-local-0/DISAGG_SERVER.0.addr");
    }

    @Test
    void theRankComesFromSlurmFirstThenOmpiThenPmi() throws Exception {
        // SLURM_PROCID=0 wins over OMPI's 3: the command runs.
        assertThat(launch(Map.of("SLURM_PROCID", "0", "OMPI_COMM_WORLD_RANK", "3"), "true").err()).startsWith("mpi_rank: 0");
        // Without SLURM_PROCID, OMPI's rank 3 makes a follower, which has no test to wait for.
        Run follower = launch(Map.of("OMPI_COMM_WORLD_RANK", "3", "PMI_RANK", "0"), "touch", dir.resolve("ran").toString());
        assertThat(follower.status()).isZero();
        assertThat(follower.err()).startsWith("mpi_rank: 3").contains("no pytest --output-dir and test id");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void otherRanksStayUntilTheTestsStatusFileAppears() throws Exception {
        Map<String, String> env = Map.of("SLURM_PROCID", "1", "SLURM_JOB_ID", "99", Settings.POLL_SECONDS, "0.05");
        CompletableFuture<Run> follower = CompletableFuture.supplyAsync(() -> {
            try {
                return launch(env, "pytest", CaseHarness.node("disagg-e2e-x"), "-v", "--output-dir", "out");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> new Thread(task).start());
        Thread.sleep(500);
        assertThat(follower).isNotDone();

        Path status = dir.resolve("out/disagg-e2e-x/benchmark_status.0.txt");
        Files.createDirectories(status.getParent());
        Files.writeString(status, "Done");
        Run run = follower.get(30, TimeUnit.SECONDS);
        assertThat(run.status()).isZero();
        assertThat(run.err()).contains("rank1: emulated mgmn_worker_node: waiting for " + status);
    }
}
