package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Ids, arguments, the device step time parser, the extra config, the auth key, the decode loop. */
class EmulatorPartsTest {
    @TempDir
    Path dir;

    @Test
    void idsSplitAsUpstreamsParseTestString() {
        assertThat(TestId.parse("disagg-e2e-deepseek-r1-fp4_1k1k-UCX"))
                .contains(new TestId("disagg-e2e-deepseek-r1-fp4_1k1k-UCX", "disagg", "e2e", "deepseek-r1-fp4_1k1k-UCX"));
        assertThat(TestId.parse("disagg_upload-gen_only-a").orElseThrow().genOnly()).isTrue();
        assertThat(TestId.parse("aggr_upload-ctx_only-a").orElseThrow().mode()).isEqualTo("ctx_only");
        assertThat(TestId.parse("aggr-cfg-server-name").orElseThrow().stem()).isEqualTo("cfg");
        assertThat(TestId.parse("disagg_upload-a")).isEmpty();
        assertThat(TestId.parse("disagg-gen-a")).isEmpty();
        assertThat(TestId.parse("my_disagg-e2e-a")).isEmpty();
        assertThat(TestId.parse("disagg")).isEmpty();
    }

    @Test
    void upstreamsCoverageOptionsAreAcceptedAndIgnored() {
        PytestArgs args = PytestArgs.parse(List.of("-v", "--output-dir=/o", "--cov=/llm/examples/", "--cov=/llm/tensorrt_llm/",
                "--cov-report=", "--cov-config=/o/.coveragerc", "perf/test_perf_sanity.py::test_e2e[disagg-e2e-c]",
                "--cov", "/w/tensorrt_llm/", "--cov-report", "xml"));
        assertThat(args.nodeId()).contains("perf/test_perf_sanity.py::test_e2e[disagg-e2e-c]");
        assertThat(args.outputDir()).contains(Path.of("/o"));
        assertThat(args.collectOnly()).isFalse();
    }

    @Test
    void argumentsAsPytestTakesThemOthersIgnored() {
        PytestArgs args = PytestArgs.parse(List.of("-vv", "-s", "--rootdir=/r", "-p", "no:cacheprovider", "--timeout",
                "3600", "perf/test_perf_sanity.py::test_e2e[disagg-e2e-a-b]", "--output-dir", "/o", "--junit-xml=/j.xml",
                "-q", "--perf-log-formats", "csv"));
        assertThat(args.nodeId()).contains("perf/test_perf_sanity.py::test_e2e[disagg-e2e-a-b]");
        assertThat(args.paramId()).contains("disagg-e2e-a-b");
        assertThat(args.file()).contains("perf/test_perf_sanity.py");
        assertThat(args.outputDir()).contains(Path.of("/o"));
        assertThat(args.junitXml()).contains(Path.of("/j.xml"));
        assertThat(args.quiet()).isTrue();
        assertThat(args.collectOnly()).isFalse();

        PytestArgs other = PytestArgs.parse(List.of("--output-dir=/x", "--junitxml", "r.xml", "--collect-only", "t.py"));
        assertThat(other.outputDir()).contains(Path.of("/x"));
        assertThat(other.junitXml()).contains(Path.of("r.xml"));
        assertThat(other.collectOnly()).isTrue();
        assertThat(other.paramId()).isEmpty();
    }

    private static String line(int iteration, String step, int ngen) {
        return "[TRT-LLM] [I] iter = " + iteration + ", global_rank = 0, num_scheduled_requests = 1, prev_device_step_time = "
                + step + ", states = {'num_ctx_requests': 0, 'num_generation_tokens': " + ngen + "}";
    }

    @Test
    void deviceStepTimeIsTheMeanOfTheMostFrequentBucketAveragedOverGenLogs() throws Exception {
        Tod tod = new Tod(dir, "local");
        List<String> gen0 = new ArrayList<>();
        gen0.add("model loading... prev_device_step_time = 99ms without an iteration");
        for (int i = 0; i < 5; i++) {
            gen0.add(line(i, i == 0 ? "N/A" : "500.0ms", 4)); // warm-up iterations are skipped
        }
        gen0.add(line(5, "10.0ms", 4));
        gen0.add(line(6, "20.0ms", 4));
        gen0.add(line(7, "90.0ms", 2)); // the tail: a smaller batch, a smaller bucket
        Files.write(tod.genServerLog(0), gen0);
        // No parsable ngen in this worker: the mean of all its rows.
        Files.writeString(tod.genServerLog(1), "iter = 9, prev_device_step_time = 30.0ms\niter = 10, prev_device_step_time = 50.0ms\n");

        assertThat(DeviceStepTime.parse(tod, 2, null).orElseThrow()).isCloseTo((15.0 + 40.0) / 2, within(1e-9));
        // From recorded offsets only what was written after them counts.
        long[] offsets = DeviceStepTime.sizes(tod, 2);
        Files.writeString(tod.genServerLog(0), line(8, "7.0ms", 4) + "\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(DeviceStepTime.parse(tod, 2, offsets).orElseThrow()).isCloseTo(7.0, within(1e-9));
        assertThat(DeviceStepTime.parse(tod, 3, new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0})).isEmpty();
    }

    @Test
    void theEmulatedIterationLineIsWhatTheParserReads() {
        String line = DecodeSteps.line(12, 3, 6.5, 6.25);
        assertThat(line).matches("\\[\\d\\d/\\d\\d/\\d{4}-\\d\\d:\\d\\d:\\d\\d\\] \\[TRT-LLM\\] \\[I\\] \\[_torch\\]\\[RANK 0\\] iter = 12, .*")
                .contains("num_scheduled_requests = 3", "host_step_time = 6.500000ms", "prev_device_step_time = 6.250000ms",
                        "'num_generation_tokens': 3}");
        assertThat(DeviceStepTime.STEP.matcher(line).find()).isTrue();
        assertThat(DecodeSteps.line(0, 1, 1, -1)).contains("prev_device_step_time = N/A, ");
    }

    @Test
    void requestsInFlightShareDecodeSteps() throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        DecodeSteps steps = new DecodeSteps(lines::add);
        int requests = 3;
        int tokens = 10;
        CountDownLatch joined = new CountDownLatch(requests);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            Thread t = new Thread(() -> {
                steps.join();
                joined.countDown();
                try {
                    joined.await();
                    for (int i = 0; i < tokens; i++) {
                        steps.step();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    steps.leave();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(steps.iterations()).isEqualTo(tokens);
        assertThat(lines).hasSize(tokens).allMatch(l -> l.contains("num_scheduled_requests = 3"));
    }

    @Test
    void theExtraConfigDropsHarnessKeysAndCopiesSharedAnchors() {
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("decoding_type", "MTP", "speculative_model", "mtp/model"));
        Map<String, Object> worker = new LinkedHashMap<>();
        worker.put("max_batch_size", 16);
        worker.put("backend", "pytorch");
        worker.put("concurrency", 4);
        worker.put("speculative_config", spec);
        worker.put("draft_copy", spec);
        worker.put("moe_config", Map.of("load_balancer", "eplb/288.yaml"));

        String yaml = ExtraConfig.render("key", worker, Path.of("/llm"), "/models");

        assertThat(yaml).startsWith("internal_request_auth_key: key\nmax_batch_size: 16\n").doesNotContain("&", "*",
                "backend", "concurrency");
        Map<String, Object> parsed = new Yaml().load(yaml);
        assertThat(parsed.get("speculative_config")).isEqualTo(Map.of("decoding_type", "MTP",
                "speculative_model", "/models/mtp/model"));
        assertThat(parsed.get("moe_config")).isEqualTo(Map.of("load_balancer", "/llm/eplb/288.yaml"));
        assertThat(spec).containsEntry("speculative_model", "mtp/model");
    }

    @Test
    void everyRoleGetsTheSameAuthKeyAndTheCasesOwnWins() throws Exception {
        Tod tod = new Tod(dir.resolve("tod"), "local");
        Map<String, Boolean> keys = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    keys.put(AuthKey.resolve(Optional.empty(), tod), true);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertThat(keys).hasSize(1);
        String key = keys.keySet().iterator().next();
        assertThat(Files.readString(tod.authKeyFile(), StandardCharsets.UTF_8)).isEqualTo(key + "\n");
        assertThat(AuthKey.resolve(Optional.of("from-yaml"), tod)).isEqualTo("from-yaml");
    }

    @Test
    void concurrencyListsAreStringsListsOrNumbersAndGenOnlyKeepsTheFirst() {
        Map<String, Object> config = new Yaml().load("""
                metadata: {model_name: m}
                benchmark: {concurrency_list: [8, 16], multi_round: 3, mode: gen_only_no_context}
                hardware: {num_ctx_servers: 2, num_gen_servers: 1}
                worker_config: {gen: {speculative_config: {decoding_type: MTP, max_draft_len: 2}}}
                """);
        CaseSpec e2e = CaseSpec.of(config, TestId.parse("disagg-e2e-x").orElseThrow());
        assertThat(e2e.concurrencies()).containsExactly(8, 16);
        assertThat(e2e.iterations()).isEqualTo(3);
        assertThat(e2e.numCtx()).isEqualTo(2);
        assertThat(e2e.timeoutSeconds()).isEqualTo(10800);
        assertThat(e2e.specDecoding()).isTrue();
        assertThat(e2e.maxDraftLen()).isEqualTo(2);
        CaseSpec genOnly = CaseSpec.of(config, TestId.parse("disagg-gen_only-x").orElseThrow());
        assertThat(genOnly.concurrencies()).containsExactly(8);
        assertThat(genOnly.iterations()).isEqualTo(1);
        assertThat(genOnly.numCtx()).isZero();
        Map<String, Object> number = new Yaml().load("{metadata: {model_name: m}, benchmark: {concurrency_list: 4}}");
        assertThat(CaseSpec.of(number, TestId.parse("disagg-e2e-x").orElseThrow()).concurrencies()).containsExactly(4);
    }
}
