package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CliRun;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What current upstream files hold: keys its harness reads, verbatim worker values, shell-quoted env strings. */
class UpstreamKeysAndEnvStringsTest {
    @TempDir
    Path dir;

    private LoadResult load(String text) {
        return new CaseConfigLoader().load(CaseTexts.write(dir, "case.yaml", text));
    }

    @Test
    void topLevelKeysUpstreamsHarnessReadsAreAcceptedWithoutAWord() {
        String text = CaseTexts.MINIMAL + """
                cache_transceiver_precheck:
                  enabled: false
                server_config_extra:
                  schedule_style: context_first
                ctx_router_config:
                  type: conversation
                gen_router_config:
                  type: round_robin
                router_config:
                  type: load_balancing
                """;
        text = CaseTexts.replaceLine(text, "  output_length: 1024", "  output_length: 1024\n  benchmark_client: agentx\n"
                + "  post_benchmark_drain_seconds: 60");
        LoadResult result = load(text);
        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
    }

    @Test
    void anUnknownKeyFarFromAnyKnownOneWarnsAndIsAnErrorWhenStrict() {
        Path file = CaseTexts.write(dir, "far.yaml", CaseTexts.replaceLine(CaseTexts.MINIMAL, "  num_gen_servers: 1",
                "  num_gen_servers: 1\n  gpu_type: GB200"));
        CliRun lenient = CliRun.run("validate", file.toString());
        assertThat(lenient.status()).as(lenient.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(lenient.out()).contains(file + ":15:3: warning: hardware.gpu_type: unknown key, not read by this tool"
                + " (known here: gpus_per_node, num_ctx_servers, num_gen_servers) [unknown-key]");

        CliRun strict = CliRun.run("validate", "--strict", "unknown-key", file.toString());
        assertThat(strict.status()).as(strict.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(strict.out()).contains(file + ":15:3: hardware.gpu_type: unknown key").contains("(1 error(s), 0 warning(s))");
    }

    @Test
    void aTypoNearAKnownKeyIsAnErrorEvenWhenUnknownKeysOnlyWarn() {
        Path file = CaseTexts.write(dir, "typo.yaml", CaseTexts.replaceLine(CaseTexts.MINIMAL, "  num_gen_servers: 1",
                "  num_gen_server: 1"));
        CliRun run = CliRun.run("validate", "--warn", "all", file.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).contains("hardware.num_gen_server: unknown key (did you mean 'num_gen_servers'?) [unknown-key]");
    }

    /** TensorRT-LLM takes a file path for the load balancer (upstream's EPLB tables); only a mapping gives a slot count. */
    @Test
    void aLoadBalancerGivenAsAFilePathPassesVerbatim() {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "    max_seq_len: 4096",
                "    max_seq_len: 4096\n    moe_config:\n      backend: WIDEEP\n"
                        + "      load_balancer: tests/scripts/perf-sanity/disaggregated/deepseek-v4-pro-eplb/moe_load_balancer_gen_ep8_slots416.yaml");
        LoadResult result = load(text);
        assertThat(result.problems()).isEmpty();
        CaseConfig.Worker gen = result.config().orElseThrow().gen();
        assertThat(gen.eplbSlots()).isZero();
        assertThat(((java.util.Map<?, ?>) gen.raw().get("moe_config")).get("load_balancer")).asString().endsWith("slots416.yaml");
    }

    @Test
    void whatThePlannerReadsInsideWorkerConfigIsStillTypeChecked() {
        LoadResult result = load(CaseTexts.replaceLine(CaseTexts.MINIMAL, "    tensor_parallel_size: 8", "    tensor_parallel_size: eight"));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(Problem::format).anyMatch(p -> p.contains("worker_config.gen.tensor_parallel_size")
                && p.contains("expected a whole number, got 'eight'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1,2,4", "1, 2, 4", "1 2 4", "1,2 4"})
    void theConcurrencyListAlsoTakesCommas(String list) {
        LoadResult result = load(CaseTexts.replaceLine(CaseTexts.MINIMAL, "  concurrency_list: \"1 2 4\"",
                "  concurrency_list: \"" + list + "\""));
        assertThat(result.problems()).isEmpty();
        assertThat(result.config().orElseThrow().benchmark().concurrency()).containsExactly(1, 2, 4);
    }

    /** Upstream pastes env strings into a shell command line; quotes and escapes mean what a shell makes of them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "\"PYTHONWARNINGS=ignore::DeprecationWarning:cutlass.cute.core\" A=1 | PYTHONWARNINGS | ignore::DeprecationWarning:cutlass.cute.core",
            "NCCL_DEBUG='INFO WARN' A=1                                          | NCCL_DEBUG     | INFO WARN",
            "MSG=\"say \\\"hi\\\"\" A=1                                          | MSG            | say \"hi\"",
            "PATH_LIKE=a\\ b A=1                                                 | PATH_LIKE      | a b",
            "EMPTY='' A=1                                                        | EMPTY          | ''",
            "CMD='$(touch x)' A=1                                                | CMD            | $(touch x)",
    })
    void envStringsFollowShellWordSplitting(String envString, String name, String value) {
        String yamlValue = "'" + envString.replace("'", "''") + "'";
        LoadResult result = load(CaseTexts.replaceLine(CaseTexts.MINIMAL, "  worker_env_var: \"A=1\"", "  worker_env_var: " + yamlValue));
        assertThat(result.problems()).isEmpty();
        List<EnvVar> vars = result.config().orElseThrow().environment().workerEnv();
        assertThat(vars).containsExactly(new EnvVar(name, value.equals("''") ? "" : value), new EnvVar("A", "1"));

        // still one quoted word when rendered: the shell gives the role exactly the value
        Plan plan = Planner.plan(result.config().orElseThrow(), PlanOptions.defaults(dir));
        assertThat(plan.commands().genWorker()).contains(name + "=" + dev.disagg.shell.Shell.quote(value.equals("''") ? "" : value));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "HF_TOKEN = hf_abcdefSECRET           | 'HF_TOKEN' is not a NAME=value     | hf_abcdefSECRET",
            "HF_TOKEN: hf_abcdefSECRET            | 'HF_TOKEN:***' is not a NAME=value | hf_abcdefSECRET",
            "HF_TOKEN:hf_abcdefSECRET             | 'HF_TOKEN:***' is not a NAME=value | hf_abcdefSECRET",
            "1HF_TOKEN=hf_abcdefSECRET            | '1HF_TOKEN=***' is not a NAME=value | hf_abcdefSECRET",
            "MY_API_KEY=\"hf_abcdefSECRET          | quote at character 12 is never closed | hf_abcdefSECRET",
            "MY_PASSWORD 'hf_abcdef SECRET        | quote at character 13 is never closed | hf_abcdef",
    })
    void messagesAboutEnvStringsNeverShowASecretLookingValue(String envString, String shown, String secret) {
        String yamlValue = "'" + envString.replace("'", "''") + "'";
        Path file = CaseTexts.write(dir, "secret.yaml", CaseTexts.replaceLine(CaseTexts.MINIMAL, "  worker_env_var: \"A=1\"",
                "  worker_env_var: " + yamlValue));
        CliRun run = CliRun.run("validate", file.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).contains(shown).contains("[env]");
        assertThat(run.all()).doesNotContain(secret);
    }

    @Test
    void anOrdinaryBadWordIsShownSoItCanBeFound() {
        LoadResult result = load(CaseTexts.replaceLine(CaseTexts.MINIMAL, "  worker_env_var: \"A=1\"",
                "  worker_env_var: \"A=1 LOG_LEVEL = debug\""));
        assertThat(result.errors()).extracting(Problem::message).contains(
                "'LOG_LEVEL' is not a NAME=value assignment (NAME: letters, digits, _; not starting with a digit;"
                        + " write NAME=value as one word, without blanks around '=')",
                "'debug' is not a NAME=value assignment (NAME: letters, digits, _; not starting with a digit;"
                        + " write NAME=value as one word, without blanks around '=')");
    }
}
