package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.config.CaseTexts;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code disagg plan}: the JSON contract, the fixtures' node totals and the documents' examples. */
class PlanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;

    private JsonNode planJson(Path config, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("plan", "--json", "--cluster", "default", "--config", config.toString(),
                "--workspace", dir.resolve("ws").toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.run(args.toArray(String[]::new));
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        JsonNode plan = JSON.readTree(run.out());
        assertThat(plan.isObject()).isTrue();
        return plan;
    }

    private static final String SIZED = """
            benchmark:
              concurrency_list: "%s"
              input_length: 128
              output_length: 128
            hardware:
              gpus_per_node: 4
              num_ctx_servers: %d
              num_gen_servers: 1
            worker_config:
              ctx:
                tensor_parallel_size: 4
              gen:
                tensor_parallel_size: 32
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "config.yaml,                                                                              4, 1, 8,  1, 3",
            "gb200_gpt-oss-120b-fp4_1k1k_con64_ctx1_tp1_gen1_tp4_eplb0_mtp0_ccb-NIXL.yaml,             1, 1, 4,  1, 2",
            "gb200_deepseek-r1-fp4_1k1k_con1_ctx1_dep4_gen1_tep8_eplb0_mtp3_ccb-UCX.yaml,              4, 1, 8,  1, 3",
            "gb200_deepseek-r1-fp4_1k1k_con2048_ctx2_dep4_gen1_dep16_eplb288_mtp3_ccb-NIXL.yaml,       4, 2, 16, 1, 6",
            "deepseek-r1-fp4_128k8k_ctx1_pp8_gen1_dep16_bs1_eplb0_mtp3-Default.yaml,                   8, 1, 16, 1, 6",
            "Qwen3-235B-A22B-FP8_1k1k_ctx1_gen1_tep8_bs32_eplb0_mtp0_ccb-UCX.yaml,                     4, 1, 4,  1, 2",
            "deepseek-r1-fp4_1k1k_ctx2_gen1_dep16_bs128_eplb288_mtp3_ccb-NIXL.yaml,                    4, 2, 16, 1, 6",
    })
    void everyFixturePlansToTheNodeTotalInItsProvenance(String file, int ctxWorld, int ctxServers, int genWorld,
                                                         int genServers, int nodes) throws Exception {
        JsonNode plan = planJson(CaseTexts.fixture(file));
        assertThat(plan.at("/ctx/worldSize").intValue()).isEqualTo(ctxWorld);
        assertThat(plan.at("/ctx/servers").intValue()).isEqualTo(ctxServers);
        assertThat(plan.at("/gen/worldSize").intValue()).isEqualTo(genWorld);
        assertThat(plan.at("/gen/servers").intValue()).isEqualTo(genServers);
        assertThat(plan.at("/totalNodes").intValue()).isEqualTo(nodes);
        assertThat(plan.at("/totalTasks").intValue()).isEqualTo(nodes * 4);
        assertThat(plan.at("/ctxCountSource").textValue()).isEqualTo("config");
        assertThat(plan.at("/caseName").textValue()).isEqualTo(file.replaceFirst("\\.yaml$", ""));
    }

    @Test
    void theJsonHasEveryContractFieldWithItsType() throws Exception {
        JsonNode plan = planJson(CaseTexts.write(dir, "contract.yaml", CaseTexts.MINIMAL));
        assertThat(plan.get("caseName").isTextual()).isTrue();
        assertThat(plan.get("gpusPerNode").isInt()).isTrue();
        for (String role : List.of("ctx", "gen")) {
            for (String field : List.of("servers", "worldSize", "nodesPerServer", "nodes")) {
                assertThat(plan.at("/" + role + "/" + field).isInt()).as(role + "." + field).isTrue();
            }
        }
        assertThat(plan.get("totalNodes").isInt()).isTrue();
        assertThat(plan.get("totalTasks").isInt()).isTrue();
        assertThat(plan.get("ctxCountSource").textValue()).isIn("config", "legacy");
        assertThat(plan.get("concurrency").isArray()).isTrue();
        assertThat(plan.get("concurrency")).allSatisfy(n -> assertThat(n.isInt()).isTrue());
        assertThat(JSON.convertValue(plan.get("concurrency"), int[].class)).containsExactly(1, 2, 4);
        assertThat(plan.get("caseDir").textValue()).isEqualTo(dir.resolve("ws").resolve("disagg_logs").resolve("contract").toString());
        for (String command : List.of("ctxWorker", "genWorker", "disaggServer", "benchmark", "collect")) {
            assertThat(plan.at("/commands/" + command).isTextual()).as(command).isTrue();
        }
        assertThat(plan.at("/commands/genWorker").textValue()).startsWith("unset UCX_TLS UCX_NET_DEVICES && FLASHINFER_JIT_DIR=")
                .contains(" A=1 trtllm-llmapi-launch pytest ");
        for (String path : List.of("caseDir", "configFolder", "configFile", "testId", "nodeId", "testOutputDir", "hostnamesDir",
                "statusFile", "serverConfig")) {
            assertThat(plan.at("/layout/" + path).isTextual()).as("layout." + path).isTrue();
        }
        assertThat(plan.at("/layout/testId").textValue()).isEqualTo("disagg-e2e-contract");
        assertThat(plan.get("sbatch").isArray()).isTrue();
        assertThat(plan.get("sbatch")).isNotEmpty().allSatisfy(n -> assertThat(n.isTextual()).isTrue());
        assertThat(plan.get("sbatch").get(0).textValue()).isEqualTo("--partition=batch");
    }

    @Test
    void theDocumentsNodeExampleViaTheCli() throws Exception {
        JsonNode plan = planJson(CaseTexts.write(dir, "doc.yaml", SIZED.formatted("1", 2)));
        assertThat(plan.at("/ctx/nodes").intValue()).isEqualTo(2);
        assertThat(plan.at("/gen/nodesPerServer").intValue()).isEqualTo(8);
        assertThat(plan.at("/gen/nodes").intValue()).isEqualTo(8);
        assertThat(plan.at("/totalNodes").intValue()).isEqualTo(10);
    }

    @Test
    void theDocumentsLegacyExampleViaTheCli() throws Exception {
        String text = "metadata:\n  use_legacy_ctx_calculation: true\n" + SIZED.formatted("8192", 1);
        JsonNode plan = planJson(CaseTexts.write(dir, "legacy.yaml", text));
        assertThat(plan.at("/ctx/servers").intValue()).isEqualTo(2);
        assertThat(plan.at("/ctxCountSource").textValue()).isEqualTo("legacy");
        assertThat(plan.at("/totalNodes").intValue()).isEqualTo(10);
    }

    @Test
    void theTextPlanExplainsEveryNumberAndWhichCtxCountWon() {
        String text = "metadata:\n  use_legacy_ctx_calculation: true\n" + SIZED.formatted("8192", 5);
        Path file = CaseTexts.write(dir, "explained.yaml", text);
        CliRun run = CliRun.run("plan", "--cluster", "default", "--config", file.toString(), "--workspace", dir.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(run.out()).contains("ctx count from legacy",
                "ceil(first concurrency 8192 / ctx_capacity 5500)",
                "ceil(worldSize 32 / gpus_per_node 4)",
                "totalNodes",
                "hardware.num_ctx_servers: 5 is ignored",
                "GEN_0", "CTX_1", "sbatch --time=");
    }

    @Test
    void warningsGoToStderrAndTheJsonStaysTheOnlyThingOnStdout() throws Exception {
        Path file = CaseTexts.write(dir, "warned.yaml",
                CaseTexts.minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: \"1 2 400\""));
        CliRun strict = CliRun.run("plan", "--json", "--strict", "concurrency-batch", "--config", file.toString(),
                "--workspace", dir.toString());
        assertThat(strict.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(strict.out()).isEmpty();

        CliRun run = CliRun.run("plan", "--json", "--warn", "concurrency-batch", "--config", file.toString(),
                "--workspace", dir.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(run.err()).contains(file + ":8:", "warning: benchmark.concurrency_list: concurrency 400 exceeds");
        assertThat(JSON.readTree(run.out()).at("/concurrency/2").intValue()).isEqualTo(400);
    }

    @Test
    void packAndCaseNameOptionsReachThePlan() throws Exception {
        String text = SIZED.formatted("1", 4).replace("tensor_parallel_size: 4", "tensor_parallel_size: 1");
        JsonNode plan = planJson(CaseTexts.write(dir, "p.yaml", text), "--pack", "--case-name", "packed-1");
        assertThat(plan.at("/caseName").textValue()).isEqualTo("packed-1");
        assertThat(plan.at("/ctx/nodes").intValue()).isEqualTo(1);
        assertThat(plan.at("/packed").booleanValue()).isTrue();
        assertThat(plan.at("/totalNodes").intValue()).isEqualTo(9);
    }
}
