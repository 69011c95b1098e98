package dev.disagg.config;

import static dev.disagg.config.CaseTexts.MINIMAL;
import static dev.disagg.config.CaseTexts.minimalWith;
import static dev.disagg.config.CaseTexts.replaceBlock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CliRun;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of broken case file gives its own clear message, pointing at the line to fix,
 * and exit status 2 from {@code disagg validate}, never a stack trace.
 */
class MalformedCasesTest {
    @TempDir
    Path dir;

    /** One broken file: what it says, where, and under which rule. */
    record Malformed(String name, String text, int line, String rule, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String HARDWARE_BLOCK = "hardware:\n  gpus_per_node: 4\n  num_ctx_servers: 1\n  num_gen_servers: 1\n";

    static Stream<Malformed> malformed() {
        return Stream.of(
                // missing required keys and sections
                new Malformed("missing hardware section", replaceBlock(MINIMAL, HARDWARE_BLOCK, ""),
                        1, "required", "hardware: missing required section"),
                new Malformed("hardware written without keys", replaceBlock(MINIMAL, HARDWARE_BLOCK, "hardware:\n"),
                        11, "required", "hardware: missing required section"),
                new Malformed("missing gpus_per_node", minimalWith("  gpus_per_node: 4", ""),
                        12, "required", "hardware.gpus_per_node: missing required key (expected a whole number)"),
                new Malformed("missing num_gen_servers", minimalWith("  num_gen_servers: 1", ""),
                        12, "required", "hardware.num_gen_servers: missing required key"),
                new Malformed("gpus_per_node without a value", minimalWith("  gpus_per_node: 4", "  gpus_per_node:"),
                        12, "required", "hardware.gpus_per_node: missing required key"),
                new Malformed("missing gen tensor_parallel_size", minimalWith("    tensor_parallel_size: 8", ""),
                        22, "required", "worker_config.gen.tensor_parallel_size: missing required key"),
                new Malformed("missing concurrency_list", minimalWith("  concurrency_list: \"1 2 4\"", ""),
                        6, "required", "benchmark.concurrency_list: missing required key (expected concurrencies"),
                new Malformed("missing input_length", minimalWith("  input_length: 1024", ""),
                        6, "required", "benchmark.input_length: missing required key"),
                new Malformed("missing ctx worker section",
                        replaceBlock(MINIMAL, "  ctx:\n    tensor_parallel_size: 4\n    max_seq_len: 2048\n", ""),
                        18, "required", "worker_config.ctx: missing required section"),
                new Malformed("missing worker_config", MINIMAL.substring(0, MINIMAL.indexOf("worker_config:")),
                        1, "required", "worker_config: missing required section"),
                // wrong types
                new Malformed("gpus_per_node is a word", minimalWith("  gpus_per_node: 4", "  gpus_per_node: four"),
                        12, "type", "hardware.gpus_per_node: expected a whole number, got 'four'"),
                new Malformed("gpus_per_node is a fraction", minimalWith("  gpus_per_node: 4", "  gpus_per_node: 4.5"),
                        12, "type", "expected a whole number, got '4.5'"),
                new Malformed("tensor_parallel_size is a list", minimalWith("    tensor_parallel_size: 4", "    tensor_parallel_size: [4]"),
                        19, "type", "worker_config.ctx.tensor_parallel_size: expected a whole number, got a list"),
                new Malformed("num_ctx_servers is a boolean", minimalWith("  num_ctx_servers: 1", "  num_ctx_servers: true"),
                        13, "type", "hardware.num_ctx_servers: expected a whole number, got 'true'"),
                new Malformed("streaming is not a boolean", minimalWith("  streaming: true", "  streaming: maybe"),
                        7, "type", "benchmark.streaming: expected true or false, got 'maybe'"),
                new Malformed("hardware is a number", replaceBlock(MINIMAL, HARDWARE_BLOCK, "hardware: 4\n"),
                        11, "type", "hardware: expected a mapping (key: value lines), got '4'"),
                new Malformed("env string given as a list", minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var: [A=1]"),
                        16, "type", "environment.worker_env_var: expected 'NAME=value NAME=value' or a mapping, got a list"),
                new Malformed("env token without a valid name", minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var: \"A=1 1B=2\""),
                        16, "env", "'1B=2' is not a NAME=value assignment"),
                new Malformed("env mapping with a nested value", minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var:\n    A: {b: 1}"),
                        17, "type", "environment.worker_env_var.A: expected a text value, got a mapping"),
                // zero or negative sizes
                new Malformed("zero gpus_per_node", minimalWith("  gpus_per_node: 4", "  gpus_per_node: 0"),
                        12, "range", "hardware.gpus_per_node: expected a whole number greater than 0, got 0"),
                new Malformed("negative num_gen_servers", minimalWith("  num_gen_servers: 1", "  num_gen_servers: -1"),
                        14, "range", "hardware.num_gen_servers: expected a whole number greater than 0, got -1"),
                new Malformed("zero ctx servers in e2e mode", minimalWith("  num_ctx_servers: 1", "  num_ctx_servers: 0"),
                        13, "range", "hardware.num_ctx_servers: expected a whole number greater than 0, got 0"),
                new Malformed("zero gen tensor_parallel_size", minimalWith("    tensor_parallel_size: 8", "    tensor_parallel_size: 0"),
                        22, "range", "worker_config.gen.tensor_parallel_size: expected a whole number greater than 0, got 0"),
                new Malformed("negative ctx pipeline_parallel_size",
                        minimalWith("    tensor_parallel_size: 4", "    tensor_parallel_size: 4\n    pipeline_parallel_size: -2"),
                        20, "range", "worker_config.ctx.pipeline_parallel_size: expected a whole number greater than 0, got -2"),
                new Malformed("zero input_length", minimalWith("  input_length: 1024", "  input_length: 0"),
                        9, "range", "benchmark.input_length: expected a whole number greater than 0, got 0"),
                new Malformed("zero ctx_capacity in legacy mode",
                        minimalWith("  model_name: tiny", "  model_name: tiny\n  use_legacy_ctx_calculation: true\n  ctx_capacity: 0"),
                        4, "range", "metadata.ctx_capacity: expected a whole number greater than 0, got 0"),
                new Malformed("job_time that sbatch cannot read", minimalWith("  partition: batch", "  partition: batch\n  job_time: two hours"),
                        5, "format", "slurm.job_time: 'two hours' is not a SLURM time limit; expected e.g. '02:00:00'"),
                // unknown modes
                new Malformed("mode with a typo", minimalWith("  mode: e2e", "  mode: e2f"),
                        6, "enum", "unknown mode 'e2f'; expected one of e2e, gen_only, gen_only_no_context (did you mean 'e2e'?)"),
                new Malformed("mode with a dash", minimalWith("  mode: e2e", "  mode: gen-only"),
                        6, "enum", "(did you mean 'gen_only'?)"),
                new Malformed("mode that is nothing like a mode", minimalWith("  mode: e2e", "  mode: prefill"),
                        6, "enum", "unknown mode 'prefill'; expected one of e2e, gen_only, gen_only_no_context"),
                // unknown keys in the sections this tool owns
                new Malformed("misspelt hardware key", minimalWith("  gpus_per_node: 4", "  gpus_per_nod: 4"),
                        12, "unknown-key", "hardware.gpus_per_nod: unknown key (did you mean 'gpus_per_node'?)"),
                new Malformed("misspelt section", minimalWith("environment:", "enviroment:"),
                        15, "unknown-key", "enviroment: unknown key (did you mean 'environment'?)"),
                new Malformed("misspelt benchmark key", minimalWith("  concurrency_list: \"1 2 4\"", "  concurency_list: \"1 2 4\""),
                        8, "unknown-key", "benchmark.concurency_list: unknown key (did you mean 'concurrency_list'?)"),
                new Malformed("misspelt slurm key", minimalWith("  partition: batch", "  partiton: batch"),
                        4, "unknown-key", "slurm.partiton: unknown key (did you mean 'partition'?)"),
                new Malformed("plural env key", minimalWith("  worker_env_var: \"A=1\"", "  worker_env_vars: \"A=1\""),
                        16, "unknown-key", "environment.worker_env_vars: unknown key (did you mean 'worker_env_var'?)"),
                new Malformed("unknown key close to a known one in metadata", minimalWith("  model_name: tiny", "  modle_name: tiny"),
                        2, "unknown-key", "metadata.modle_name: unknown key (did you mean 'model_name'?)"),
                // concurrency lists that cannot be read
                new Malformed("semicolon-separated concurrency", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: \"1;2;4\""),
                        8, "concurrency", "cannot read concurrency '1;2;4': expected whole numbers > 0 separated by spaces or commas"),
                new Malformed("word in the concurrency list", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: 1 two 4"),
                        8, "concurrency", "cannot read concurrency 'two'"),
                new Malformed("empty concurrency list", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: \"\""),
                        8, "concurrency", "the concurrency list is empty"),
                new Malformed("zero in a YAML concurrency list", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list:\n  - 1\n  - 0"),
                        10, "concurrency", "cannot read concurrency '0'"),
                new Malformed("fractional concurrency", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: 1.5"),
                        8, "concurrency", "cannot read concurrency '1.5'"),
                new Malformed("concurrency as a mapping", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: {low: 1}"),
                        8, "type", "expected concurrencies as '1 2 4', a number or a list, got a mapping"),
                // TensorRT-LLM's semantic rules
                new Malformed("mtp without enough max_num_tokens", minimalWith("    max_num_tokens: 64", "    max_num_tokens: 16"),
                        25, SemanticRules.MTP_TOKENS,
                        "worker_config.gen.max_num_tokens: with MTP 1 expected at least max_batch_size x (mtp + 1) = 16 x 2 = 32, got 16"),
                new Malformed("mtp without streaming", minimalWith("  streaming: true", "  streaming: false"),
                        7, SemanticRules.MTP_STREAMING, "benchmark.streaming: MTP (num_nextn_predict_layers 1) needs streaming: true"),
                new Malformed("ctx max_seq_len not above input_length", minimalWith("    max_seq_len: 2048", "    max_seq_len: 1024"),
                        20, SemanticRules.CTX_SEQ_LEN, "worker_config.ctx.max_seq_len: expected more than input_length (1024), got 1024"),
                new Malformed("gen max_seq_len not above isl + osl", minimalWith("    max_seq_len: 4096", "    max_seq_len: 2048"),
                        26, SemanticRules.GEN_SEQ_LEN, "expected more than input_length + output_length (1024 + 1024 = 2048), got 2048"),
                new Malformed("concurrency above what gen can batch", minimalWith("  concurrency_list: \"1 2 4\"", "  concurrency_list: \"1 2 200\""),
                        8, SemanticRules.CONCURRENCY_BATCH,
                        "concurrency 200 exceeds what the gen servers can batch (max_batch_size x tensor_parallel_size with attention DP x num_gen_servers = 16 x 8 x 1 = 128)"),
                // files that are not case files
                new Malformed("empty file", "", 1, "empty", "the file is empty; expected a mapping with the sections"),
                new Malformed("only comments", "# nothing here yet\n\n", 1, "empty", "the file has no content"),
                new Malformed("a list at the root", "- benchmark\n- hardware\n", 1, "type", "the file must be a mapping of sections"),
                new Malformed("a scalar at the root", "just some text\n", 1, "type", "got 'just some text'"),
                new Malformed("a tab in the indentation", minimalWith("  gpus_per_node: 4", "\tgpus_per_node: 4"),
                        12, "yaml", "a tab character here: YAML indentation must use spaces"),
                new Malformed("two documents", MINIMAL + "---\nother: 1\n", 31, "yaml", "the file holds 2 YAML documents ('---'); a case file holds exactly one"),
                new Malformed("a key written twice", minimalWith("  num_gen_servers: 1", "  num_gen_servers: 1\n  num_gen_servers: 2"),
                        15, "duplicate-key", "key 'num_gen_servers' is written twice in one mapping (first at line 14)"),
                new Malformed("a key written twice inside the verbatim gen section",
                        minimalWith("    max_batch_size: 16", "    max_batch_size: 16\n    max_batch_size: 32"),
                        25, "duplicate-key", "key 'max_batch_size' is written twice"),
                new Malformed("a colon inside a plain value", minimalWith("  mode: e2e", "  mode: e2e: fast"),
                        6, "yaml", "not valid YAML: mapping values are not allowed here"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void eachMalformedFileGivesItsErrorWithLineAndExitStatus2(Malformed malformed) {
        Path file = CaseTexts.write(dir, "broken.yaml", malformed.text());
        assertRejected(file, malformed.line(), malformed.rule(), malformed.message());
    }

    @Test
    void theTableCoversAtLeastThirtyFilesAndEveryKind() {
        List<Malformed> all = malformed().toList();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all).extracting(Malformed::rule).contains("required", "type", "range", "enum", "unknown-key", "concurrency",
                "empty", "yaml", "duplicate-key", "format", "env");
        assertThat(all).extracting(Malformed::rule).containsAll(SemanticRules.IDS);
    }

    @Test
    void theMinimalCaseItselfIsValid() {
        CliRun run = CliRun.run("validate", CaseTexts.write(dir, "minimal.yaml", MINIMAL).toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(run.out()).contains("1 file(s), 1 valid, 0 invalid");
    }

    @Test
    void aBillionLaughsAliasBombIsRefusedAtTheAliasThatCrossesTheLimit() {
        StringBuilder bomb = new StringBuilder("lol:\n  a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("  a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
        }
        Path file = CaseTexts.write(dir, "bomb.yaml", bomb + MINIMAL);
        // nine aliases per line from line 3: the first alias over the limit is on this line
        int line = 3 + CaseConfigLoader.MAX_ALIASES / 9;
        assertRejected(file, line, "yaml", "too many aliases (*name) to collections: refusing what looks like an alias bomb");
    }

    @Test
    void aBombBelowTheAliasLimitCannotBeExpandedThroughAnEnvMapping() {
        // 2^20 leaves from 40 aliases: harmless while it stays a graph, huge if read as text.
        StringBuilder text = new StringBuilder(MINIMAL).append("    doubling:\n      b0: &b0 [lol, lol]\n");
        for (int level = 1; level <= 20; level++) {
            text.append("      b").append(level).append(": &b").append(level)
                    .append(" [*b").append(level - 1).append(", *b").append(level - 1).append("]\n");
        }
        String withEnv = text.toString().replace("  worker_env_var: \"A=1\"\n", "") + "environment:\n  worker_env_var:\n    A: *b20\n";
        String fixed = replaceBlock(withEnv, "environment:\nworker_config:", "worker_config:");
        Path file = CaseTexts.write(dir, "doubling.yaml", fixed);
        // the whole-document expansion check refuses the doubling mapping (where b0 starts) before any section is read
        int line = fixed.lines().toList().indexOf("      b0: &b0 [lol, lol]") + 1;
        assertRejected(file, line, "yaml", "aliases (*name) expand this value to more than 4 MiB of text");
    }

    @Test
    void aOneMebibyteFileIsRefusedBeforeParsing() throws IOException {
        StringBuilder text = new StringBuilder(MINIMAL);
        String comment = "# " + "x".repeat(97) + "\n";
        while (text.length() < 1024 * 1024) {
            text.append(comment);
        }
        Path file = CaseTexts.write(dir, "huge.yaml", text.toString());
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(1024 * 1024);
        assertRejected(file, 1, "file", "a case file may be at most " + CaseConfigLoader.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        byte[] latin1 = minimalWith("  model_name: tiny", "  model_name: caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("latin1.yaml"), latin1);
        assertRejected(file, 1, "file", "the file is not UTF-8 text");
    }

    @Test
    void everyProblemOfAFileIsReportedInOneRunAndEachOnlyOnce() {
        String text = minimalWith("  gpus_per_node: 4", "  gpus_per_node: 0");
        text = replaceLine(text, "  mode: e2e", "  mode: e2f");
        text = replaceBlock(text, "  ctx:\n", "  ctx: 7\n  ctx_extra:\n");
        Path file = CaseTexts.write(dir, "many.yaml", text);
        CliRun run = CliRun.run("validate", file.toString());
        assertThat(run.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).contains(file + ":12:", "[range]", file + ":6:", "[enum]", "[unknown-key]", "[type]");
        assertThat(run.out().split("expected a mapping", -1)).as("the non-mapping ctx is reported once").hasSize(2);
    }

    @Test
    void planAndRenderRefuseAnInvalidFileWithTheSameMessagesAndSubmitNothing() {
        Path file = CaseTexts.write(dir, "bad.yaml", minimalWith("  gpus_per_node: 4", "  gpus_per_node: -4"));
        for (String command : List.of("plan", "render")) {
            CliRun run = CliRun.run(command, "--config", file.toString(), "--workspace", dir.resolve("ws").toString());
            assertThat(run.status()).as(command).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
            assertThat(run.err()).contains(file + ":12:", "expected a whole number greater than 0, got -4",
                    "invalid case file (1 error(s)); nothing was submitted");
            assertThat(run.out()).isEmpty();
            assertThat(run.showsStackTrace()).as(run.all()).isFalse();
        }
        assertThat(dir.resolve("ws")).doesNotExist();
    }

    private static String replaceLine(String text, String line, String replacement) {
        return CaseTexts.replaceLine(text, line, replacement);
    }

    /** With {@code --strict all}: the QA harness's rules and far unknown keys only warn by default. */
    private static void assertRejected(Path file, int line, String rule, String message) {
        CliRun run = CliRun.run("validate", "--strict", "all", file.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).as(run.all())
                .contains("INVALID  " + file)
                .contains(file + ":" + line + ":")
                .contains(message)
                .contains("[" + rule + "]");
        assertThat(run.showsStackTrace()).as(run.all()).isFalse();
    }
}
