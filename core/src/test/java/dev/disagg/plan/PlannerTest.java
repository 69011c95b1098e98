package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseTexts;
import dev.disagg.shell.Shell;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server counts, node math, placement, names and sbatch arguments of a plan. */
class PlannerTest {
    @TempDir
    Path dir;

    /** A case with only the sizes that matter for node math; no limits the semantic rules could trip on. */
    private CaseConfig sized(int gpn, int ctxServers, int ctxTp, int ctxPp, int ctxCp, int genServers, int genTp, int genPp) {
        return CaseTexts.load(dir, "sized.yaml", """
                benchmark:
                  concurrency_list: "1"
                  input_length: 128
                  output_length: 128
                hardware:
                  gpus_per_node: %d
                  num_ctx_servers: %d
                  num_gen_servers: %d
                worker_config:
                  ctx:
                    tensor_parallel_size: %d
                    pipeline_parallel_size: %d
                    context_parallel_size: %d
                  gen:
                    tensor_parallel_size: %d
                    pipeline_parallel_size: %d
                """.formatted(gpn, ctxServers, genServers, ctxTp, ctxPp, ctxCp, genTp, genPp));
    }

    private CaseConfig legacy(String concurrency, String extraMetadata, String numCtxLine) {
        return CaseTexts.load(dir, "legacy.yaml", """
                metadata:
                  use_legacy_ctx_calculation: true
                %s
                benchmark:
                  concurrency_list: "%s"
                  input_length: 128
                  output_length: 128
                hardware:
                  gpus_per_node: 4
                %s
                  num_gen_servers: 1
                worker_config:
                  ctx:
                    tensor_parallel_size: 4
                  gen:
                    tensor_parallel_size: 8
                """.formatted(extraMetadata, concurrency, numCtxLine));
    }

    private Plan plan(CaseConfig config) {
        return Planner.plan(config, PlanOptions.defaults(dir.resolve("ws")));
    }

    private Plan plan(CaseConfig config, boolean pack) {
        return Planner.plan(config, new PlanOptions(dir.resolve("ws"), ClusterProfiles.DEFAULT, Optional.empty(), pack,
                "disagg", Optional.empty()));
    }

    @Test
    void theDocumentsNodeExampleGivesTenNodes() {
        Plan plan = plan(sized(4, 2, 4, 1, 1, 1, 32, 1));
        assertThat(plan.ctx()).extracting(Plan.RolePlan::servers, Plan.RolePlan::worldSize, Plan.RolePlan::nodesPerServer,
                Plan.RolePlan::nodes).containsExactly(2, 4, 1, 2);
        assertThat(plan.gen()).extracting(Plan.RolePlan::servers, Plan.RolePlan::worldSize, Plan.RolePlan::nodesPerServer,
                Plan.RolePlan::nodes).containsExactly(1, 32, 8, 8);
        assertThat(plan.totalNodes()).isEqualTo(10);
        assertThat(plan.totalTasks()).isEqualTo(40);
        assertThat(plan.ctxCountSource()).isEqualTo(Plan.CtxCountSource.CONFIG);
    }

    @Test
    void theDocumentsLegacyExampleGivesTwoCtxServersAndSaysSo() {
        Plan plan = plan(legacy("8192", "", ""));
        assertThat(plan.ctx().servers()).isEqualTo(2);
        assertThat(plan.ctxCountSource()).isEqualTo(Plan.CtxCountSource.LEGACY);
        assertThat(plan.notes()).filteredOn(n -> !n.contains("LLM_ROOT"))
                .containsExactly("legacy ctx_num: ceil(8192/5500) = 2 (metadata.use_legacy_ctx_calculation)");
        assertThat(plan.explanations()).filteredOn(e -> e.quantity().equals("ctx.servers")).singleElement()
                .satisfies(e -> assertThat(e.formula()).contains("ctx_capacity 5500", "use_legacy_ctx_calculation"));
        assertThat(plan.shapeName()).startsWith("ctx2_gen1_");
        assertThat(plan.servers()).extracting(Plan.ServerSlot::type).containsExactly("GEN_0", "CTX_0", "CTX_1");
    }

    @ParameterizedTest(name = "concurrency {0}, capacity {1} -> {2} ctx servers")
    @CsvSource({
            "1,          5500, 1",
            "5500,       5500, 1",
            "5501,       5500, 2",
            "8192 1,     5500, 2",
            "1 16384,    5500, 1",
            "8193,       4096, 3",
            "999999999,  2147483647, 1",
    })
    void legacyModeDividesTheFirstConcurrencyByTheCapacityRoundingUp(String concurrency, int capacity, int expected) {
        Plan plan = plan(legacy(concurrency, "  ctx_capacity: " + capacity, ""));
        assertThat(plan.ctx().servers()).isEqualTo(expected);
    }

    @Test
    void whenTheFileAlsoSetsADifferentCtxCountANoteSaysLegacyWinsAndWhy() {
        Plan plan = plan(legacy("8192", "", "  num_ctx_servers: 5"));
        assertThat(plan.ctx().servers()).isEqualTo(2);
        assertThat(plan.notes()).anySatisfy(note -> assertThat(note).contains(
                "hardware.num_ctx_servers: 5 is ignored", "wins because use_legacy_ctx_calculation: true",
                "set it to false to use 5"));

        Plan agreeing = plan(legacy("8192", "", "  num_ctx_servers: 2"));
        assertThat(agreeing.notes()).noneMatch(note -> note.contains("ignored"));
    }

    @Test
    void worldSizeIsTpTimesPpTimesCpAndNodesPerServerRoundUp() {
        Plan plan = plan(sized(4, 1, 1, 8, 1, 2, 2, 3));
        assertThat(plan.ctx().worldSize()).isEqualTo(8);
        assertThat(plan.ctx().nodesPerServer()).as("a ctx pp8 server on 4-GPU nodes needs 2 nodes").isEqualTo(2);
        assertThat(plan.gen().worldSize()).isEqualTo(6);
        assertThat(plan.gen().nodesPerServer()).isEqualTo(2);
        assertThat(plan.gen().nodes()).isEqualTo(4);
        assertThat(plan.totalNodes()).isEqualTo(6);

        Plan withCp = plan(sized(8, 1, 2, 1, 4, 1, 1, 1));
        assertThat(withCp.ctx().worldSize()).isEqualTo(8);
        assertThat(withCp.ctx().nodesPerServer()).isEqualTo(1);
        assertThat(withCp.gen().nodesPerServer()).as("a 1-GPU server still takes a node").isEqualTo(1);
    }

    @Test
    void genServersTakeTheFirstNodesAndCtxServersTheNext() {
        Plan plan = plan(sized(4, 2, 4, 1, 1, 2, 8, 1));
        assertThat(plan.servers()).extracting(Plan.ServerSlot::type, Plan.ServerSlot::nodeIndices, Plan.ServerSlot::logFile)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GEN_0", List.of(0, 1), "gen_server_0.log"),
                        org.assertj.core.groups.Tuple.tuple("GEN_1", List.of(2, 3), "gen_server_1.log"),
                        org.assertj.core.groups.Tuple.tuple("CTX_0", List.of(4), "ctx_server_0.log"),
                        org.assertj.core.groups.Tuple.tuple("CTX_1", List.of(5), "ctx_server_1.log"));
        assertThat(plan.servers()).allSatisfy(slot -> assertThat(slot.gpuIndices()).containsExactly(0, 1, 2, 3));
        assertThat(plan.totalNodes()).isEqualTo(6);
    }

    @Test
    void genOnlyNoContextStartsNoCtxServers() {
        String text = CaseTexts.minimalWith("  mode: e2e", "  mode: gen_only_no_context");
        Plan plan = plan(CaseTexts.load(dir, "genonly.yaml", text));
        assertThat(plan.ctx().servers()).isZero();
        assertThat(plan.ctx().nodes()).isZero();
        assertThat(plan.servers()).extracting(Plan.ServerSlot::type).containsExactly("GEN_0");
        assertThat(plan.totalNodes()).isEqualTo(plan.gen().nodes()).isEqualTo(2);
        assertThat(plan.roleEnv()).containsEntry("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY", "1");
        assertThat(plan.layout().testId()).as("upstream's id names the mode gen_only").isEqualTo("disagg-gen_only-genonly");
        assertThat(plan.commands().genWorker()).contains("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY=1 ")
                .doesNotContain("TLLM_BENCHMARK_REQ_QUEUES_SIZE");
        assertThat(plan.commands().disaggServer()).contains("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY=1 ");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("num_ctx_servers: 1 is not used"));
        assertThat(plan.shapeName()).startsWith("ctx0_gen1_");

        Plan genOnly = plan(CaseTexts.load(dir, "genonly2.yaml", CaseTexts.minimalWith("  mode: e2e", "  mode: gen_only")));
        assertThat(genOnly.ctx().servers()).as("gen_only still starts ctx servers").isEqualTo(1);
        assertThat(genOnly.roleEnv()).doesNotContainKey("TRTLLM_DISAGG_BENCHMARK_GEN_ONLY");
        assertThat(genOnly.commands().ctxWorker()).contains("TRTLLM_DISABLE_KV_CACHE_TRANSFER_OVERLAP=1 ");
        // the first concurrency (1), under the gen capacity
        assertThat(genOnly.commands().genWorker()).contains("TRTLLM_DISABLE_KV_CACHE_TRANSFER_OVERLAP=1 ",
                "TLLM_BENCHMARK_REQ_QUEUES_SIZE=1 ");
    }

    @Test
    void packingPutsSmallServersOnSharedNodesWithDistinctGpus() {
        Plan plan = plan(sized(4, 4, 1, 1, 1, 3, 2, 1), true);
        assertThat(plan.packed()).isTrue();
        assertThat(plan.gen().nodes()).isEqualTo(2);
        assertThat(plan.ctx().nodes()).isEqualTo(1);
        assertThat(plan.totalNodes()).isEqualTo(3);
        assertThat(plan.servers()).extracting(Plan.ServerSlot::type, Plan.ServerSlot::nodeIndices, Plan.ServerSlot::gpuIndices)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GEN_0", List.of(0), List.of(0, 1)),
                        org.assertj.core.groups.Tuple.tuple("GEN_1", List.of(0), List.of(2, 3)),
                        org.assertj.core.groups.Tuple.tuple("GEN_2", List.of(1), List.of(0, 1)),
                        org.assertj.core.groups.Tuple.tuple("CTX_0", List.of(2), List.of(0)),
                        org.assertj.core.groups.Tuple.tuple("CTX_1", List.of(2), List.of(1)),
                        org.assertj.core.groups.Tuple.tuple("CTX_2", List.of(2), List.of(2)),
                        org.assertj.core.groups.Tuple.tuple("CTX_3", List.of(2), List.of(3)));

        Plan unpacked = plan(sized(4, 4, 1, 1, 1, 3, 2, 1), false);
        assertThat(unpacked.totalNodes()).as("without --pack every server has its own node").isEqualTo(7);
    }

    @Test
    void packingAWorldThatDoesNotDivideTheNodeIsRefused() {
        assertThatThrownBy(() -> plan(sized(4, 1, 3, 1, 1, 1, 4, 1), true))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("cannot pack ctx servers: world size 3 does not divide gpus_per_node 4");
    }

    /** For every shape: no GPU is given to two servers, and nothing lies outside the allocation. */
    @Test
    void noTwoServersEverShareAGpuAndAllSlotsFitTheAllocation() {
        int[] gpns = {1, 2, 4, 8};
        int[] worlds = {1, 2, 3, 4, 6, 8, 12, 16};
        int checked = 0;
        CaseConfig base = sized(4, 1, 1, 1, 1, 1, 1, 1);
        for (int gpn : gpns) {
            for (int ctxWorld : worlds) {
                for (int genWorld : worlds) {
                    for (int servers = 1; servers <= 3; servers++) {
                        for (boolean pack : new boolean[] {false, true}) {
                            // records built directly: the loader is tested elsewhere and 1500 loads are slow
                            CaseConfig config = new CaseConfig(base.source(), base.stem(), base.metadata(), base.slurm(),
                                    base.benchmark(), new CaseConfig.Hardware(gpn, Optional.of(servers), 4 - servers),
                                    base.environment(), base.profiling(), base.accuracy(), worker(ctxWorld), worker(genWorld), base.text());
                            Plan plan;
                            try {
                                plan = plan(config, pack);
                            } catch (PlanException refused) {
                                assertThat(pack).as("only packing may refuse a shape").isTrue();
                                continue;
                            }
                            assertPlacementSound(plan, gpn);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(600);
    }

    private static CaseConfig.Worker worker(int tensorParallel) {
        return new CaseConfig.Worker(java.util.Map.of(), tensorParallel, 1, 1, false, Optional.empty(), Optional.empty(),
                Optional.empty(), 0, 0);
    }

    private static void assertPlacementSound(Plan plan, int gpn) {
        Set<List<Integer>> used = new HashSet<>();
        int lastGenNode = -1;
        for (Plan.ServerSlot slot : plan.servers()) {
            Plan.RolePlan role = slot.role().equals("gen") ? plan.gen() : plan.ctx();
            assertThat(slot.nodeIndices().size() * slot.gpuIndices().size()).as("%s has GPUs for its world", slot.type())
                    .isGreaterThanOrEqualTo(role.worldSize());
            for (int node : slot.nodeIndices()) {
                assertThat(node).as("%s node inside the allocation of %s", slot.type(), plan.totalNodes())
                        .isBetween(0, plan.totalNodes() - 1);
                if (slot.role().equals("gen")) {
                    lastGenNode = Math.max(lastGenNode, node);
                } else {
                    assertThat(node).as("ctx after gen").isGreaterThan(lastGenNode);
                }
                for (int gpu : slot.gpuIndices()) {
                    assertThat(gpu).isBetween(0, gpn - 1);
                    assertThat(used.add(List.of(node, gpu))).as("node %d gpu %d used twice (%s)", node, gpu, slot.type()).isTrue();
                }
            }
        }
        if (!plan.packed()) {
            assertThat(plan.totalNodes()).isEqualTo(plan.ctx().nodesPerServer() * plan.ctx().servers()
                    + plan.gen().nodesPerServer() * plan.gen().servers());
        }
    }

    @Test
    void sizesTooLargeToCountAreAPlanErrorNotAWrongNumber() {
        assertThatThrownBy(() -> plan(sized(4, 1, 65536, 65536, 1, 1, 8, 1)))
                .isInstanceOf(PlanException.class).hasMessageContaining("which no cluster has");
        assertThatThrownBy(() -> plan(sized(1, 2147483647, 2, 1, 1, 1, 1, 1)))
                .isInstanceOf(PlanException.class);
    }

    @Test
    void theShapeNameFollowsUpstreamsLogDirectoryPattern() {
        assertThat(plan(CaseTexts.load(dir, "m.yaml", CaseTexts.MINIMAL)).shapeName())
                .isEqualTo("ctx1_gen1_dep8_batch16_eplb0_mtp1");
        String tep = CaseTexts.minimalWith("    enable_attention_dp: true", "    enable_attention_dp: false");
        assertThat(plan(CaseTexts.load(dir, "t.yaml", tep)).shapeName()).isEqualTo("ctx1_gen1_tep8_batch16_eplb0_mtp1");
        assertThat(plan(sized(4, 2, 4, 1, 1, 3, 16, 1)).shapeName()).isEqualTo("ctx2_gen3_tep16_batchNA_eplb0_mtp0");
    }

    @Test
    void theCaseNameIsTheFileStemUnlessGivenAndTheCaseDirIsUnderDisaggLogs() {
        CaseConfig config = CaseTexts.load(dir, "r1_dep16_con2048.yaml", CaseTexts.MINIMAL);
        Plan plan = plan(config);
        assertThat(plan.caseName()).isEqualTo("r1_dep16_con2048");
        assertThat(plan.caseDir()).isEqualTo(dir.resolve("ws").resolve("disagg_logs").resolve("r1_dep16_con2048"));
        assertThat(plan.caseDir()).isAbsolute();

        Plan named = Planner.plan(config, new PlanOptions(Path.of("relative-ws"), ClusterProfiles.DEFAULT,
                Optional.of("nightly-1"), false, "disagg", Optional.empty()));
        assertThat(named.caseName()).isEqualTo("nightly-1");
        assertThat(named.caseDir()).isAbsolute();
        assertThat(named.caseDir().endsWith(Path.of("relative-ws", "disagg_logs", "nightly-1"))).isTrue();
    }

    @ParameterizedTest(name = "unsafe case name [{0}]")
    @CsvSource(delimiter = '|', value = {
            "a/b            | path separator",
            "a\\b           | path separator",
            "..             | '..'",
            "x..y           | '..'",
            ".              | log directory itself",
            "-rf            | starts with '-'",
            "''             | empty",
            "'   '          | empty",
    })
    void unsafeCaseNamesAreRefused(String name, String reason) {
        assertThatThrownBy(() -> CaseNames.check(name)).isInstanceOf(PlanException.class).hasMessageContaining(reason);
    }

    @Test
    void controlCharactersAndOverlongNamesAreRefused() {
        for (String name : List.of("new\nline", "tab\there", "bell\u0007", "del\u007f", "nul\u0000")) {
            assertThatThrownBy(() -> CaseNames.check(name)).as(name.replaceAll("\\p{Cntrl}", "?"))
                    .isInstanceOf(PlanException.class).hasMessageContaining("control character");
        }
        assertThatThrownBy(() -> CaseNames.check("x".repeat(201))).hasMessageContaining("at most 200");
        assertThat(CaseNames.check("x".repeat(200))).hasSize(200);
        assertThat(CaseNames.check("deepseek-r1-fp4_1k1k_ctx2_gen1_dep16_bs128_eplb288_mtp3_ccb-NIXL"))
                .isEqualTo("deepseek-r1-fp4_1k1k_ctx2_gen1_dep16_bs128_eplb288_mtp3_ccb-NIXL");
    }

    @Test
    void anUnsafeFileStemIsRefusedWhenPlanning() {
        CaseConfig config = CaseTexts.load(dir, "bad\u0001name.yaml", CaseTexts.MINIMAL);
        assertThatThrownBy(() -> plan(config)).isInstanceOf(PlanException.class).hasMessageContaining("control character");
    }

    @Test
    void roleCommandsHaveTheirDocumentedShapes() {
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var: \"A=1\"\n  ctx_worker_env_var: \"C=ctx\"\n  gen_worker_env_var: \"G=gen\"\n"
                        + "  server_env_var: \"S=2\"\n  benchmark_env_var: \"B=4\"");
        text = CaseTexts.replaceLine(text, "  mode: e2e", "  mode: e2e\n  env_var: \"BE=3\"");
        CaseConfig config = CaseTexts.load(dir, "cmds.yaml", text);
        ClusterProfile profile = new ClusterProfile("test", Optional.empty(), false, false, false, List.of(),
                Optional.empty(), Optional.empty(), List.of("my-launcher"), "run-test --case {caseName}", 60, 10, Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), Map.of(), false);
        Plan plan = Planner.plan(config, new PlanOptions(dir, profile, Optional.empty(), false, "disagg", Optional.empty()));

        String caches = "FLASHINFER_JIT_DIR=\"/tmp/flashinfer_jit_cache_${SLURM_LOCALID:-0}\" HF_HOME=/tmp/hf_home ";
        String ucx = "unset UCX_TLS UCX_NET_DEVICES && ";
        assertThat(plan.commands().ctxWorker()).isEqualTo(ucx + caches + "A=1 C=ctx my-launcher run-test --case cmds");
        assertThat(plan.commands().genWorker()).isEqualTo(ucx + caches + "A=1 G=gen my-launcher run-test --case cmds");
        assertThat(plan.commands().disaggServer()).isEqualTo(ucx + "S=2 run-test --case cmds");
        assertThat(plan.commands().benchmark()).isEqualTo(ucx + "BE=3 B=4 run-test --case cmds");
        assertThat(plan.commands().collect()).isEqualTo(ucx + "pytest --collect-only -q "
                + "'perf/test_perf_sanity.py::test_e2e[disagg-e2e-cmds]'");
    }

    @Test
    void theDefaultProfileRunsUpstreamsTestThroughTheLlmapiLauncherOnlyForWorkers() {
        Plan plan = plan(CaseTexts.load(dir, "up.yaml", CaseTexts.MINIMAL));
        assertThat(plan.commands().ctxWorker()).startsWith("unset UCX_TLS UCX_NET_DEVICES && FLASHINFER_JIT_DIR=")
                .contains(" A=1 trtllm-llmapi-launch pytest ");
        assertThat(plan.commands().disaggServer()).startsWith("unset UCX_TLS UCX_NET_DEVICES && pytest ")
                .doesNotContain("llmapi-launch");
        assertThat(plan.commands().benchmark()).startsWith("unset UCX_TLS UCX_NET_DEVICES && pytest ")
                .doesNotContain("llmapi-launch")
                .contains("--output-dir=" + Shell.quote(plan.caseDir().toString()),
                        "--junit-xml=" + Shell.quote(plan.caseDir().resolve("junit").toString()) + "/pytest_\"${DISAGG_SERVING_TYPE}\".xml",
                        " 'perf/test_perf_sanity.py::test_e2e[disagg-e2e-up]'");
    }

    @Test
    void numaBindPutsNumactlInFrontOfTheWorkerLauncherOnly() {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "  partition: batch", "  partition: batch\n  numa_bind: true");
        Plan bound = plan(CaseTexts.load(dir, "numa.yaml", text));
        assertThat(bound.commands().ctxWorker()).contains(" A=1 numactl -m 0,1 trtllm-llmapi-launch pytest ");
        assertThat(bound.commands().genWorker()).contains(" A=1 numactl -m 0,1 trtllm-llmapi-launch pytest ");
        assertThat(bound.commands().disaggServer()).doesNotContain("numactl");
        assertThat(bound.commands().benchmark()).doesNotContain("numactl");
        assertThat(bound.notes()).noneMatch(n -> n.contains("numa_bind"));

        Plan unbound = plan(CaseTexts.load(dir, "nonuma.yaml", CaseTexts.MINIMAL));
        assertThat(unbound.commands().ctxWorker()).doesNotContain("numactl");
        assertThat(unbound.commands().genWorker()).doesNotContain("numactl");
    }

    @Test
    void aProfileWithoutNumaBindingSaysItSkipsIt() {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "  partition: batch", "  partition: batch\n  numa_bind: true");
        CaseConfig config = CaseTexts.load(dir, "numa-local.yaml", text);
        Plan plan = Planner.plan(config, new PlanOptions(dir.resolve("ws"), ClusterProfiles.LOCAL, Optional.empty(), false,
                "disagg", Optional.empty()));
        assertThat(plan.commands().ctxWorker()).doesNotContain("numactl");
        assertThat(plan.commands().genWorker()).doesNotContain("numactl");
        assertThat(plan.notes()).contains("slurm.numa_bind is on but cluster profile 'local' has numa_bind: false:"
                + " the workers run without numactl -m 0,1");
        assertThat(PlanExplainer.explain(plan)).contains("numa_bind: false");
    }

    @Test
    void coverageGivesOnlyTheBenchmarkUpstreamsCoverageOptions() {
        CaseConfig config = CaseTexts.load(dir, "cov.yaml", CaseTexts.MINIMAL);
        Plan plan = Planner.plan(config, new PlanOptions(dir.resolve("ws"), ClusterProfiles.DEFAULT.withCoverage(),
                Optional.empty(), false, "disagg", Optional.empty()));
        String rc = Shell.quote(plan.caseDir().resolve(".coveragerc").toString());
        assertThat(plan.layout().coverageConfig()).isEqualTo(plan.caseDir().resolve(".coveragerc"));
        assertThat(plan.layout().coverageData()).isEqualTo(plan.caseDir().resolve(".coverage.cov"));
        assertThat(plan.commands().benchmark())
                .contains(" sed -i \"s|---wheel_path---|$disagg_wheel_path|g\" " + rc + "; unset UCX_TLS UCX_NET_DEVICES && ")
                .endsWith(" --cov=\"$LLM_ROOT\"/examples/ --cov=\"$LLM_ROOT\"/tensorrt_llm/"
                        + " --cov=\"${disagg_wheel_path:-$LLM_ROOT}\"/tensorrt_llm/ --cov-report= --cov-config=" + rc);
        // upstream's generator removes --cov options from the worker and server commands (submit.py)
        assertThat(plan.commands().ctxWorker()).doesNotContain("--cov", "coveragerc");
        assertThat(plan.commands().genWorker()).doesNotContain("--cov", "coveragerc");
        assertThat(plan.commands().disaggServer()).doesNotContain("--cov", "coveragerc");
        assertThat(plan.coverageConfig()).hasValueSatisfying(text -> assertThat(text)
                .contains("data_file = " + plan.layout().coverageData() + "\n", "    ${LLM_ROOT}/tensorrt_llm/\n"));

        Plan off = plan(config);
        assertThat(off.coverageConfig()).isEmpty();
        // coverage.py expands $NAME in its config values: a literal dollar is written twice
        String dollar = CaseTexts.replaceLine(CaseTexts.MINIMAL, "environment:", "environment:\n  trtllm_repo: /src/a$b");
        Plan escaped = Planner.plan(CaseTexts.load(dir, "cov2.yaml", dollar), new PlanOptions(dir.resolve("w$s"),
                ClusterProfiles.DEFAULT.withCoverage(), Optional.empty(), false, "disagg", Optional.empty()));
        assertThat(escaped.coverageConfig()).hasValueSatisfying(text -> assertThat(text)
                .contains("data_file = " + dir.resolve("w$$s") + "/disagg_logs/cov2/.coverage.cov2\n", "    /src/a$$b/tensorrt_llm/\n"));
        assertThat(off.commands().benchmark()).doesNotContain("--cov", "wheel_path");
    }

    @Test
    void theTestIdFollowsUpstreamsSchemeAndUploadIsAProfileChoice() {
        CaseConfig config = CaseTexts.load(dir, "my-case.v2.yaml", CaseTexts.MINIMAL);
        Plan plain = plan(config);
        assertThat(plain.layout().testId()).isEqualTo("disagg-e2e-my-case.v2");
        assertThat(plain.layout().testOutputDir()).isEqualTo(plain.caseDir().resolve("disagg-e2e-my-case.v2"));
        assertThat(plain.layout().configFile()).isEqualTo(plain.caseDir().resolve("disagg_configs/my-case.v2.yaml"));
        assertThat(plain.layout().hostnamesDir()).isEqualTo(plain.layout().testOutputDir().resolve("hostnames-local-0"));
        assertThat(plain.layout().statusFile()).isEqualTo(plain.layout().testOutputDir().resolve("benchmark_status.0.txt"));

        ClusterProfile upload = new ClusterProfile("up", Optional.empty(), false, false, false, List.of(), Optional.empty(),
                Optional.empty(), List.of(), "pytest {nodeId}", 60, 10, Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty(), Map.of(), Map.of(), false);
        Plan uploaded = Planner.plan(config, new PlanOptions(dir, upload, Optional.empty(), false, "disagg", Optional.empty()));
        assertThat(uploaded.layout().nodeId()).isEqualTo("perf/test_perf_sanity.py::test_e2e[disagg_upload-e2e-my-case.v2]");
    }

    @Test
    void theUcxSetupFollowsTheGpuTypeAsUpstreamPicksIt() {
        CaseConfig config = CaseTexts.load(dir, "ucx.yaml", CaseTexts.MINIMAL);
        for (String[] expected : new String[][] {{"GB300", "export UCX_TLS=cuda_copy,cuda_ipc,sm,self,tcp && "},
                {"b200", "export UCX_TLS=^ib && "}, {"GB200", "unset UCX_TLS UCX_NET_DEVICES && "}}) {
            ClusterProfile profile = new ClusterProfile("g", Optional.empty(), false, false, false, List.of(), Optional.empty(),
                    Optional.empty(), List.of(), "pytest", 60, 10, Optional.empty(), Optional.empty(), Optional.empty(), false,
                    Optional.of(expected[0]), ClusterProfiles.UPSTREAM_UCX, Map.of(), false);
            Plan plan = Planner.plan(config, new PlanOptions(dir, profile, Optional.empty(), false, "disagg", Optional.empty()));
            assertThat(plan.commands().genWorker()).as(expected[0]).startsWith(expected[1]);
            assertThat(plan.commands().benchmark()).as(expected[0]).startsWith(expected[1]);
        }
    }

    @Test
    void buildWheelIsRefusedClearlyUnlessTheProfileInstalls() {
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var: \"A=1\"\n  build_wheel: true");
        CaseConfig config = CaseTexts.load(dir, "wheel.yaml", text);
        assertThatThrownBy(() -> plan(config)).isInstanceOf(PlanException.class)
                .hasMessageContaining("environment.build_wheel: true is not supported")
                .hasMessageContaining("trtllm_wheel_path");
    }

    @Test
    void slurmTimeoutIsTheRolesWaitBoundInSecondsNotTheCaseTimeout() {
        Plan unset = plan(CaseTexts.load(dir, "t0.yaml", CaseTexts.MINIMAL));
        assertThat(unset.roleTimeoutSeconds()).isEqualTo(10_800);
        assertThat(unset.caseTimeoutMinutes()).isEqualTo(240);

        String text = CaseTexts.minimalWith("  partition: batch", "  partition: batch\n  timeout: 7200");
        Plan set = plan(CaseTexts.load(dir, "t1.yaml", text));
        assertThat(set.roleTimeoutSeconds()).isEqualTo(7200);
        assertThat(set.caseTimeoutMinutes()).as("7200 is seconds, not 5 days of case timeout").isEqualTo(240);
        assertThat(set.notes()).noneMatch(n -> n.contains("slurm.timeout"));

        Plan longer = plan(CaseTexts.load(dir, "t2.yaml", CaseTexts.minimalWith("  partition: batch",
                "  partition: batch\n  timeout: 20000")));
        assertThat(longer.notes()).anySatisfy(n -> assertThat(n).contains("slurm.timeout lets the roles wait 20000 s"));
    }

    @Test
    void theSbatchListHasEveryArgumentInOrder() {
        String text = CaseTexts.minimalWith("  partition: batch", "  partition: gpu\n  account: perf\n  job_time: \"01:30:00\"\n"
                + "  job_name: nightly\n  extra_args: \"--exclude=node1,node2  --qos=high\"");
        Plan plan = plan(CaseTexts.load(dir, "sb.yaml", text));
        Path caseDir = plan.caseDir();
        assertThat(plan.sbatch()).containsExactly("--partition=gpu", "--account=perf", "--time=01:30:00", "--job-name=nightly",
                "--nodes=3", "--ntasks=12", "--ntasks-per-node=4", "--segment=3", "--gres=gpu:4",
                "--output=" + caseDir.resolve("slurm_%j.log"), "--no-requeue", "--exclude=node1,node2", "--qos=high");
    }

    @Test
    void theSbatchListDefaultsAndSwitches() {
        String noSegment = CaseTexts.minimalWith("  partition: batch", "  partition: batch\n  set_segment: false\n"
                + "  extra_args: --gres=gpu:2");
        Plan plan = plan(CaseTexts.load(dir, "d.yaml", noSegment));
        assertThat(plan.sbatch()).containsExactly("--partition=batch", "--time=04:05:00", "--job-name=disagg-d",
                "--nodes=3", "--ntasks=12", "--ntasks-per-node=4",
                "--output=" + plan.caseDir().resolve("slurm_%j.log"), "--no-requeue", "--gres=gpu:2");

        Plan local = Planner.plan(CaseTexts.load(dir, "l.yaml", CaseTexts.MINIMAL), new PlanOptions(dir, ClusterProfiles.LOCAL,
                Optional.empty(), false, "disagg", Optional.of(7)));
        assertThat(local.sbatch()).contains("--time=00:12:00").noneMatch(a -> a.startsWith("--segment"));
        assertThat(local.notes()).anySatisfy(n -> assertThat(n).contains("--segment omitted"));
    }

    @Test
    void theRoleEnvironmentIsWhatUpstreamsRolesRead() {
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var: \"A=1\"\n  trtllm_repo: /src/trtllm");
        Plan plan = plan(CaseTexts.load(dir, "env.yaml", text));
        assertThat(plan.roleEnv()).containsExactly(
                Map.entry("DISAGG_CONFIG_FOLDER", plan.caseDir().resolve("disagg_configs").toString()),
                Map.entry("LLM_ROOT", "/src/trtllm"),
                Map.entry("TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", "3600"),
                Map.entry("PMIX_MCA_gds", "hash"),
                Map.entry("NVIDIA_IMEX_CHANNELS", "0"));
        assertThat(plan.roleEnv().keySet()).noneMatch(name -> name.startsWith("DISAGG_") && !name.equals("DISAGG_CONFIG_FOLDER"));

        Plan noRoot = plan(CaseTexts.load(dir, "env2.yaml", CaseTexts.MINIMAL));
        assertThat(noRoot.roleEnv()).doesNotContainKey("LLM_ROOT");
        assertThat(noRoot.notes()).anySatisfy(n -> assertThat(n).contains("LLM_ROOT"));
    }
}
