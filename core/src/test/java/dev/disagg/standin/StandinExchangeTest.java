package dev.disagg.standin;

import static dev.disagg.standin.RoleHarness.exitOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** A whole case on loopback: one ctx and two gen workers, the server and the benchmark. */
class StandinExchangeTest {

    @TempDir
    Path caseDir;

    @ParameterizedTest(name = "streaming={0}")
    @ValueSource(booleans = {true, false})
    void fullExchangeFollowsTheRoleProtocol(boolean streaming) throws Exception {
        try (RoleHarness roles = new RoleHarness(caseDir)
                .with("DISAGG_NUM_GEN_SERVERS", "2")
                .with("DISAGG_STREAMING", String.valueOf(streaming))) {
            Future<Integer> ctx = roles.start("CTX_0");
            Future<Integer> gen0 = roles.start("GEN_0");
            Future<Integer> gen1 = roles.start("GEN_1");
            Future<Integer> server = roles.start("DISAGG_SERVER");
            Future<Integer> benchmark = roles.start("BENCHMARK");

            assertThat(exitOf(benchmark)).as(roles.log("BENCHMARK")).isZero();
            // The status file ends everyone else.
            assertThat(Files.readString(roles.statusFile)).isEqualTo("Done\n");
            assertThat(exitOf(server)).as(roles.log("DISAGG_SERVER")).isZero();
            assertThat(exitOf(ctx)).isZero();
            assertThat(exitOf(gen0)).isZero();
            assertThat(exitOf(gen1)).isZero();

            Address ctxAddress = roles.address("CTX_0");
            Address gen0Address = roles.address("GEN_0");
            Address gen1Address = roles.address("GEN_1");
            Address serverAddress = roles.address("DISAGG_SERVER");
            assertThat(List.of(ctxAddress, gen0Address, gen1Address, serverAddress))
                    .allSatisfy(a -> assertThat(a.host()).isEqualTo("127.0.0.1"))
                    .extracting(Address::port).doesNotHaveDuplicates();
            // No temporary files left behind by the atomic publication.
            try (var files = Files.list(roles.hostnames)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("CTX_0.txt", "GEN_0.txt", "GEN_1.txt", "DISAGG_SERVER.txt");
            }

            Map<String, Object> config = new Yaml().load(Files.readString(roles.serverConfig));
            assertThat(config).containsEntry("hostname", "127.0.0.1")
                    .containsEntry("port", serverAddress.port())
                    .containsEntry("backend", "pytorch")
                    .containsEntry("context_servers", Map.of("num_instances", 1, "urls", List.of(ctxAddress.toString())))
                    .containsEntry("generation_servers", Map.of("num_instances", 2,
                            "urls", List.of(gen0Address.toString(), gen1Address.toString())));

            String output = roles.log("BENCHMARK");
            // concurrency 1 and 3, multi_round 2, input 8, output 5 tokens
            checkRound(output, roles.caseDir, 1, 2);
            checkRound(output, roles.caseDir, 3, 6);

            // Round robin over the two gen workers: one initial request, then 8 more.
            assertThat(roles.log("GEN_0")).contains("served 5 completion request(s)");
            assertThat(roles.log("GEN_1")).contains("served 4 completion request(s)");
            assertThat(roles.log("CTX_0")).contains("served 9 completion request(s)")
                    .contains("max_tokens=1 stream=false -> 1 token(s)");
            assertThat(roles.log("DISAGG_SERVER")).contains("CTX_0 -> GEN_1").contains("coordinated 9 completion");
        }
    }

    private static void checkRound(String output, Path caseDir, int concurrency, int requests) throws Exception {
        Map<String, String> block = block(output, concurrency);
        JsonNode json = new ObjectMapper().readTree(caseDir.resolve("bench/concurrency_" + concurrency + ".json").toFile());

        assertThat(block).containsEntry("Total requests", String.valueOf(requests))
                .containsEntry("Successful requests", String.valueOf(requests))
                .containsEntry("Failed requests", "0")
                .containsEntry("Total input tokens", String.valueOf(requests * 8))
                .containsEntry("Total generated tokens", String.valueOf(requests * 5));
        assertThat(json.get("max_concurrency").asInt()).isEqualTo(concurrency);
        assertThat(json.get("completed").asInt()).isEqualTo(requests);
        assertThat(json.get("failed").asInt()).isZero();
        assertThat(json.get("total_input_tokens").asLong()).isEqualTo(requests * 8L);
        assertThat(json.get("total_output_tokens").asLong()).isEqualTo(requests * 5L);
        assertThat(json.get("errors").size()).isZero();

        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("Benchmark duration (s)", "duration");
        numbers.put("Request throughput (req/s)", "request_throughput");
        numbers.put("Output token throughput (tok/s)", "output_throughput");
        numbers.put("Total Token throughput (tok/s)", "total_token_throughput");
        numbers.put("User throughput (tok/s)", "user_throughput");
        for (String metric : List.of("TTFT", "TPOT", "ITL", "E2EL")) {
            String key = metric.toLowerCase();
            numbers.put("Mean " + metric + " (ms)", "mean_" + key + "_ms");
            numbers.put("Median " + metric + " (ms)", "median_" + key + "_ms");
            numbers.put("Std Dev " + metric + " (ms)", "std_" + key + "_ms");
            numbers.put("P99 " + metric + " (ms)", "p99_" + key + "_ms");
        }
        numbers.forEach((label, key) -> assertThat(Double.parseDouble(block.get(label)))
                .as(label).isCloseTo(json.get(key).asDouble(), within(0.0051)));
        assertThat(Double.parseDouble(block.get("Output token throughput (tok/s)"))).isPositive();
        assertThat(Double.parseDouble(block.get("Mean E2EL (ms)"))).isPositive();
    }

    /** The labelled values of the result block that follows "Maximum request concurrency: C". */
    static Map<String, String> block(String output, int concurrency) {
        Matcher start = Pattern.compile("(?m)^Maximum request concurrency: " + concurrency + "\n"
                + "============ Serving Benchmark Result ============\n").matcher(output);
        assertThat(start.find()).as("block for concurrency " + concurrency + " in\n" + output).isTrue();
        int end = output.indexOf("\n==================================================\n", start.end());
        assertThat(end).isPositive();
        Map<String, String> values = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^(.+?):\\s+(\\S+)\\s*$").matcher(output.substring(start.end(), end));
        while (row.find()) {
            values.put(row.group(1), row.group(2));
        }
        return values;
    }
}
