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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: the fixture script, run by bash with a recording sbatch, and
 * the migration's cases, loaded, validated and planned by the real core, must agree on every
 * number the script submits.
 */
class LegacyFixtureMigrationTest {
    private static final Path SCRIPT = Path.of(System.getProperty("disagg.fixtures"), "legacy", "submit.sh");

    @TempDir
    Path scratch;

    /** One recorded sbatch call, read independently of the migration's own option parsing. */
    private record Recorded(Map<String, String> flags, List<String> positionals) {
        static Recorded of(List<String> argv) {
            Map<String, String> flags = new HashMap<>();
            int i = 0;
            while (argv.get(i).startsWith("--")) {
                String[] kv = argv.get(i).substring(2).split("=", 2);
                flags.put(kv[0], kv[1]);
                i++;
            }
            assertThat(argv.get(i)).endsWith("/disaggr_torch.slurm");
            return new Recorded(flags, argv.subList(i + 1, argv.size()));
        }

        int flag(String name) {
            return Integer.parseInt(flags.get(name));
        }

        int arg(int position) {
            return Integer.parseInt(positionals.get(position - 1));
        }
    }

    @Test
    void theInterpreterSeesExactlyTheSbatchCallsBashMakes() throws Exception {
        List<List<String>> recorded = RecordingSbatch.run(SCRIPT, scratch);

        assertThat(recorded).hasSize(7);
        assertThat(Migrator.submissions(Files.readString(SCRIPT))).isEqualTo(recorded);
    }

    @Test
    void everyCaseValidatesAndPlansToWhatTheScriptSubmits() throws Exception {
        List<Recorded> recorded = RecordingSbatch.run(SCRIPT, scratch).stream().map(Recorded::of).toList();
        List<MigratedCase> cases = Migrator.migrate(Files.readString(SCRIPT), MigrationSettings.NONE);
        List<Path> files = CaseWriter.write(scratch.resolve("cases"), cases);

        assertThat(files).hasSize(7);
        assertThat(cases).extracting(MigratedCase::name).doesNotHaveDuplicates();
        for (int i = 0; i < files.size(); i++) {
            Recorded submitted = recorded.get(i);
            LoadResult loaded = new CaseConfigLoader().load(files.get(i));
            // the script's gen max_num_tokens is kept; where it is below batch x (mtp + 1) the case says which rule it breaks
            boolean breaksMtpRule = submitted.arg(13) > 0 && submitted.arg(9) < submitted.arg(8) * (submitted.arg(13) + 1);
            assertThat(loaded.errors()).as("problems of %s", files.get(i)).isEmpty();
            // a QA-harness rule: a warning by default (docs/config.md), so the case still validates
            assertThat(loaded.warnings()).as("warnings of %s", files.get(i)).extracting(Problem::format)
                    .hasSize(breaksMtpRule ? 1 : 0).allMatch(p -> p.contains("[mtp-max-num-tokens]"));
            assertThat(cases.get(i).warnings()).as(files.get(i).toString()).hasSize(breaksMtpRule ? 1 : 0);
            CaseConfig config = new CaseConfigLoader(new ValidationPolicy(Set.of("mtp-max-num-tokens")))
                    .load(files.get(i)).config().orElseThrow();
            Plan plan = Planner.plan(config, PlanOptions.defaults(scratch.resolve("workspace")));
            String which = files.get(i).getFileName().toString();

            // the 14 positional arguments
            assertThat(plan.ctx().servers()).as(which).isEqualTo(submitted.arg(1));
            assertThat(plan.ctxCountSource()).as(which).isEqualTo(Plan.CtxCountSource.LEGACY);
            assertThat(config.metadata().ctxCapacity()).as(which).isEqualTo(5500);
            assertThat(plan.ctx().tensorParallel()).as(which).isEqualTo(submitted.arg(2));
            assertThat(config.ctx().maxBatchSize()).as(which).contains(submitted.arg(3));
            assertThat(config.ctx().maxNumTokens()).as(which).contains(submitted.arg(4));
            assertThat(config.ctx().attentionDp()).as(which).isEqualTo(Boolean.parseBoolean(submitted.positionals().get(4)));
            assertThat(plan.gen().servers()).as(which).isEqualTo(submitted.arg(6));
            assertThat(plan.gen().tensorParallel()).as(which).isEqualTo(submitted.arg(7));
            assertThat(config.gen().maxBatchSize()).as(which).contains(submitted.arg(8));
            assertThat(config.gen().maxNumTokens()).as(which).contains(submitted.arg(9));
            assertThat(config.gen().attentionDp()).as(which).isEqualTo(Boolean.parseBoolean(submitted.positionals().get(9)));
            @SuppressWarnings("unchecked")
            Map<String, Object> kvCache = (Map<String, Object>) config.gen().raw().get("kv_cache_config");
            assertThat(kvCache.get("free_gpu_memory_fraction")).as(which)
                    .isEqualTo(Double.parseDouble(submitted.positionals().get(10)));
            assertThat(config.gen().eplbSlots()).as(which).isEqualTo(submitted.arg(12));
            assertThat(config.gen().mtpLayers()).as(which).isEqualTo(submitted.arg(13));
            assertThat(plan.concurrency()).as(which).containsExactly(submitted.arg(14));

            // the sbatch options
            assertThat(plan.totalNodes()).as(which).isEqualTo(submitted.flag("nodes"));
            assertThat(plan.totalTasks()).as(which).isEqualTo(submitted.flag("ntasks"));
            assertThat(plan.gpusPerNode()).as(which).isEqualTo(submitted.flag("ntasks-per-node"));
            for (String flag : List.of("nodes", "ntasks", "ntasks-per-node", "partition", "account", "job-name", "gres", "segment")) {
                assertThat(plan.sbatch()).as(which).contains("--" + flag + "=" + submitted.flags().get(flag));
            }
            assertThat(submitted.flags().keySet()).as("the fixture uses only options this test compares")
                    .containsExactlyInAnyOrder("nodes", "ntasks", "ntasks-per-node", "partition", "account", "job-name",
                            "gres", "segment");

            // named in the legacy scheme
            assertThat(which).isEqualTo("dep" + submitted.arg(7) + "_concurrency" + submitted.arg(14)
                    + "_eplb" + submitted.arg(12) + "_mtp" + submitted.arg(13) + ".yaml");
        }
        assertThat(recorded.stream().map(r -> r.arg(7) + "/" + r.arg(8) + "/" + r.arg(13)).collect(Collectors.toList()))
                .as("the README's 7 submissions")
                .containsExactly("8/256/0", "8/256/1", "8/1024/0", "8/1024/1", "16/64/1", "16/128/1", "32/32/0");
    }
}
