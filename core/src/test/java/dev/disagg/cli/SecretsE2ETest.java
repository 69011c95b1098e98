package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.CommandResult;
import dev.disagg.slurm.ProcessCommandRunner;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code disagg run} on the real local cluster with secrets in the case: each role gets exactly
 * the secrets its section sets (its command writes them to a file of this test, outside the case
 * directory), while no file of the case directory and no output of the tool holds one. The job
 * name, hostile on purpose, reaches SLURM as one literal argument.
 */
@Tag("e2e")
class SecretsE2ETest {
    private static final String WORKER_SECRET = "hf_e2eWorkerSecret1";
    private static final String CTX_SECRET = "ctxApiKeyValue22";
    private static final String SERVER_SECRET = "serverPass333word";
    private static final List<String> SECRETS = List.of(WORKER_SECRET, CTX_SECRET, SERVER_SECRET);
    private static final String JOB_NAME = "disagg e2e; $(touch PWNED) `touch PWNED` 'q'";

    @TempDir
    Path tmp;

    private Path seen;
    private Path workspace;

    @BeforeAll
    static void cluster() throws Exception {
        CommandResult sinfo = new ProcessCommandRunner().run(List.of("sinfo", "-h", "-o", "%D"), Duration.ofSeconds(20));
        assertThat(sinfo.succeeded() && !sinfo.stdout().isBlank())
                .as("the local SLURM cluster must run (test/scripts/local-slurm.sh start): %s", sinfo.stderr()).isTrue();
    }

    @BeforeEach
    void dirs() throws IOException {
        seen = Files.createDirectories(tmp.resolve("seen"));
        workspace = tmp.resolve("ws");
    }

    @Test
    void rolesGetTheirSecretsAndNothingTheToolWritesHoldsThem() throws Exception {
        CliRun run = run("printf \"%s|%s|%s\" \"$HF_TOKEN\" \"$MY_API_KEY\" \"$SERVER_PASSWORD\""
                + " > " + seen + "/$DISAGG_SERVING_TYPE.${SLURM_PROCID:-0}; exec \"$@\"");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(Files.readString(seen.resolve("GEN_0.0"))).isEqualTo(WORKER_SECRET + "||");
        assertThat(Files.readString(seen.resolve("CTX_0.0"))).isEqualTo(WORKER_SECRET + "|" + CTX_SECRET + "|");
        assertThat(Files.readString(seen.resolve("DISAGG_SERVER.0"))).isEqualTo("||" + SERVER_SECRET);
        assertThat(Files.readString(seen.resolve("BENCHMARK.0"))).isEqualTo("||");

        assertThat(run.out() + run.err()).doesNotContain(SECRETS);
        Path caseDir = caseDir();
        assertThat(filesHolding(caseDir)).isEmpty();
        assertThat(Files.readString(caseDir.resolve("environment.txt"))).contains("DISAGG_SECRET_WORKER_HF_TOKEN=***",
                "DISAGG_SECRET_CTX_MY_API_KEY=***", "DISAGG_SECRET_SERVER_SERVER_PASSWORD=***");
        assertThat(Files.readAllLines(caseDir.resolve("job_info.txt"))).contains("job_name=" + JOB_NAME);
        try (Stream<Path> all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("PWNED"))).isEmpty();
        }
    }

    /** A role that prints its token: only its own log holds it, not failure.json nor any report. */
    @Test
    void aRoleThatPrintsItsSecretHasItMaskedInFailureJsonAndTheReports() throws Exception {
        CliRun run = run("if [ \"$DISAGG_SERVING_TYPE\" = GEN_0 ]; then echo \"error: token $HF_TOKEN rejected\"; exit 3; fi;"
                + " exec \"$@\"");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(run.out() + run.err()).doesNotContain(SECRETS).contains("error: token \\*\\*\\* rejected");
        Path caseDir = caseDir();
        JsonNode failure = new ObjectMapper().readTree(caseDir.resolve("failure.json").toFile());
        assertThat(failure.get("role").asText()).isEqualTo("GEN_0");
        assertThat(failure.get("lastLines").toString()).contains("error: token *** rejected");
        assertThat(filesHolding(caseDir)).containsExactly(caseDir.resolve("gen_server_0.log"));
    }

    /**
     * Runs the case with a profile whose test command is {@code bash -c '<script>' role pytest ...}: the script, then
     * the (emulated) roles as the default test command runs them.
     */
    private CliRun run(String script) throws IOException {
        String smoke;
        try (InputStream in = getClass().getResourceAsStream(CaseOptions.EMBEDDED_CASE)) {
            smoke = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path caseFile = Files.writeString(tmp.resolve("secret-case.yaml"), smoke
                .replace("  worker_env_var: \"TLLM_LOG_LEVEL=INFO\"\n", "  worker_env_var: \"HF_TOKEN=" + WORKER_SECRET
                        + " TLLM_LOG_LEVEL=INFO\"\n  ctx_worker_env_var: {MY_API_KEY: " + CTX_SECRET + "}\n")
                .replace("  server_env_var: \"TRTLLM_SERVER_DISABLE_GC=1\"\n", "  server_env_var: SERVER_PASSWORD=" + SERVER_SECRET + "\n")
                .replace("  job_name: disagg-local-smoke\n", "  job_name: \"" + JOB_NAME.replace("\"", "\\\"") + "\"\n"));
        Path profile = Files.writeString(tmp.resolve("profile.yaml"), "extends: local\ntest_command: "
                + new org.yaml.snakeyaml.Yaml().dump("bash -c '" + script + "' role pytest -v -s --output-dir={outputDir}"
                        + " --junit-xml={junitDir}/pytest_\"${DISAGG_SERVING_TYPE}\".xml {nodeId}"));
        return CliRun.run(Map.of(), "run", "--config", caseFile.toString(), "--workspace", workspace.toString(),
                "--cluster", profile.toString());
    }

    private Path caseDir() {
        return workspace.resolve("disagg_logs").resolve("secret-case");
    }

    /** The files (not links) under {@code dir} holding any of the secrets (bytes read as Latin-1: logs need not be UTF-8). */
    private static List<Path> filesHolding(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            // a link (the test output directory's links to the role logs) is no second copy
            return files.filter(file -> Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)).filter(file -> {
                try {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    return SECRETS.stream().anyMatch(text::contains);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }
}
