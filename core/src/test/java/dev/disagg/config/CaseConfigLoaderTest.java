package dev.disagg.config;

import static dev.disagg.config.CaseTexts.MINIMAL;
import static dev.disagg.config.CaseTexts.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the loader reads from valid files, in all the shapes real files take. */
class CaseConfigLoaderTest {
    @TempDir
    Path dir;

    private CaseConfig load(String text) {
        return CaseTexts.load(dir, "case.yaml", text);
    }

    @ParameterizedTest(name = "concurrency_list {0}")
    @CsvSource(delimiter = '|', value = {
            "\"1 2 4 8\"        | 1,2,4,8",
            "1 2 4 8 16 36      | 1,2,4,8,16,36",
            "'  8\t 16 '        | 8,16",
            "16                 | 16",
            "'16'               | 16",
            "[1, 2, 4]          | 1,2,4",
            "[1, \"2\", '4']    | 1,2,4",
            "\"\\n  1\\n  3\\n\" | 1,3",
    })
    void concurrencyListAsWhitespaceSeparatedTextASingleNumberOrAYamlList(String yaml, String expected) {
        CaseConfig config = load(minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: " + yaml.strip()));
        List<Integer> numbers = java.util.Arrays.stream(expected.split(",")).map(Integer::valueOf).toList();
        assertThat(config.benchmark().concurrency()).isEqualTo(numbers);
    }

    @Test
    void concurrencyListAsABlockList() {
        CaseConfig config = load(minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list:\n  - 32\n  - '64'"));
        assertThat(config.benchmark().concurrency()).containsExactly(32, 64);
    }

    @Test
    void quotedAndUnquotedNumbersReadTheSame() {
        String text = minimalWith("  gpus_per_node: 4", "  gpus_per_node: \"8\"");
        text = CaseTexts.replaceLine(text, "    tensor_parallel_size: 8", "    tensor_parallel_size: '16'");
        text = CaseTexts.replaceLine(text, "  input_length: 1024", "  input_length: 1_024");
        CaseConfig config = load(text);
        assertThat(config.hardware().gpusPerNode()).isEqualTo(8);
        assertThat(config.gen().tensorParallel()).isEqualTo(16);
        assertThat(config.benchmark().inputLength()).isEqualTo(1024);
        // verbatim means verbatim: the server gets the quoted text it was given
        assertThat(config.gen().raw()).containsEntry("tensor_parallel_size", "16");
    }

    @Test
    void anchorsAndAliasesAsUpstreamWritesThem() {
        String text = CaseTexts.replaceBlock(MINIMAL,
                "    speculative_config:\n      decoding_type: MTP\n      num_nextn_predict_layers: 1\n",
                "    speculative_config: *spec\n");
        text = CaseTexts.replaceLine(text, "    max_seq_len: 2048",
                "    max_seq_len: 2048\n    speculative_config: &spec\n      decoding_type: MTP\n      num_nextn_predict_layers: 1");
        CaseConfig config = load(text);
        assertThat(config.gen().mtpLayers()).isEqualTo(1);
        assertThat(config.ctx().mtpLayers()).isEqualTo(1);
        assertThat(config.gen().raw().get("speculative_config")).isEqualTo(config.ctx().raw().get("speculative_config"))
                .isEqualTo(Map.of("decoding_type", "MTP", "num_nextn_predict_layers", 1));
    }

    @Test
    void mergeKeysShareSettingsAndKeysWrittenHereWin() {
        String text = CaseTexts.replaceBlock(MINIMAL, "  ctx:\n    tensor_parallel_size: 4\n",
                "  ctx: &common\n    tensor_parallel_size: 4\n    pipeline_parallel_size: 2\n");
        text = CaseTexts.replaceLine(text, "  gen:", "  gen:\n    <<: *common");
        CaseConfig config = load(text);
        assertThat(config.ctx().worldSize()).isEqualTo(8);
        assertThat(config.gen().tensorParallel()).as("gen's own key wins").isEqualTo(8);
        assertThat(config.gen().pipelineParallel()).as("merged from ctx").isEqualTo(2);
        assertThat(config.gen().raw()).containsEntry("pipeline_parallel_size", 2).containsEntry("tensor_parallel_size", 8);
    }

    @Test
    void workerSectionsAreKeptVerbatimInFileOrderUnknownKeysIncluded() {
        String text = CaseTexts.replaceLine(MINIMAL, "    tensor_parallel_size: 8",
                "    zeta_option: last-letter\n    tensor_parallel_size: 8\n    alpha_option:\n      nested_b: 2\n      nested_a: 1");
        CaseConfig config = load(text);
        assertThat(config.gen().raw().keySet()).containsExactly("zeta_option", "tensor_parallel_size", "alpha_option",
                "enable_attention_dp", "max_batch_size", "max_num_tokens", "max_seq_len", "speculative_config");
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) config.gen().raw().get("alpha_option");
        assertThat(nested.keySet()).containsExactly("nested_b", "nested_a");
        assertThat(config.ctx().raw().keySet()).containsExactly("tensor_parallel_size", "max_seq_len");
    }

    @Test
    void worldSizeIsTpTimesPpTimesCpWithDefaultsOfOne() {
        CaseConfig config = load(CaseTexts.replaceLine(MINIMAL, "    tensor_parallel_size: 4",
                "    tensor_parallel_size: 2\n    pipeline_parallel_size: 3\n    context_parallel_size: 5"));
        assertThat(config.ctx().worldSize()).isEqualTo(30);
        assertThat(config.gen().pipelineParallel()).isEqualTo(1);
        assertThat(config.gen().contextParallel()).isEqualTo(1);
        assertThat(config.gen().worldSize()).isEqualTo(8);
    }

    @Test
    void eplbAndMtpAreDerivedFromTheGenSection() {
        String text = CaseTexts.replaceBlock(MINIMAL, "      num_nextn_predict_layers: 1\n",
                "      max_draft_len: 3\n    moe_config:\n      load_balancer:\n        num_slots: 288\n");
        text = CaseTexts.replaceLine(text, "    max_num_tokens: 64", "    max_num_tokens: 64");
        CaseConfig config = load(text);
        assertThat(config.gen().mtpLayers()).isEqualTo(3);
        assertThat(config.gen().eplbSlots()).isEqualTo(288);
        assertThat(config.ctx().mtpLayers()).isZero();
        assertThat(config.ctx().eplbSlots()).isZero();
    }

    @Test
    void legacyModeReadsItsSwitchAndCapacityAndMakesNumCtxServersOptional() {
        String text = CaseTexts.replaceLine(MINIMAL, "  model_name: tiny",
                "  model_name: tiny\n  use_legacy_ctx_calculation: true");
        text = CaseTexts.replaceLine(text, "  num_ctx_servers: 1", "");
        CaseConfig config = load(text);
        assertThat(config.metadata().useLegacyCtxCalculation()).isTrue();
        assertThat(config.metadata().ctxCapacity()).isEqualTo(5500).isEqualTo(CaseConfig.Metadata.DEFAULT_CTX_CAPACITY);
        assertThat(config.hardware().numCtxServers()).isEmpty();

        CaseConfig withCapacity = load(CaseTexts.replaceLine(text, "  use_legacy_ctx_calculation: true",
                "  use_legacy_ctx_calculation: true\n  ctx_capacity: \"4096\""));
        assertThat(withCapacity.metadata().ctxCapacity()).isEqualTo(4096);
    }

    @Test
    void ctxCapacityWithoutLegacyModeIsAWarningNotAnError() {
        LoadResult result = new CaseConfigLoader().load(CaseTexts.write(dir, "case.yaml",
                minimalWith("  model_name: tiny", "  model_name: tiny\n  ctx_capacity: 4096")));
        assertThat(result.valid()).isTrue();
        assertThat(result.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(3);
            assertThat(w.format()).contains("warning: metadata.ctx_capacity: ctx_capacity is only used with use_legacy_ctx_calculation: true");
        });
    }

    @Test
    void numCtxServersIsStillRequiredOutsideLegacyMode() {
        LoadResult result = new CaseConfigLoader().load(CaseTexts.write(dir, "case.yaml", minimalWith("  num_ctx_servers: 1", "")));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(Problem::path).containsExactly("hardware.num_ctx_servers");
    }

    @Test
    void genOnlyNoContextAcceptsZeroCtxServers() {
        String text = minimalWith("  mode: e2e", "  mode: gen_only_no_context");
        CaseConfig config = load(CaseTexts.replaceLine(text, "  num_ctx_servers: 1", "  num_ctx_servers: 0"));
        assertThat(config.benchmark().startsCtxServers()).isFalse();
        assertThat(config.hardware().numCtxServers()).contains(0);
    }

    @ParameterizedTest(name = "job_time {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"02:00:00", "2:00:00", "90", "90:30", "1-12", "1-12:30", "2-00:00:00", "<job_time>"})
    void everySbatchTimeFormIsAccepted(String time) {
        CaseConfig config = load(minimalWith("  partition: batch", "  partition: batch\n  job_time: " + time));
        assertThat(config.slurm().jobTime()).isEqualTo(time.startsWith("<") ? java.util.Optional.empty() : java.util.Optional.of(time));
    }

    @Test
    void upstreamPlaceholdersReadAsNotSet() {
        String text = minimalWith("  partition: batch", "  partition: <partition>\n  account: \"<account>\"\n  job_name: nightly");
        CaseConfig config = load(text);
        assertThat(config.slurm().partition()).isEmpty();
        assertThat(config.slurm().account()).isEmpty();
        assertThat(config.slurm().jobName()).contains("nightly");
    }

    @Test
    void envStringsAreSplitIntoNameValueTokens() {
        CaseConfig config = load(minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var: \"TLLM_LOG_LEVEL=INFO  EMPTY= URL=http://h:1/a?b=c\"\n  server_env_var: X_1=y"));
        assertThat(config.environment().workerEnv()).containsExactly(
                new EnvVar("TLLM_LOG_LEVEL", "INFO"), new EnvVar("EMPTY", ""), new EnvVar("URL", "http://h:1/a?b=c"));
        assertThat(config.environment().serverEnv()).containsExactly(new EnvVar("X_1", "y"));
    }

    @Test
    void envMappingsKeepValuesExactlyAsWritten() {
        CaseConfig config = load(minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var:\n    HEX: 0x10\n    TEXT: 'a b ''c'' $(d)'\n    NOTHING:"));
        assertThat(config.environment().workerEnv()).containsExactly(
                new EnvVar("HEX", "0x10"), new EnvVar("TEXT", "a b 'c' $(d)"), new EnvVar("NOTHING", ""));
    }

    @Test
    void theStemIsTheFileNameWithoutItsYamlExtension() {
        assertThat(CaseTexts.load(dir, "r1_ctx2_gen1.yaml", MINIMAL).stem()).isEqualTo("r1_ctx2_gen1");
        assertThat(CaseTexts.load(dir, "short.yml", MINIMAL).stem()).isEqualTo("short");
    }

    @Test
    void everyFixtureValidatesWithoutErrors() throws Exception {
        try (var files = java.nio.file.Files.list(CaseTexts.fixtures())) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yamls).hasSize(7);
            for (Path file : yamls) {
                LoadResult result = new CaseConfigLoader().load(file);
                assertThat(result.problems()).as(file.getFileName().toString()).isEmpty();
            }
        }
    }

    @Test
    void fixtureDetailsReadAsUpstreamMeansThem() {
        CaseConfig qwen = new CaseConfigLoader().load(CaseTexts.fixture(
                "Qwen3-235B-A22B-FP8_1k1k_ctx1_gen1_tep8_bs32_eplb0_mtp0_ccb-UCX.yaml")).config().orElseThrow();
        assertThat(qwen.benchmark().concurrency()).containsExactly(1, 2, 4, 8, 16, 36);
        assertThat(qwen.gen().tensorParallel()).as("the file, not its name").isEqualTo(4);

        CaseConfig longContext = new CaseConfigLoader().load(CaseTexts.fixture(
                "deepseek-r1-fp4_128k8k_ctx1_pp8_gen1_dep16_bs1_eplb0_mtp3-Default.yaml")).config().orElseThrow();
        assertThat(longContext.ctx().pipelineParallel()).isEqualTo(8);
        assertThat(longContext.ctx().mtpLayers()).as("through the &id001 alias").isEqualTo(3);
        assertThat(longContext.gen().mtpLayers()).isEqualTo(3);
        assertThat(longContext.slurm().extraArgs()).containsExactly("--gres=gpu:4");
        assertThat(longContext.slurm().jobTime()).contains("02:00:00");
        assertThat(longContext.environment().workerEnv()).extracting(EnvVar::name).containsExactly(
                "TLLM_LOG_LEVEL", "TRTLLM_SERVER_DISABLE_GC", "TRTLLM_WORKER_DISABLE_GC", "TRTLLM_ENABLE_PDL", "ENROOT_ALLOW_DEV");
    }
}
