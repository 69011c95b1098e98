package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Case files for tests: a small valid case to vary, and the real upstream fixtures. */
public final class CaseTexts {
    /**
     * A valid case; line numbers matter (tests point at them). It passes every semantic rule:
     * max_num_tokens 64 >= 16 x (1 + 1); ctx 2048 > 1024; gen 4096 > 1024 + 1024; 4 <= 16 x 8.
     */
    public static final String MINIMAL = """
            metadata:
              model_name: tiny
            slurm:
              partition: batch
            benchmark:
              mode: e2e
              streaming: true
              concurrency_list: "1 2 4"
              input_length: 1024
              output_length: 1024
            hardware:
              gpus_per_node: 4
              num_ctx_servers: 1
              num_gen_servers: 1
            environment:
              worker_env_var: "A=1"
            worker_config:
              ctx:
                tensor_parallel_size: 4
                max_seq_len: 2048
              gen:
                tensor_parallel_size: 8
                enable_attention_dp: true
                max_batch_size: 16
                max_num_tokens: 64
                max_seq_len: 4096
                speculative_config:
                  decoding_type: MTP
                  num_nextn_predict_layers: 1
            """;

    private CaseTexts() {
    }

    /** {@code text} with one whole line replaced; fails when the line is not there exactly once. */
    public static String replaceLine(String text, String line, String replacement) {
        String needle = "\n" + line + "\n";
        String padded = "\n" + text;
        assertThat(padded.indexOf(needle)).as("line '%s' in the case text", line).isNotNegative();
        assertThat(padded.indexOf(needle)).as("line '%s' only once", line).isEqualTo(padded.lastIndexOf(needle));
        return padded.replace(needle, replacement.isEmpty() ? "\n" : "\n" + replacement + "\n").substring(1);
    }

    /** {@code text} with one block of whole lines replaced; fails unless the block is there exactly once. */
    public static String replaceBlock(String text, String block, String replacement) {
        assertThat(text.indexOf(block)).as("block '%s' in the case text", block).isNotNegative();
        assertThat(text.indexOf(block)).as("block '%s' only once", block).isEqualTo(text.lastIndexOf(block));
        return text.replace(block, replacement);
    }

    public static String minimalWith(String line, String replacement) {
        return replaceLine(MINIMAL, line, replacement);
    }

    public static Path write(Path dir, String fileName, String text) {
        try {
            return Files.writeString(dir.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CaseConfig load(Path dir, String fileName, String text) {
        LoadResult result = new CaseConfigLoader().load(write(dir, fileName, text));
        assertThat(result.errors()).as("errors in %s", fileName).isEmpty();
        return result.config().orElseThrow();
    }

    public static Path fixtures() {
        String property = System.getProperty("disagg.fixtures");
        assertThat(property).as("system property disagg.fixtures (set by core/pom.xml)").isNotNull();
        Path dir = Path.of(property).resolve("trtllm-configs");
        assertThat(dir).as("the fixtures (set -Ddisagg.fixtures=DIR when the repository is not beside shared/)").isDirectory();
        return dir;
    }

    public static Path fixture(String fileName) {
        Path file = fixtures().resolve(fileName);
        assertThat(file).isRegularFile();
        return file;
    }
}
