package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseTexts;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate DIR} reads a directory as upstream's submit.py -d does; helper YAML is skipped, not failed. */
class ValidateDirectoryTest {
    /** Shaped like upstream's EPLB tables: YAML, but none of the case sections. */
    private static final String LOAD_BALANCER_TABLE = "num_slots: 416\ninitial_global_assignments:\n  0: [1, 2, 3]\n  1: [4, 5, 6]\n";

    @TempDir
    Path dir;

    private Path layout() throws IOException {
        Files.writeString(dir.resolve("a_case.yaml"), CaseTexts.MINIMAL);
        Files.writeString(dir.resolve("moe_table.yaml"), LOAD_BALANCER_TABLE);
        Path sub = Files.createDirectories(dir.resolve("deepseek-v4-pro-eplb"));
        Files.writeString(sub.resolve("moe_load_balancer_gen_ep8_slots416.yaml"), LOAD_BALANCER_TABLE);
        Files.writeString(sub.resolve("broken_case.yaml"), CaseTexts.MINIMAL.replace("  gpus_per_node: 4", "  gpus_per_node: 0"));
        return sub;
    }

    @Test
    void aDirectoryIsReadAtTheTopLevelAndHelperYamlIsSkipped() throws IOException {
        layout();
        CliRun run = CliRun.run("validate", dir.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(run.out()).contains("ok       " + dir.resolve("a_case.yaml"))
                .contains("skipped  " + dir.resolve("moe_table.yaml") + "  (not a case file: none of the sections metadata,")
                .contains("1 file(s), 1 valid, 0 invalid, 1 skipped (not case files)")
                .doesNotContain("deepseek-v4-pro-eplb");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "a mapping without sections        | num_slots: 4\\nlayers: {a: [1, 2]}\\n                  | false",
            "a list                            | - 1\\n- 2\\n                                          | false",
            "plain text                        | just text\\n                                        | false",
            "empty                             | ''                                                     | false",
            "a section after a nested value    | extra:\\n  benchmark: x\\n  y: [1]\\nhardware: {}\\n | true",
            "a section only nested             | extra:\\n  benchmark: x\\n                          | false",
            "a section name as a value         | note: benchmark\\nx: 1\\n                           | false",
            "not YAML                          | 'a: [1\\n'                                             | true",
    })
    void whatADirectoryWalkTakesForACaseFile(String name, String text, boolean caseFile) throws IOException {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, text.equals("''") ? "" : text.replace("\\n", "\n").replace("'", ""));
        assertThat(dev.disagg.config.CaseConfigLoader.isCaseFile(file)).as(name).isEqualTo(caseFile);
    }

    @Test
    void recursiveAlsoReadsTheSubFolders() throws IOException {
        Path sub = layout();
        CliRun run = CliRun.run("validate", "--recursive", dir.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).contains("skipped  " + sub.resolve("moe_load_balancer_gen_ep8_slots416.yaml"))
                .contains("INVALID  " + sub.resolve("broken_case.yaml"))
                .contains("2 file(s), 1 valid, 1 invalid, 2 skipped (not case files)");
    }

    @Test
    void aFileNamedExplicitlyIsCheckedInFull() throws IOException {
        layout();
        CliRun run = CliRun.run("validate", dir.resolve("moe_table.yaml").toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.out()).contains("INVALID  " + dir.resolve("moe_table.yaml")).contains("benchmark: missing required section");
    }

    @Test
    void aDirectoryWithoutCaseFilesIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("moe_table.yaml"), LOAD_BALANCER_TABLE);
        CliRun run = CliRun.run("validate", dir.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains("no case files among the YAML files found");
        Path empty = Files.createDirectories(dir.resolve("empty").resolve("deeper"));
        Files.writeString(empty.resolve("c.yaml"), CaseTexts.MINIMAL);
        CliRun top = CliRun.run("validate", dir.resolve("empty").toString());
        assertThat(top.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(top.err()).contains("sub-folders are read with --recursive");
    }

    /** A cluster profile's strict_rules make rules errors for every command, --warn keeps one a warning. */
    @Test
    void aProfileMakesRulesStrict() throws IOException {
        Path file = dir.resolve("batch.yaml");
        Files.writeString(file, CaseTexts.MINIMAL.replace("  concurrency_list: \"1 2 4\"", "  concurrency_list: \"1 2 400\""));
        Path profile = dir.resolve("l0.yaml");
        Files.writeString(profile, "extends: local\nstrict_rules: [concurrency-batch]\n");
        assertThat(CliRun.run("validate", file.toString()).status()).isEqualTo(Verdict.PASS.exitCode());
        CliRun strict = CliRun.run("validate", "--cluster", profile.toString(), file.toString());
        assertThat(strict.status()).as(strict.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(strict.out()).contains("[concurrency-batch]");
        assertThat(CliRun.run("validate", "--cluster", profile.toString(), "--warn", "concurrency-batch", file.toString()).status())
                .isEqualTo(Verdict.PASS.exitCode());
        CliRun plan = CliRun.run("plan", "--cluster", profile.toString(), "--config", file.toString(), "--workspace", dir.toString());
        assertThat(plan.status()).as(plan.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());

        Files.writeString(profile, "extends: local\nstrict_rules: [concurency-batch]\n");
        CliRun typo = CliRun.run("validate", "--cluster", profile.toString(), file.toString());
        assertThat(typo.status()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(typo.err()).contains("strict_rules: unknown rule 'concurency-batch'");
        assertThat(CliRun.run("validate", "--strict", "bogus", file.toString()).err()).contains("--strict: unknown rule 'bogus'");
    }

    /** Upstream's total_gpus (nodes x gpus_per_node) is printed beside the GPUs the servers use, under its own name. */
    @Test
    void thePlanShowsUpstreamsTotalGpusBesideOurs() throws IOException {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, CaseTexts.MINIMAL.replace("    tensor_parallel_size: 8", "    tensor_parallel_size: 6"));
        CliRun text = CliRun.run("plan", "--config", file.toString(), "--workspace", dir.toString(), "--cluster", "local");
        assertThat(text.status()).as(text.all()).isEqualTo(Verdict.PASS.exitCode());
        // ctx tp 4 on one node, gen tp 6 on two 4-GPU nodes: 3 nodes, 12 GPUs allocated, 10 used
        assertThat(text.out()).containsPattern("totalGpus\\s+= 10 ")
                .containsPattern("upstreamTotalGpus\\s+= 12\\s+totalNodes 3 x gpus_per_node 4 \\(upstream submit.py's total_gpus");
        CliRun json = CliRun.run("plan", "--json", "--config", file.toString(), "--workspace", dir.toString(), "--cluster", "local");
        assertThat(json.status()).as(json.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(json.out()).contains("\"totalGpus\" : 10").contains("\"upstreamTotalGpus\" : 12");
    }

    /** A profile can exempt a name the built-in rule calls secret, and add one it does not. */
    @Test
    void aProfileDecidesWhichNamesAreSecret() throws IOException {
        Path file = dir.resolve("env.yaml");
        Files.writeString(file, CaseTexts.MINIMAL.replace("  worker_env_var: \"A=1\"", "  worker_env_var: \"NGC_AUTH=plain WANDB_ENTITY=team\""));
        Path profile = dir.resolve("site.yaml");
        Files.writeString(profile, "extends: local\nsecret_names: [WANDB_*]\nnot_secret_names: [NGC_AUTH]\n");
        CliRun json = CliRun.run("plan", "--json", "--config", file.toString(), "--workspace", dir.toString(), "--cluster", profile.toString());
        assertThat(json.status()).as(json.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(json.out()).contains("NGC_AUTH=plain WANDB_ENTITY=\\\"$DISAGG_SECRET_WORKER_WANDB_ENTITY\\\"").contains("DISAGG_SECRET_WORKER_WANDB_ENTITY").doesNotContain("team");
    }
}
