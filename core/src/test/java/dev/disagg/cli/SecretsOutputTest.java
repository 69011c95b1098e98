package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of secret-looking variables set in a case never appear in what the tool prints or writes
 * before submission: plan (text and JSON), render (plan.json, job.sh, configs), validate. The roles
 * refer to them through carriers that sbatch passes (see the e2e test for the whole way).
 */
class SecretsOutputTest {
    /** Long enough to search for anywhere; "pw" is checked in its assignment forms. */
    private static final List<String> VALUES = List.of("hf_secret123", "abcdEFGH1234", "key-9876-server", "ngc-auth-value",
            "ghp_benchmarkToken");

    @TempDir
    Path tmp;

    private Path caseFile;

    @BeforeEach
    void caseFile() throws IOException {
        String smoke;
        try (InputStream in = getClass().getResourceAsStream(CaseOptions.EMBEDDED_CASE)) {
            smoke = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String text = smoke
                .replace("  worker_env_var: \"TLLM_LOG_LEVEL=INFO\"\n", "  worker_env_var: \"HF_TOKEN=hf_secret123"
                        + " AWS_SECRET_ACCESS_KEY=abcdEFGH1234 MY_PASSWORD=pw TLLM_LOG_LEVEL=INFO\"\n"
                        + "  gen_worker_env_var: {NGC_AUTH: ngc-auth-value}\n")
                .replace("  server_env_var: \"TRTLLM_SERVER_DISABLE_GC=1\"\n", "  server_env_var: \"API_KEY=key-9876-server\"\n")
                .replace("  output_length: 32\n", "  output_length: 32\n  env_var: \"GITHUB_TOKEN=ghp_benchmarkToken\"\n");
        assertThat(text).contains("hf_secret123", "ngc-auth-value", "key-9876-server", "ghp_benchmarkToken");
        caseFile = Files.writeString(tmp.resolve("secret-case.yaml"), text);
    }

    @Test
    void planAndRenderShowOnlyTheNames() throws Exception {
        Path workspace = tmp.resolve("ws");
        String[] common = {"--config", caseFile.toString(), "--workspace", workspace.toString(), "--cluster", "local"};

        CliRun text = CliRun.run(Map.of(), concat(new String[] {"plan"}, common));
        CliRun json = CliRun.run(Map.of(), concat(new String[] {"plan", "--json"}, common));
        CliRun render = CliRun.run(Map.of(), concat(new String[] {"render"}, common));
        CliRun validate = CliRun.run(Map.of(), "validate", caseFile.toString());

        for (CliRun run : List.of(text, json, render, validate)) {
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertNoSecret(run.out() + run.err(), "output");
        }
        assertThat(text.out()).contains("HF_TOKEN=\"$DISAGG_SECRET_WORKER_HF_TOKEN\"", "MY_PASSWORD=\"$DISAGG_SECRET_WORKER_MY_PASSWORD\"",
                "TLLM_LOG_LEVEL=INFO", "secrets:       DISAGG_SECRET_WORKER_HF_TOKEN", "--export=ALL");
        JsonNode plan = new ObjectMapper().readTree(json.out());
        assertThat(plan.get("secrets")).extracting(JsonNode::asText).containsExactly(
                "DISAGG_SECRET_WORKER_HF_TOKEN", "DISAGG_SECRET_WORKER_AWS_SECRET_ACCESS_KEY", "DISAGG_SECRET_WORKER_MY_PASSWORD",
                "DISAGG_SECRET_GEN_NGC_AUTH", "DISAGG_SECRET_SERVER_API_KEY", "DISAGG_SECRET_BENCHMARK_GITHUB_TOKEN");
        assertThat(plan.get("commands").get("genWorker").asText()).contains("NGC_AUTH=\"$DISAGG_SECRET_GEN_NGC_AUTH\"");
        assertThat(plan.get("commands").get("ctxWorker").asText()).doesNotContain("NGC_AUTH");

        Path caseDir = workspace.resolve("disagg_logs").resolve("secret-case");
        try (Stream<Path> files = Files.walk(caseDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNoSecret(Files.readString(file), file.toString());
            }
        }
        assertThat(Files.readString(caseDir.resolve("job.sh"))).contains("SECRET_VARIABLES=(DISAGG_SECRET_WORKER_HF_TOKEN ");
    }

    @Test
    void aMalformedSecretAssignmentIsReportedWithoutItsValue() throws Exception {
        Files.writeString(caseFile, Files.readString(caseFile).replace("HF_TOKEN=hf_secret123", "1HF_TOKEN=hf_secret123"));

        CliRun validate = CliRun.run(Map.of(), "validate", caseFile.toString());

        assertThat(validate.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(validate.out()).contains("'1HF_TOKEN=***' is not a NAME=value assignment");
        assertNoSecret(validate.out() + validate.err(), "validate output");
    }

    private static void assertNoSecret(String text, String where) {
        assertThat(text).as(where).doesNotContain(VALUES).doesNotContain("MY_PASSWORD=pw", "MY_PASSWORD='pw'");
    }

    private static String[] concat(String[] first, String[] second) {
        return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
    }
}
