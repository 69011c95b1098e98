package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The legacy ctx count is kept as a formula exactly when the script computes ceil(concurrency / N). */
class CtxFormulaTest {
    /**
     * One submission of a dep8 shape; {@code ctx} is the right-hand side of {@code ctx_num=}. The
     * node count follows the ctx count, so a wrong ctx count would fail the node check.
     */
    private static MigratedCase convert(String loopWords, String concurrency, String ctx) {
        String script = "cap=4096\n"
                + "for b in " + loopWords + "; do\n"
                + "  concurrency=" + concurrency + "\n"
                + "  ctx_num=" + ctx + "\n"
                + "  nodes=$((ctx_num + 2))\n"
                + "  sbatch --nodes=$nodes --ntasks=$((nodes * 4)) --ntasks-per-node=4 /w/disaggr_torch.slurm \\\n"
                + "    $ctx_num 4 4 4480 true 1 8 $b $b true 0.8 0 0 $concurrency\n"
                + "done\n";
        List<MigratedCase> cases = Migrator.migrate(script, MigrationSettings.NONE);
        assertThat(cases).hasSize(1);
        return cases.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(MigratedCase c, String name) {
        return (Map<String, Object>) c.document().getOrDefault(name, Map.of());
    }

    @ParameterizedTest(name = "{1} -> ceil(c/{2})")
    @CsvSource(delimiter = '|', value = {
            "1024 | $(((concurrency + 5499)/5500))              | 5500",
            "1024 | $(( (concurrency + 5500 - 1) / 5500 ))      | 5500",
            "1024 | $(( (5499 + concurrency) / 5500 ))          | 5500",
            "1024 | $(( (concurrency - 1) / 5500 + 1 ))         | 5500",
            "1024 | $(( 1 + (concurrency - 1) / 5500 ))         | 5500",
            "1024 | $(( ($concurrency + cap - 1) / cap ))       | 4096",
            "1024 | $(( (b * 8 + 5499) / 5500 ))               | 5500",
            "100  | $(( (concurrency + 99) / 100 ))             | 100",
    })
    void recognisesCeilingOfConcurrency(String batch, String ctx, long capacity) {
        MigratedCase c = convert(batch, "$((b * 8))", ctx);

        assertThat(section(c, "metadata")).containsEntry("use_legacy_ctx_calculation", true)
                .containsEntry("ctx_capacity", capacity);
        assertThat(section(c, "hardware")).doesNotContainKey("num_ctx_servers");
        assertThat(c.ctxCapacity()).hasValue((int) capacity);
        assertThat(c.ctxServers()).isEqualTo((int) ((Integer.parseInt(batch.trim()) * 8L + capacity - 1) / capacity));
    }

    @ParameterizedTest(name = "{1} is not ceil(c/N)")
    @CsvSource(delimiter = '|', value = {
            // floor, off by one at multiples of N, a constant, a count from something else
            "1024 | $(( concurrency / 5500 + 1 ))         | 2",
            "1024 | $(( (concurrency + 5500) / 5500 ))     | 2",
            "1024 | 2                                     | 2",
            "1024 | $(( (b + 5499) / 5500 ))              | 1",
            "1024 | $(( concurrency / 4096 ))             | 2",
    })
    void anythingElseIsAFixedCtxCount(String batch, String ctx, int expected) {
        MigratedCase c = convert(batch, "$((b * 8))", ctx);

        assertThat(section(c, "metadata")).doesNotContainKey("use_legacy_ctx_calculation").doesNotContainKey("ctx_capacity");
        assertThat(section(c, "hardware")).containsEntry("num_ctx_servers", expected);
        assertThat(c.ctxCapacity()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aLiteralConcurrencyProvesNothing() {
        // ctx equals ceil(8192 / 5500) by value, but nothing ties it to the concurrency any more
        MigratedCase c = convertLiteral();

        assertThat(section(c, "hardware")).containsEntry("num_ctx_servers", 2);
        assertThat(c.ctxCapacity()).isEmpty();
    }

    private static MigratedCase convertLiteral() {
        String script = "sbatch --nodes=4 --ntasks=16 --ntasks-per-node=4 /w/disaggr_torch.slurm"
                + " $(( (8192 + 5499) / 5500 )) 4 4 4480 true 1 8 1024 1024 true 0.8 0 0 8192\n";
        return Migrator.migrate(script, MigrationSettings.NONE).get(0);
    }

    @org.junit.jupiter.api.Test
    void aLoopOverConcurrencyItselfIsRecognised() {
        String script = "for concurrency in 4096 16384; do\n"
                + "  ctx=$(( (concurrency + 5499) / 5500 ))\n"
                + "  sbatch --nodes=$((ctx + 4)) --ntasks-per-node=4 /w/disaggr_torch.slurm \\\n"
                + "    $ctx 4 4 4480 true 1 16 1024 1024 true 0.7 0 0 $concurrency\n"
                + "done\n";

        List<MigratedCase> cases = Migrator.migrate(script, MigrationSettings.NONE);

        assertThat(cases).extracting(MigratedCase::ctxServers).containsExactly(1, 3);
        assertThat(cases).allSatisfy(c -> assertThat(c.ctxCapacity()).hasValue(5500));
    }
}
