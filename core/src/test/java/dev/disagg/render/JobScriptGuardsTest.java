package dev.disagg.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CliRun;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered job script's guards, each run with a real bash outside SLURM: a header that is not
 * what the core writes, a missing secret or checkout, a case directory of an earlier run and an
 * allocation too small all end the script before any step starts, with a message saying which.
 * Also its last resort when a step's srun does not end after SIGTERM, which a real srun cannot be
 * made to do on purpose: there stand-ins for srun and scontrol are first on the PATH.
 */
class JobScriptGuardsTest {
    @TempDir
    Path dir;

    private Path caseDir;
    private String script;

    private record Ended(int status, String err) {
    }

    @BeforeEach
    void render() throws IOException {
        Path workspace = dir.resolve("ws");
        CliRun run = CliRun.run("render", "--cluster", "local", "--workspace", workspace.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        caseDir = workspace.resolve("disagg_logs/local-smoke");
        script = Files.readString(caseDir.resolve("job.sh"));
    }

    /** Runs {@code text} as the job script with bash, with no SLURM variables and {@code env} added. */
    private Ended runJob(String text, Map<String, String> env) throws Exception {
        Path job = Files.writeString(dir.resolve("job-variant.sh"), text);
        ProcessBuilder builder = new ProcessBuilder("bash", job.toString()).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("SLURM_") || name.equals("LLM_ROOT"));
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "cannot read stderr: " + e;
            }
        });
        // a generous ceiling: every guard ends the script before any step, in well under a second
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("job script ended").isTrue();
        return new Ended(process.exitValue(), err.get());
    }

    private String replaceLine(String startsWith, String line) {
        String marker = "\n" + startsWith;
        int start = script.indexOf(marker);
        assertThat(start).as("the header has a line starting with " + startsWith).isPositive();
        int end = script.indexOf('\n', start + 1);
        return script.substring(0, start + 1) + line + script.substring(end);
    }

    /** step_status.tsv holds one line: the job's own, with its exit status and reason (no step ran). */
    private void assertOnlyJobLine(String status, String reason) throws IOException {
        List<String> record = Files.readAllLines(caseDir.resolve("step_status.tsv"));
        assertThat(record).hasSize(1);
        assertThat(record.get(0).split("\t")).startsWith("JOB", status, reason);
    }

    @Test
    void aHeaderWithoutAVariableIsRefusedNamingIt() throws Exception {
        Ended ended = runJob(replaceLine("NODE_ID=", "# NODE_ID removed"), Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("error: the job script header does not set: NODE_ID");
        assertThat(caseDir.resolve("step_status.tsv")).doesNotExist();
    }

    @Test
    void aTimeoutThatIsNotAWholeNumberIsRefused() throws Exception {
        Ended ended = runJob(replaceLine("CASE_TIMEOUT_SECONDS=", "CASE_TIMEOUT_SECONDS=soon"), Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("header variable CASE_TIMEOUT_SECONDS must be a whole number, got 'soon'");
    }

    @Test
    void perServerArraysOfDifferentLengthsAreRefused() throws Exception {
        Ended ended = runJob(replaceLine("SERVER_LOGS=", "SERVER_LOGS=(gen_server_0.log)"), Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("header array SERVER_LOGS has 1 entries, SERVER_TYPES has 2");
    }

    @Test
    void aSecretMissingFromTheJobsEnvironmentIsRefusedWithHowToSubmit() throws Exception {
        Ended ended = runJob(replaceLine("SECRET_VARIABLES=", "SECRET_VARIABLES=(DISAGG_TEST_TOKEN)"), Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("the secret variable DISAGG_TEST_TOKEN is not in the job's environment", "disagg submit");
    }

    @Test
    void aCaseDirectoryThatIsGoneIsRefused() throws Exception {
        Path gone = dir.resolve("no-such-case-dir");
        Ended ended = runJob(replaceLine("CASE_DIR=", "CASE_DIR=" + gone), Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("case directory " + gone + " does not exist or is not writable");
    }

    @Test
    void withoutACheckoutAnywhereTheJobSaysWhereOneCanBeNamed() throws Exception {
        String noCheckout = replaceLine("LLM_ROOT_DIR=", "LLM_ROOT_DIR=").replaceAll(" LLM_ROOT=/[^ )\\n]*", ""); // ROLE_ENV's entry
        Ended ended = runJob(noCheckout, Map.of());

        assertThat(ended.status()).isEqualTo(2);
        assertThat(ended.err()).contains("no TensorRT-LLM checkout", "environment.trtllm_repo", "llm_root");
    }

    @Test
    void anEarlierRunsStatusFileEndsTheJobWithARerunRecord() throws Exception {
        Files.createDirectories(caseDir.resolve("disagg-e2e-local-smoke"));
        Files.writeString(caseDir.resolve("disagg-e2e-local-smoke/benchmark_status.0.txt"), "Done\n");

        Ended ended = runJob(script, Map.of("SLURM_JOB_ID", "4711"));

        assertThat(ended.status()).isEqualTo(1);
        assertThat(ended.err()).contains("requeued job?");
        assertOnlyJobLine("1", "rerun");
        // the end marker is the script's last act, also on this path
        assertThat(Files.readString(caseDir.resolve("job_end"))).isEqualTo("4711 1\n");
    }

    /** Tagged e2e for its 10 s wait: not in the quick unit run. */
    @Test
    @Tag("e2e")
    void aStepWhoseSrunIgnoresSigtermIsKilledAfterTenSecondsAndTheJobStillEndsWithTheBenchmarksStatus() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("stand-ins"));
        executable(bin.resolve("scontrol"), "#!/bin/bash\nprintf 'node1\\nnode2\\n'\n");
        // the benchmark writes the status file and ends; every other step ignores SIGTERM until killed
        executable(bin.resolve("srun"), String.join("\n", "#!/bin/bash",
                "case \" $* \" in",
                "    *' --job-name=COLLECT '*) exit 0 ;;",
                "    *' --job-name=BENCHMARK '*) sleep 0.5; mkdir -p \"${STATUS_FILE%/*}\"; echo Done >\"$STATUS_FILE\"; exit 0 ;;",
                "esac",
                "trap 'echo \"$DISAGG_SERVING_TYPE: SIGTERM ignored\"' TERM",
                "while :; do sleep 0.1; done", ""));
        String statusFile = caseDir.resolve("disagg-e2e-local-smoke/benchmark_status.0.txt").toString();

        Ended ended = runJob(script, Map.of("SLURM_JOB_ID", "4713", "SLURM_JOB_NODELIST", "node[1-2]",
                "PATH", bin + ":" + System.getenv("PATH"), "STATUS_FILE", statusFile));

        assertThat(ended.status()).as(ended.err()).isZero();
        assertThat(ended.err()).contains("CTX_0 did not stop in 10 s; killing its srun", "DISAGG_SERVER did not stop in 10 s",
                "GEN_0 did not stop in 10 s");
        List<String[]> record = Files.readAllLines(caseDir.resolve("step_status.tsv")).stream().map(l -> l.split("\t", -1)).toList();
        assertThat(record).extracting(f -> f[0] + " " + f[1] + " " + f[2]).containsExactlyInAnyOrder(
                "COLLECT 0 ended", "BENCHMARK 0 ended", "GEN_0  killed", "CTX_0  killed", "DISAGG_SERVER  killed");
        assertThat(Files.readString(caseDir.resolve("gen_server_0.log"))).contains("GEN_0: SIGTERM ignored");
        assertThat(caseDir.resolve("disagg-e2e-local-smoke/gen_server_0.done")).as("the gen sentinel, touched when its step is gone").exists();
        assertThat(Files.readString(caseDir.resolve("job_end"))).isEqualTo("4713 0\n");
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void anAllocationWithoutTheNodesTheCaseNeedsEndsTheJobBeforeAnyStep() throws Exception {
        Ended ended = runJob(script, Map.of("SLURM_JOB_ID", "4712"));

        assertThat(ended.status()).isEqualTo(1);
        assertThat(ended.err()).contains("the allocation has 0 node(s) (none), the case needs 2 (GEN_0 CTX_0)");
        assertOnlyJobLine("1", "allocation");
        assertThat(caseDir.resolve("job_info.txt")).doesNotExist();
    }
}
