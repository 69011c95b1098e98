package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class MigrateCommandTest {
    private static final Path FIXTURE = Path.of(System.getProperty("disagg.fixtures"), "legacy", "submit.sh");

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = DisaggCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void convertsTheFixtureAndPrintsASummaryTable() throws IOException {
        Path out = dir.resolve("cases");

        Run run = run("migrate", "--from", FIXTURE.toString(), "--out", out.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(names(out)).containsExactly(
                "dep16_concurrency1024_eplb256_mtp1.yaml", "dep16_concurrency2048_eplb256_mtp1.yaml",
                "dep32_concurrency1024_eplb288_mtp0.yaml", "dep8_concurrency2048_eplb0_mtp0.yaml",
                "dep8_concurrency2048_eplb0_mtp1.yaml", "dep8_concurrency8192_eplb0_mtp0.yaml",
                "dep8_concurrency8192_eplb0_mtp1.yaml");
        assertThat(run.out()).contains("7 cases converted.")
                .containsPattern("dep8_concurrency8192_eplb0_mtp1\\.yaml\\s+38\\s+2 \\(ceil\\(c/5500\\)\\)\\s+4\\s+1 x dep8\\s+1024\\s+0\\s+1\\s+8192\\s+4\\s+16")
                .contains("- gen max_num_tokens 1024 is below max_batch_size x (mtp + 1) = 2048; kept as the script submits it,"
                        + " so the case breaks TensorRT-LLM's mtp-max-num-tokens rule [dep8_concurrency8192_eplb0_mtp1]")
                .contains("input_length is not in the legacy arguments: 1024 (give --isl) [all cases]")
                .contains("the model is not known").containsPattern("warning: worker_config.gen.max_num_tokens: .*\\[mtp-max-num-tokens]")
                .doesNotContain("[concurrency-batch]");
        String yaml = Files.readString(out.resolve("dep32_concurrency1024_eplb288_mtp0.yaml"));
        assertThat(yaml).doesNotContain("{").doesNotContain("&id").contains("concurrency_list: '1024'");
    }

    @Test
    void neverOverwritesAndNamesTheFileInTheWay() throws IOException {
        Path out = Files.createDirectories(dir.resolve("cases"));
        Path existing = Files.writeString(out.resolve("dep8_concurrency8192_eplb0_mtp0.yaml"), "mine\n");

        Run run = run("migrate", "--from", FIXTURE.toString(), "--out", out.toString());

        assertThat(run.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains(existing.toString() + " already exists").contains("Nothing was written")
                .doesNotContain("at dev.disagg");
        assertThat(names(out)).containsExactly("dep8_concurrency8192_eplb0_mtp0.yaml");
        assertThat(Files.readString(existing)).isEqualTo("mine\n");
    }

    @Test
    void anUnsupportedConstructIsReportedWithFileAndLineAndNothingIsWritten() throws IOException {
        Path script = Files.writeString(dir.resolve("submit.sh"), "#!/bin/bash\npartition=p\n\nwhile true; do\n  sbatch x\ndone\n");
        Path out = dir.resolve("cases");

        Run run = run("migrate", "--from", script.toString(), "--out", out.toString());

        assertThat(run.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains(script + ":4: 'while' loops are not supported").doesNotContain("at dev.disagg");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingScriptIsAUsageError() {
        Run run = run("migrate", "--from", dir.resolve("nope.sh").toString(), "--out", dir.resolve("cases").toString());

        assertThat(run.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains("nope.sh: no such file");
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelAndShapeNameTheCasesLikeTheLegacyLogDirectory() throws IOException {
        Path out = dir.resolve("cases");

        Run run = run("migrate", "--from", FIXTURE.toString(), "--out", out.toString(),
                "--model", "deepseek-r1", "--isl", "8192", "--osl", "1024");

        assertThat(run.status()).as(run.err()).isEqualTo(Verdict.PASS.exitCode());
        Path file = out.resolve("deepseek-r1-8192-1024_dep32_concurrency1024_eplb288_mtp0.yaml");
        Map<String, Object> doc = new Yaml().load(Files.readString(file));
        assertThat((Map<String, Object>) doc.get("metadata")).containsEntry("model_name", "deepseek-r1");
        assertThat((Map<String, Object>) doc.get("benchmark")).containsEntry("input_length", 8192).containsEntry("output_length", 1024);
        Map<String, Object> workers = (Map<String, Object>) doc.get("worker_config");
        assertThat((Map<String, Object>) workers.get("ctx")).containsEntry("max_seq_len", 8192 + 128);
        assertThat((Map<String, Object>) workers.get("gen")).containsEntry("max_seq_len", 8192 + 1024 + 128);
        assertThat(run.out()).doesNotContain("give --isl").doesNotContain("the model is not known");
    }

    @Test
    void reportsWhenTheScriptsOwnValuesBreakTrtllmRules() throws IOException {
        // concurrency 4096 > gen batch 256 without attention DP: kept as submitted, flagged
        Path script = Files.writeString(dir.resolve("submit.sh"), "sbatch --nodes=3 --ntasks=12 --ntasks-per-node=4"
                + " --exclusive --output=/logs/%j.txt /w/disaggr_torch.slurm 1 4 4 4480 true 1 8 256 256 false 0.8 0 0 4096\n");
        Path out = dir.resolve("cases");

        Run run = run("migrate", "--from", script.toString(), "--out", out.toString());

        assertThat(run.status()).as(run.err()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(names(out)).containsExactly("tep8_concurrency4096_eplb0_mtp0.yaml");
        assertThat(run.out())
                .contains("concurrency 4096 exceeds what the gen servers can batch (256)")
                // a QA-harness rule: the converted case validates with a warning
                .contains("warning: benchmark.concurrency_list: concurrency 4096 exceeds").contains("[concurrency-batch]")
                .contains("sbatch --exclusive is kept in slurm.extra_args")
                .contains("sbatch --output=/logs/%j.txt is dropped");
        assertThat(Files.readString(out.resolve("tep8_concurrency4096_eplb0_mtp0.yaml")))
                .contains("extra_args: --exclusive").contains("set_segment: false").doesNotContain("/logs/");
    }
}
