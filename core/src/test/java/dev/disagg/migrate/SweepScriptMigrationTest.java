package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.Problem;
import dev.disagg.config.ValidationPolicy;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second legacy script, written the way people write them (parallel arrays walked by index,
 * {@code case $tp in 8) ...}, {@code if [ "$mtp" -gt 0 ]}, {@code [[ ]]}, {@code (( ))} with
 * {@code continue}, a helper function, two models): bash with a recording sbatch and the
 * migration must agree on every submission, and each case must plan to what was submitted.
 */
class SweepScriptMigrationTest {
    @TempDir
    Path scratch;

    private static Path script() throws Exception {
        return Path.of(SweepScriptMigrationTest.class.getResource("submit-sweep.sh").toURI());
    }

    @Test
    void theInterpreterSeesExactlyTheSbatchCallsBashMakes() throws Exception {
        List<List<String>> recorded = RecordingSbatch.run(script(), scratch);

        // 2 models x 5 columns, the tp32 column skipped for both (9 nodes > max_nodes)
        assertThat(recorded).hasSize(8);
        assertThat(Migrator.submissions(Files.readString(script()))).isEqualTo(recorded);
    }

    @Test
    void everyCaseCarriesItsModelAndPlansToWhatTheScriptSubmits() throws Exception {
        List<List<String>> recorded = RecordingSbatch.run(script(), scratch);
        List<MigratedCase> cases = Migrator.migrate(Files.readString(script()), MigrationSettings.NONE);
        List<Path> files = CaseWriter.write(scratch.resolve("cases"), cases);

        assertThat(files).hasSize(recorded.size());
        assertThat(cases).extracting(MigratedCase::name).doesNotHaveDuplicates()
                .allMatch(name -> name.startsWith("DeepSeek-R1-FP4-1024-1024_") || name.startsWith("DeepSeek-V3-Lite-1024-1024_"))
                .contains("DeepSeek-R1-FP4-1024-1024_dep8_concurrency4096_eplb0_mtp3",
                        "DeepSeek-V3-Lite-1024-1024_dep8_concurrency4096_eplb0_mtp3",
                        "DeepSeek-V3-Lite-1024-1024_tep16_concurrency256_eplb256_mtp0");
        for (int i = 0; i < files.size(); i++) {
            List<String> argv = recorded.get(i);
            Map<String, String> flags = new HashMap<>();
            int script = 0;
            while (argv.get(script).startsWith("--")) {
                String[] kv = argv.get(script).substring(2).split("=", 2);
                flags.put(kv[0], kv[1]);
                script++;
            }
            List<String> positionals = argv.subList(script + 1, argv.size());
            int mtp = Integer.parseInt(positionals.get(12));
            int batch = Integer.parseInt(positionals.get(7));
            int maxTokens = Integer.parseInt(positionals.get(8));
            String which = files.get(i).getFileName().toString();

            LoadResult strict = new CaseConfigLoader(ValidationPolicy.STRICT).load(files.get(i));
            boolean breaksMtpRule = mtp > 0 && maxTokens < batch * (mtp + 1);
            assertThat(strict.errors()).as(which).extracting(Problem::format)
                    .hasSize(breaksMtpRule ? 1 : 0).allMatch(p -> p.contains("[mtp-max-num-tokens]"));
            assertThat(cases.get(i).warnings()).as(which).hasSize(breaksMtpRule ? 1 : 0);
            CaseConfig config = new CaseConfigLoader(new ValidationPolicy(Set.of("mtp-max-num-tokens")))
                    .load(files.get(i)).config().orElseThrow();
            Plan plan = Planner.plan(config, PlanOptions.defaults(scratch.resolve("workspace")));

            assertThat(config.metadata().modelName()).as(which).contains(flags.get("job-name").replaceAll("^disagg-|-1024-1024$", ""));
            assertThat(plan.ctxCountSource()).as(which).isEqualTo(Plan.CtxCountSource.LEGACY);
            assertThat(config.metadata().ctxCapacity()).as(which).isEqualTo(which.contains("R1") ? 5500 : 2048);
            assertThat(plan.ctx().servers()).as(which).isEqualTo(Integer.parseInt(positionals.get(0)));
            assertThat(plan.gen().tensorParallel()).as(which).isEqualTo(Integer.parseInt(positionals.get(6)));
            assertThat(config.gen().maxBatchSize()).as(which).contains(batch);
            assertThat(config.gen().maxNumTokens()).as(which).contains(maxTokens);
            assertThat(config.gen().attentionDp()).as(which).isEqualTo(Boolean.parseBoolean(positionals.get(9)));
            assertThat(config.gen().eplbSlots()).as(which).isEqualTo(Integer.parseInt(positionals.get(11)));
            assertThat(config.gen().mtpLayers()).as(which).isEqualTo(mtp);
            assertThat(plan.concurrency()).as(which).containsExactly(Integer.parseInt(positionals.get(13)));
            assertThat(plan.totalNodes()).as(which).isEqualTo(Integer.parseInt(flags.get("nodes")));
            assertThat(plan.totalTasks()).as(which).isEqualTo(Integer.parseInt(flags.get("ntasks")));
            for (String flag : List.of("nodes", "ntasks", "ntasks-per-node", "partition", "account", "job-name", "segment")) {
                assertThat(plan.sbatch()).as(which).contains("--" + flag + "=" + flags.get(flag));
            }
        }
        assertThat(Summary.render(cases)).contains("gen max_num_tokens 1024 is below max_batch_size x (mtp + 1) = 2048;")
                .contains("[DeepSeek-R1-FP4-1024-1024_dep8_concurrency4096_eplb0_mtp3, DeepSeek-V3-Lite-1024-1024_dep8_concurrency4096_eplb0_mtp3]");
    }
}
