package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.emulator.CaseHarness.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles that wait in vain, crash or report wrong addresses: the failures upstream's test would show. */
class RoleFaultTest {
    static final String ID = "disagg-e2e-short";

    @TempDir
    Path dir;

    CaseHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new CaseHarness(dir);
        harness.writeCase("short", EmulatedCaseTest.E2E.replace("timeout: 30", "timeout: 1")
                .replace("num_gen_servers: 2", "num_gen_servers: 1"));
    }

    @Test
    void aWorkerFailsWhenNoStatusFileAppearsWithinTheTimeout() throws Exception {
        Run run = CaseHarness.await(harness.start("CTX_0", ID));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   RuntimeError: Timeout waiting for benchmark status file after 1s");
        assertThat(harness.tod(ID).resolve("hostnames-local-0/CTX_0.txt")).isRegularFile();
        assertThat(harness.read(harness.junit("CTX_0"))).contains("failures=\"1\"",
                "message=\"RuntimeError: Timeout waiting for benchmark status file after 1s\"");
    }

    @Test
    void theServerFailsWhenWorkersDoNotReport() throws Exception {
        Run run = CaseHarness.await(harness.start("DISAGG_SERVER", ID));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   RuntimeError: Time out. Hostnames files are not ready after 1s");
        assertThat(harness.tod(ID).resolve("server_config.0.yaml")).doesNotExist();
    }

    @Test
    void theBenchmarkFailsWithoutAServerAddressAndStillWritesTheStatusFile() throws Exception {
        Run run = CaseHarness.await(harness.start("BENCHMARK", ID));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   TimeoutError: server did not report its address to ");
        assertThat(harness.read(harness.tod(ID).resolve("benchmark_status.0.txt"))).isEqualTo("Done");
    }

    @Test
    void aCrashAtStartLeavesNothingBehind() throws Exception {
        Run run = CaseHarness.await(harness.start("GEN_0", ID, Map.of(Fault.VARIABLE, "crash-start"), null));

        assertThat(run.status()).isEqualTo(Fault.CRASH_START_EXIT);
        assertThat(run.err()).contains("simulated crash at start");
        assertThat(harness.tod(ID)).doesNotExist();
        assertThat(harness.junit("GEN_0")).doesNotExist();
    }

    @Test
    void aWorkerWhoseServerDiesFailsBeforeTheTimeout() throws Exception {
        harness.writeCase("short", EmulatedCaseTest.E2E.replace("num_gen_servers: 2", "num_gen_servers: 1"));
        long start = System.nanoTime();
        Run run = CaseHarness.await(harness.start("GEN_0", ID, Map.of(Fault.VARIABLE, "crash-mid"), null));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   RuntimeError: GEN_0 server exited unexpectedly");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(25.0);
        assertThat(harness.read(harness.tod(ID).resolve("trtllm-serve.GEN_0.0.log"))).contains("simulated crash");
    }

    @Test
    void aFaultLimitedToAnotherRoleDoesNotApply() throws Exception {
        Run run = CaseHarness.await(harness.start("CTX_0", ID,
                Map.of(Fault.VARIABLE, "crash-start", Fault.ROLE_VARIABLE, "GEN_0"), null));

        assertThat(run.status()).isEqualTo(1); // the timeout, not the crash
        assertThat(run.out()).contains("Timeout waiting for benchmark status file");
    }

    @Test
    void aWrongAddressMakesTheBenchmarkFailItsReadinessWait() throws Exception {
        harness.writeCase("short", EmulatedCaseTest.E2E.replace("num_gen_servers: 2", "num_gen_servers: 1"));
        harness.env.put("TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", "1");
        CompletableFuture<Run> ctx = harness.start("CTX_0", ID);
        CompletableFuture<Run> gen = harness.start("GEN_0", ID, Map.of(Fault.VARIABLE, "wrong-address"), null);
        CompletableFuture<Run> server = harness.start("DISAGG_SERVER", ID);
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", ID));

        assertThat(benchmark.status()).isEqualTo(1);
        assertThat(benchmark.out()).contains("E   RuntimeError: Endpoint http://localhost:", "/health not ready after 1s",
                "HTTP 503");
        assertThat(harness.read(harness.tod(ID).resolve("hostnames-local-0/GEN_0.txt"))).isEqualTo("localhost:1");
        assertThat(CaseHarness.await(ctx).status()).isZero();
        assertThat(CaseHarness.await(gen).status()).isZero();
        assertThat(CaseHarness.await(server).status()).isZero();
    }

    @Test
    void theOtherWorkersWaitForThePrimarysConfigFile() throws Exception {
        harness.writeCase("short", EmulatedCaseTest.E2E.replace("timeout: 30", "timeout: 1"));
        CompletableFuture<Run> gen1 = harness.start("GEN_1", ID);
        // The role creates the hostnames directory just before it starts waiting; give it a few polls.
        Path hostnames = harness.tod(ID).resolve("hostnames-local-0");
        for (int i = 0; i < 400 && !Files.isDirectory(hostnames); i++) {
            Thread.sleep(50);
        }
        Thread.sleep(1000);
        Path genConfig = harness.tod(ID).resolve("extra-llm-api-config.gen.e2e-short.yml");
        assertThat(harness.tod(ID).resolve("hostnames-local-0/GEN_1.txt")).doesNotExist();
        assertThat(harness.tod(ID).resolve("trtllm-serve.GEN_1.0.log")).doesNotExist();

        Files.createDirectories(genConfig.getParent());
        Files.writeString(genConfig, "max_batch_size: 8\n");
        Run run = CaseHarness.await(gen1);
        assertThat(run.out()).contains("Waiting for config file " + genConfig);
        assertThat(harness.tod(ID).resolve("hostnames-local-0/GEN_1.txt")).isRegularFile();
        assertThat(run.status()).isEqualTo(1); // then the timeout: no benchmark in this test
    }

    @Test
    void aHangingRolePublishesNothingUntilItIsStopped() throws Exception {
        CaseHarness.Run[] result = new CaseHarness.Run[1];
        java.util.List<String> args = java.util.List.of("pytest", CaseHarness.node(ID), "--output-dir", "out");
        Map<String, String> env = new java.util.HashMap<>(harness.env);
        env.put("DISAGG_SERVING_TYPE", "GEN_0");
        env.put(Fault.VARIABLE, "hang");
        Thread role = new Thread(() -> result[0] = harness.run(args, env, null));
        role.start();
        role.join(1500);

        assertThat(role.isAlive()).isTrue();
        assertThat(dir.resolve("out")).doesNotExist();
        role.interrupt();
        role.join(30_000);
        assertThat(result[0].status()).isEqualTo(PytestRun.INTERRUPTED);
        assertThat(result[0].out()).contains("simulated hang");
    }

    @Test
    void aSlowFaultScalesTheWorkPerToken() {
        Settings slow = Settings.from(Map.of(Fault.VARIABLE, "slow:3", Settings.TOKEN_DELAY_MS, "2"));
        assertThat(slow.tokenDelay()).isEqualTo(java.time.Duration.ofMillis(6));
        Settings fromZero = Settings.from(Map.of(Fault.VARIABLE, "slow:4", "DISAGG_SERVING_TYPE", "GEN_1"));
        assertThat(fromZero.tokenDelay()).isEqualTo(java.time.Duration.ofMillis(4));
        Settings other = Settings.from(Map.of(Fault.VARIABLE, "slow:4", Fault.ROLE_VARIABLE, "GEN_0",
                "DISAGG_SERVING_TYPE", "GEN_1"));
        assertThat(other.tokenDelay()).isZero();
        assertThat(Settings.from(Map.of(Settings.POLL_SECONDS, "0.25")).poll()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(Settings.from(Map.of()).poll()).isEqualTo(java.time.Duration.ofSeconds(10));
    }
}
