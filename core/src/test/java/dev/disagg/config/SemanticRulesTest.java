package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CliRun;
import dev.disagg.verdict.Verdict;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The QA harness's rules warn by default; {@code --strict RULE|all} makes each an error, {@code --warn} wins over it. */
class SemanticRulesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mtp-max-num-tokens | '    max_num_tokens: 64'          | '    max_num_tokens: 31'          | 25",
            "mtp-streaming      | '  streaming: true'               | '  streaming: false'              | 7",
            "ctx-max-seq-len    | '    max_seq_len: 2048'           | '    max_seq_len: 100'            | 20",
            "gen-max-seq-len    | '    max_seq_len: 4096'           | '    max_seq_len: 2000'           | 26",
            "concurrency-batch  | '  concurrency_list: \"1 2 4\"'   | '  concurrency_list: \"1 129\"'   | 8",
    })
    void eachRuleWarnsByDefaultAndIsAnErrorWhenStrict(String rule, String line, String broken, int lineNumber) {
        Path file = CaseTexts.write(dir, rule + ".yaml", CaseTexts.minimalWith(line, broken));

        CliRun lenient = CliRun.run("validate", file.toString());
        assertThat(lenient.status()).as(lenient.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(lenient.out()).containsPattern(java.util.regex.Pattern.quote(file + ":" + lineNumber + ":") + "[0-9]+: warning: ")
                .contains("[" + rule + "]").contains("(0 error(s), 1 warning(s))");

        CliRun strict = CliRun.run("validate", "--strict", rule, file.toString());
        assertThat(strict.status()).as(strict.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(strict.out()).contains(file + ":" + lineNumber + ":").contains("[" + rule + "]")
                .contains("(1 error(s), 0 warning(s))");

        String other = rule.equals("mtp-streaming") ? "concurrency-batch" : "mtp-streaming";
        assertThat(CliRun.run("validate", "--strict", other, file.toString()).status()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(CliRun.run("validate", "--strict", "all", file.toString()).status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(CliRun.run("validate", "--strict", "all", "--warn", rule, file.toString()).status()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(CliRun.run("validate", "--strict", other + "," + rule, file.toString()).status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mtp exactly at the limit            | '    max_num_tokens: 64'        | '    max_num_tokens: 32'",
            "ctx max_seq_len one above isl       | '    max_seq_len: 2048'         | '    max_seq_len: 1025'",
            "gen max_seq_len one above isl + osl | '    max_seq_len: 4096'         | '    max_seq_len: 2049'",
            "concurrency at tp x batch with dp   | '  concurrency_list: \"1 2 4\"' | '  concurrency_list: \"128\"'",
    })
    void boundariesThatAreStillValid(String name, String line, String edge) {
        String text = CaseTexts.minimalWith(line, edge);
        LoadResult result = new CaseConfigLoader().load(CaseTexts.write(dir, "edge.yaml", text));
        assertThat(result.problems()).as(name).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void withoutMtpStreamingAndTokenLimitsAreFree() {
        String text = CaseTexts.minimalWith("      num_nextn_predict_layers: 1", "      num_nextn_predict_layers: 0");
        text = CaseTexts.replaceLine(text, "  streaming: true", "  streaming: false");
        text = CaseTexts.replaceLine(text, "    max_num_tokens: 64", "    max_num_tokens: 1");
        LoadResult result = new CaseConfigLoader().load(CaseTexts.write(dir, "nomtp.yaml", text));
        assertThat(result.problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"e2e, 1", "gen_only_no_context, 0"})
    void theCtxSeqLenRuleAppliesOnlyWhenCtxServersStart(String mode, int expectedErrors) {
        String text = CaseTexts.minimalWith("  mode: e2e", "  mode: " + mode);
        text = CaseTexts.replaceLine(text, "    max_seq_len: 2048", "    max_seq_len: 512");
        LoadResult result = new CaseConfigLoader(ValidationPolicy.STRICT).load(CaseTexts.write(dir, "m.yaml", text));
        assertThat(result.errors()).hasSize(expectedErrors);
    }

    @ParameterizedTest(name = "attention dp {0}")
    @CsvSource({"true, 128, 0", "true, 129, 1", "false, 16, 0", "false, 17, 1"})
    void theConcurrencyLimitMultipliesByTpOnlyWithAttentionDp(boolean attentionDp, int concurrency, int expectedErrors) {
        String text = CaseTexts.minimalWith("    enable_attention_dp: true", "    enable_attention_dp: " + attentionDp);
        text = CaseTexts.replaceLine(text, "  concurrency_list: \"1 2 4\"", "  concurrency_list: " + concurrency);
        LoadResult result = new CaseConfigLoader(ValidationPolicy.STRICT).load(CaseTexts.write(dir, "dp.yaml", text));
        assertThat(result.errors()).hasSize(expectedErrors);
    }

    /** Each gen server batches on its own, so four servers take four times the concurrency. */
    @ParameterizedTest(name = "{0} gen servers, concurrency {1}")
    @CsvSource({"1, 16, 0", "1, 17, 1", "4, 64, 0", "4, 65, 1"})
    void theConcurrencyLimitMultipliesByTheNumberOfGenServers(int servers, int concurrency, int expectedErrors) {
        String text = CaseTexts.minimalWith("    enable_attention_dp: true", "    enable_attention_dp: false");
        text = CaseTexts.replaceLine(text, "  num_gen_servers: 1", "  num_gen_servers: " + servers);
        text = CaseTexts.replaceLine(text, "  concurrency_list: \"1 2 4\"", "  concurrency_list: " + concurrency);
        LoadResult result = new CaseConfigLoader(ValidationPolicy.STRICT).load(CaseTexts.write(dir, "servers.yaml", text));
        assertThat(result.errors()).as(result.problems().toString()).hasSize(expectedErrors);
        if (expectedErrors > 0) {
            assertThat(result.errors().get(0).message()).contains("max_batch_size x num_gen_servers = 16 x " + servers);
        }
    }
}
