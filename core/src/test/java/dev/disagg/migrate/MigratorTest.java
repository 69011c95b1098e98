package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MigratorTest {
    private static final String SLURM = " /w/disaggr_torch.slurm ";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(MigratedCase c, String... path) {
        Map<String, Object> map = c.document();
        for (String key : path) {
            map = (Map<String, Object>) map.get(key);
        }
        return map;
    }

    @Test
    void twoSubmissionsWithTheSameLegacyNameAreKeptApartAndSaySo() {
        // differ only in ctx tp, which the legacy name does not carry
        String script = "for tp in 4 8; do\n"
                + "  sbatch --ntasks-per-node=4" + SLURM + "1 $tp 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n"
                + "done\n";

        List<MigratedCase> cases = Migrator.migrate(script, MigrationSettings.NONE);

        assertThat(cases).extracting(MigratedCase::name)
                .containsExactly("dep8_concurrency2048_eplb0_mtp0", "dep8_concurrency2048_eplb0_mtp0_2");
        assertThat(cases.get(1).notes()).contains("same legacy name as the submission of line 2; suffixed _2");
        assertThat(cases).extracting(MigratedCase::nodes).containsExactly(3, 4);
        assertThat(cases.get(0).notes()).contains("the sbatch call gives no --nodes; the case asks for the 3 nodes its servers need");
    }

    @Test
    void modelAndLengthsComeFromTheScriptUnlessGiven() {
        String script = "model=DeepSeek-R1\nisl=1024\nosl=2048\n"
                + "sbatch --gres=gpu:4 -N 3 -p batch -J legacy" + SLURM + "1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n";

        MigratedCase fromScript = Migrator.migrate(script, MigrationSettings.NONE).get(0);
        MigratedCase given = Migrator.migrate(script,
                new MigrationSettings(Optional.of("r1 fp4"), OptionalInt.of(8192), OptionalInt.empty())).get(0);

        assertThat(fromScript.name()).isEqualTo("DeepSeek-R1-1024-2048_dep8_concurrency2048_eplb0_mtp0");
        assertThat(section(fromScript, "metadata")).containsEntry("model_name", "DeepSeek-R1");
        assertThat(given.name()).isEqualTo("r1_fp4-8192-2048_dep8_concurrency2048_eplb0_mtp0");
        assertThat(section(given, "benchmark")).containsEntry("input_length", 8192).containsEntry("output_length", 2048);
        // GPUs per node from --gres when --ntasks-per-node is absent; short options read like sbatch does
        assertThat(fromScript.gpusPerNode()).isEqualTo(4);
        assertThat(section(fromScript, "slurm")).containsEntry("partition", "batch").containsEntry("job_name", "legacy")
                .containsEntry("extra_args", "--gres=gpu:4").containsEntry("set_segment", false);
    }

    @Test
    void mtpAndEplbBecomeTheirTrtllmSections() {
        String script = "sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 16 64 64 true 0.7 256 3 1024\n";

        MigratedCase c = Migrator.migrate(script, MigrationSettings.NONE).get(0);

        assertThat(section(c, "worker_config", "gen", "speculative_config"))
                .containsEntry("decoding_type", "MTP").containsEntry("num_nextn_predict_layers", 3);
        assertThat(section(c, "worker_config", "ctx", "speculative_config")).containsEntry("num_nextn_predict_layers", 3);
        assertThat(section(c, "worker_config", "gen", "moe_config", "load_balancer")).containsEntry("num_slots", 256);
        assertThat(section(c, "benchmark")).containsEntry("streaming", true);
    }

    @Test
    void keepsTheScriptsMaxNumTokensAndWarnsAboutTheMtpRuleItBreaks() {
        String script = "sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 16 64 64 true 0.7 256 3 1024\n";

        List<MigratedCase> cases = Migrator.migrate(script, MigrationSettings.NONE);
        MigratedCase c = cases.get(0);

        assertThat(section(c, "worker_config", "gen")).containsEntry("max_num_tokens", 64);
        assertThat(c.warnings()).containsExactly("gen max_num_tokens 64 is below max_batch_size x (mtp + 1) = 256;"
                + " kept as the script submits it, so the case breaks TensorRT-LLM's mtp-max-num-tokens rule");
        assertThat(c.notes()).noneMatch(note -> note.contains("max_num_tokens"));
        assertThat(Summary.render(cases)).contains("Warnings: the script's values break TensorRT-LLM rules (kept as submitted):\n"
                + "- gen max_num_tokens 64 is below");
    }

    @Test
    void aMaxNumTokensThatMeetsTheMtpRuleGivesNoWarning() {
        String script = "sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 16 64 256 true 0.7 0 3 1024\n";

        MigratedCase c = Migrator.migrate(script, MigrationSettings.NONE).get(0);

        assertThat(section(c, "worker_config", "gen")).containsEntry("max_num_tokens", 256);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void theModelNamesEveryCaseSoTwoModelsNeverCollide() {
        String script = "for model_path in /models/DeepSeek-R1 /models/DeepSeek-V3/; do\n"
                + "  sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n"
                + "done\n"
                + "MODEL=Kimi-K2\n"
                + "sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n";

        List<MigratedCase> cases = Migrator.migrate(script, MigrationSettings.NONE);

        assertThat(cases).extracting(MigratedCase::name).containsExactly("DeepSeek-R1_dep8_concurrency2048_eplb0_mtp0",
                "DeepSeek-V3_dep8_concurrency2048_eplb0_mtp0", "Kimi-K2_dep8_concurrency2048_eplb0_mtp0");
        assertThat(section(cases.get(1), "metadata")).containsEntry("model_name", "DeepSeek-V3");
        assertThat(cases.get(0).notes()).noneMatch(note -> note.contains("model is not known"));
    }

    @Test
    void withoutAModelTheSummarySaysHowToNameIt() {
        String script = "sbatch --ntasks-per-node=4" + SLURM + "1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048\n";

        MigratedCase c = Migrator.migrate(script, MigrationSettings.NONE).get(0);

        assertThat(c.name()).isEqualTo("dep8_concurrency2048_eplb0_mtp0");
        assertThat(c.notes()).anyMatch(note -> note.startsWith("the model is not known") && note.contains("give --model"));
    }

    @Test
    void withoutMtpOrEplbThoseSectionsAreAbsent() {
        String script = "sbatch --ntasks-per-node=4" + SLURM + "2 4 4 4480 false 1 8 256 512 true 0.8 0 0 2048\n";

        MigratedCase c = Migrator.migrate(script, MigrationSettings.NONE).get(0);

        assertThat(section(c, "worker_config", "gen")).doesNotContainKeys("speculative_config", "moe_config")
                .containsEntry("max_num_tokens", 512);
        assertThat(section(c, "worker_config", "ctx")).doesNotContainKey("speculative_config")
                .containsEntry("enable_attention_dp", false);
        assertThat(section(c, "hardware")).containsEntry("num_ctx_servers", 2);
        assertThat(c.document()).doesNotContainKey("metadata");
    }
}
