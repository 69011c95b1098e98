package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's notes (legacy ctx_num mode above all) appear in what {@code submit} and {@code run}
 * print, so a build log shows them. The CLI runs as a child process whose PATH holds a stand-in
 * {@code sbatch}, so no SLURM is needed.
 */
class PlanNotesOutputTest {
    private static final String LEGACY_LINE = "note: legacy ctx_num: ceil(4/3) = 2 (metadata.use_legacy_ctx_calculation)";

    @TempDir
    Path tmp;

    @Test
    void submitPrintsTheLegacyCtxCount() throws Exception {
        Process p = cli(sbatch("echo 'Submitted batch job 77'"), "submit");

        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains(LEGACY_LINE)
                .contains("note: hardware.num_ctx_servers: 1 is ignored: legacy mode computes the ctx count from the concurrency")
                .contains("submitted job 77");
    }

    @Test
    void runPrintsTheLegacyCtxCountBeforeSubmitting() throws Exception {
        Process p = cli(sbatch("echo 'sbatch: error: Batch job submission failed: Invalid partition name specified' >&2; exit 1"), "run");

        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(Verdict.INFRA_ERROR.exitCode());
        assertThat(out).contains(LEGACY_LINE);
    }

    private Path sbatch(String body) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(sbatch, "#!/bin/sh\n" + body + "\n");
        assertThat(sbatch.toFile().setExecutable(true)).isTrue();
        return bin;
    }

    private Process cli(Path bin, String command) throws IOException {
        Path config = tmp.resolve("legacy.yaml");
        String smoke;
        try (var in = PlanNotesOutputTest.class.getResourceAsStream(CaseOptions.EMBEDDED_CASE)) {
            smoke = new String(in.readAllBytes());
        }
        String legacy = smoke.replace("metadata:\n", "metadata:\n  use_legacy_ctx_calculation: true\n  ctx_capacity: 3\n")
                .replace("concurrency_list: \"1 2 4\"", "concurrency_list: \"4 2 1\"");
        assertThat(legacy).contains("use_legacy_ctx_calculation", "\"4 2 1\"");
        Files.writeString(config, legacy);
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DisaggCli.class.getName(), command, "--config", config.toString(),
                "--cluster", "local", "--workspace", tmp.resolve("ws").toString()));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        return builder.start();
    }
}
