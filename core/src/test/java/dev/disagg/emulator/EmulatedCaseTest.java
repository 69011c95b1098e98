package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.emulator.CaseHarness.Run;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Whole cases played by the emulated roles side by side: upstream's files, exit statuses and junit. */
class EmulatedCaseTest {
    static final String E2E = """
            metadata:
              model_name: tiny_model
            slurm:
              timeout: 30
            benchmark:
              mode: e2e
              multi_round: 2
              concurrency_list: '1 3'
              input_length: 16
              output_length: 8
            hardware:
              gpus_per_node: 4
              num_ctx_servers: 1
              num_gen_servers: 2
            worker_config:
              gen:
                print_iter_log: true
                max_batch_size: 8
                backend: pytorch
                moe_config:
                  load_balancer: configs/eplb.yaml
              ctx:
                max_batch_size: 4
            """;
    static final String GEN_ONLY = """
            metadata:
              model_name: tiny_model
            slurm:
              timeout: 30
            benchmark:
              mode: gen_only_no_context
              concurrency_list: '2 8'
              input_length: 16
              output_length: 12
            hardware:
              gpus_per_node: 4
              num_ctx_servers: 1
              num_gen_servers: 1
            worker_config:
              gen:
                print_iter_log: true
              ctx: {}
            """;

    @TempDir
    Path dir;

    CaseHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new CaseHarness(dir);
        harness.env.put("SLURM_JOB_ID", "4242");
    }

    @Test
    void anE2eCasePassesAndLeavesUpstreamsFiles() throws Exception {
        harness.writeCase("tiny-e2e-case", E2E);
        String id = "disagg-e2e-tiny-e2e-case";
        CompletableFuture<Run> ctx0 = harness.start("CTX_0", id);
        CompletableFuture<Run> gen0 = harness.start("GEN_0", id);
        CompletableFuture<Run> gen1 = harness.start("GEN_1", id);
        CompletableFuture<Run> server = harness.start("DISAGG_SERVER", id);
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", id));

        assertThat(benchmark.status()).as(benchmark.out()).isZero();
        for (CompletableFuture<Run> role : List.of(ctx0, gen0, gen1, server)) {
            Run run = CaseHarness.await(role);
            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).contains("PASSED", "skipping perf result parsing");
        }
        Path tod = harness.tod(id);
        Path hostnames = tod.resolve("hostnames-4242-0");
        try (var names = Files.list(hostnames)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("CTX_0.txt", "GEN_0.txt", "GEN_1.txt", "DISAGG_SERVER.0.addr");
        }
        assertThat(harness.read(tod.resolve("benchmark_status.0.txt"))).isEqualTo("Done");
        String key = harness.read(tod.resolve("internal_request_auth_key.txt")).strip();
        assertThat(key).matches("[0-9a-f]{64}");

        Map<String, Object> config = new Yaml().load(harness.read(tod.resolve("server_config.0.yaml")));
        assertThat(config).containsEntry("port", 0).containsEntry("backend", "pytorch")
                .containsEntry("hostname", "localhost").containsEntry("internal_request_auth_key", key);
        assertThat(config.get("context_servers")).isEqualTo(Map.of("num_instances", 1,
                "urls", List.of(harness.read(hostnames.resolve("CTX_0.txt")))));
        assertThat(config.get("generation_servers")).isEqualTo(Map.of("num_instances", 2, "urls",
                List.of(harness.read(hostnames.resolve("GEN_0.txt")), harness.read(hostnames.resolve("GEN_1.txt")))));
        assertThat(harness.read(hostnames.resolve("DISAGG_SERVER.0.addr"))).matches("localhost:\\d+");

        Map<String, Object> genConfig = new Yaml().load(harness.read(tod.resolve("extra-llm-api-config.gen.e2e-tiny-e2e-case.yml")));
        assertThat(genConfig).containsEntry("internal_request_auth_key", key).containsEntry("max_batch_size", 8)
                .doesNotContainKey("backend");
        assertThat(genConfig.get("moe_config"))
                .isEqualTo(Map.of("load_balancer", dir.resolve("configs/eplb.yaml").toString()));
        assertThat(new Yaml().<Map<String, Object>>load(harness.read(tod.resolve("extra-llm-api-config.ctx.e2e-tiny-e2e-case.yml"))))
                .containsEntry("max_batch_size", 4);

        for (int client = 0; client < 2; client++) {
            String log = harness.read(tod.resolve("trtllm-benchmark.0." + client + ".log"));
            assertThat(ResultCheck.metrics(log)).containsKeys(ResultCheck.PERF_METRICS.keySet().toArray(String[]::new));
            assertThat(log).contains("Failed requests:                         0");
        }
        assertThat(harness.read(tod.resolve("trtllm-benchmark.0.1.log"))).contains("Maximum request concurrency: 3",
                "Total requests:                          6");
        assertThat(benchmark.out()).doesNotContain("Serving Benchmark Result");
        for (String role : List.of("CTX_0", "GEN_0", "GEN_1", "DISAGG_SERVER")) {
            assertThat(tod.resolve("trtllm-serve." + role + ".0.log")).isRegularFile();
        }
        assertThat(harness.read(tod.resolve("trtllm-serve.GEN_0.0.log"))).contains("completion request(s)");
        assertThat(harness.read(harness.junit("BENCHMARK"))).contains("tests=\"1\"", "failures=\"0\"",
                "classname=\"perf.test_perf_sanity\" name=\"test_e2e[disagg-e2e-tiny-e2e-case]\"");
    }

    @Test
    void genOnlyAppendsTheGenWorkersDeviceStepTimeAfterTheirSentinels() throws Exception {
        harness.writeCase("tiny-gen", GEN_ONLY);
        String id = "disagg-gen_only-tiny-gen";
        Path tod = harness.tod(id);
        Files.createDirectories(tod);
        // As the job script: GEN_0's stdout is gen_server_0.log, .done is touched once the step ended.
        OutputStream genLog = Files.newOutputStream(tod.resolve("gen_server_0.log"));
        CompletableFuture<Run> gen0 = harness.start("GEN_0", id, Map.of(), genLog).thenApply(run -> {
            try {
                genLog.close();
                Files.createFile(tod.resolve("gen_server_0.done"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return run;
        });
        CompletableFuture<Run> server = harness.start("DISAGG_SERVER", id);
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", id));

        assertThat(benchmark.status()).as(benchmark.out()).isZero();
        assertThat(CaseHarness.await(gen0).status()).isZero();
        assertThat(CaseHarness.await(server).status()).isZero();
        assertThat(harness.read(tod.resolve("gen_server_0.log")))
                .contains("[TRT-LLM] [I] [_torch][RANK 0] iter = 5, global_rank = 0", "prev_device_step_time = N/A");
        // Only the first concurrency runs in gen_only, without context servers here.
        assertThat(tod.resolve("trtllm-benchmark.0.1.log")).doesNotExist();
        String log = harness.read(tod.resolve("trtllm-benchmark.0.0.log"));
        assertThat(log).contains("Maximum request concurrency: 2", "Total requests:                          2")
                .containsPattern("\nAverage Per Iter Device Step Time \\(ms\\): \\d+\\.\\d\\d\n$");
        Map<String, Object> config = new Yaml().load(harness.read(tod.resolve("server_config.0.yaml")));
        assertThat(config.get("context_servers")).isEqualTo(Map.of("num_instances", 0, "urls", List.of()));
    }

    @Test
    void genOnlyWithoutIterationLinesFailsAfterTheSentinelTimeout() throws Exception {
        harness.writeCase("tiny-gen", GEN_ONLY);
        harness.env.put(Settings.SENTINEL_TIMEOUT_SECONDS, "0.3");
        String id = "disagg-gen_only-tiny-gen";
        CompletableFuture<Run> gen0 = harness.start("GEN_0", id,
                Map.of(Fault.VARIABLE, "bad-results"), null);
        CompletableFuture<Run> server = harness.start("DISAGG_SERVER", id);
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", id));

        assertThat(benchmark.status()).isEqualTo(1);
        assertThat(benchmark.out()).contains("Timeout (0.3s) waiting for gen worker log sentinels",
                "E   RuntimeError: gen_only test Server 0 Client 0 is missing 'prev_device_step_time' in gen_server_*.log");
        assertThat(harness.read(harness.junit("BENCHMARK"))).contains("failures=\"1\"",
                "<failure message=\"RuntimeError: gen_only test Server 0 Client 0 is missing");
        assertThat(CaseHarness.await(gen0).status()).isZero();
        assertThat(CaseHarness.await(server).status()).isZero();
    }

    @Test
    void failedRequestsFailTheBenchmarkWhichStillReleasesTheOtherRoles() throws Exception {
        harness.writeCase("tiny-e2e-case", E2E.replace("num_gen_servers: 2", "num_gen_servers: 1"));
        String id = "disagg_upload-e2e-tiny-e2e-case";
        CompletableFuture<Run> ctx0 = harness.start("CTX_0", id);
        CompletableFuture<Run> gen0 = harness.start("GEN_0", id, Map.of(Fault.VARIABLE, "fail-requests"), null);
        CompletableFuture<Run> server = harness.start("DISAGG_SERVER", id);
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", id));

        assertThat(benchmark.status()).isEqualTo(1);
        assertThat(benchmark.out()).contains("E   RuntimeError: Benchmark output contains 2 failed requests.",
                "FAILED perf/test_perf_sanity.py::test_e2e[disagg_upload-e2e-tiny-e2e-case] - RuntimeError");
        assertThat(harness.read(harness.tod(id).resolve("trtllm-benchmark.0.0.log"))).contains("!FAILED REQUESTS!");
        assertThat(harness.read(harness.tod(id).resolve("benchmark_status.0.txt"))).isEqualTo("Done");
        for (CompletableFuture<Run> role : List.of(ctx0, gen0, server)) {
            assertThat(CaseHarness.await(role).status()).isZero();
        }
    }

    @Test
    void aMissingMetricFailsTheCheckAsUpstreamsCheckTestFailure() throws Exception {
        harness.writeCase("tiny-e2e-case", E2E.replace("num_gen_servers: 2", "num_gen_servers: 1")
                .replace("concurrency_list: '1 3'", "concurrency_list: 2"));
        String id = "disagg-e2e-tiny-e2e-case";
        List<CompletableFuture<Run>> others = List.of(harness.start("CTX_0", id), harness.start("GEN_0", id),
                harness.start("DISAGG_SERVER", id));
        Run benchmark = CaseHarness.await(harness.start("BENCHMARK", id, Map.of(Fault.VARIABLE, "bad-results",
                Fault.ROLE_VARIABLE, "BENCHMARK"), null));

        assertThat(benchmark.status()).isEqualTo(1);
        assertThat(benchmark.out()).contains("E   RuntimeError: Some metrics in Server 0 Client 0 are missing: ['p99_e2el']");
        for (CompletableFuture<Run> role : others) {
            assertThat(CaseHarness.await(role).status()).isZero();
        }
    }
}
