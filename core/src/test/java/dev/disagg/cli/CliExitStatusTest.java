package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseTexts;
import dev.disagg.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User mistakes end with status 2 and one message that says what to do; never a stack trace. */
class CliExitStatusTest {
    @TempDir
    Path dir;

    private Path minimal() {
        return CaseTexts.write(dir, "ok.yaml", CaseTexts.MINIMAL);
    }

    private static CliRun assertUsageError(CliRun run, String... fragments) {
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.all()).contains(fragments);
        assertThat(run.showsStackTrace()).as(run.all()).isFalse();
        return run;
    }

    @Test
    void noCommandAtAll() {
        assertUsageError(CliRun.run(), "Missing command");
    }

    @Test
    void planWithoutAConfigPlansTheEmbeddedExample() {
        CliRun run = CliRun.run("plan", "--json", "--cluster", "local", "--workspace", dir.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("\"caseName\" : \"local-smoke\"", "trtllm-llmapi-launch pytest",
                "disagg-e2e-local-smoke", "emulator");
    }

    @Test
    void coverageIsAskedForPerRun() {
        CliRun with = CliRun.run("plan", "--coverage", "--cluster", "local", "--workspace", dir.toString());
        assertThat(with.status()).as(with.all()).isZero();
        assertThat(with.out()).contains("--cov-config=", "  coverage:      ", ".coverage.local-smoke");
        CliRun without = CliRun.run("plan", "--cluster", "local", "--workspace", dir.toString());
        assertThat(without.status()).as(without.all()).isZero();
        assertThat(without.out()).doesNotContain("--cov", "coverage:");
    }

    @Test
    void aConfigThatDoesNotExist() {
        Path missing = dir.resolve("missing.yaml");
        assertUsageError(CliRun.run("plan", "--config", missing.toString(), "--workspace", dir.toString()),
                missing + ": no such file", "nothing was submitted");
    }

    @Test
    void aConfigThatIsADirectory() {
        assertUsageError(CliRun.run("render", "--config", dir.toString(), "--workspace", dir.toString()),
                "is a directory, expected a case file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"validate", "plan"})
    void anUnknownWarnRuleNamesTheRulesThereAre(String command) {
        String[] args = command.equals("validate")
                ? new String[] {"validate", "--warn", "bogus", minimal().toString()}
                : new String[] {"plan", "--warn", "bogus", "--config", minimal().toString(), "--workspace", dir.toString()};
        assertUsageError(CliRun.run(args), "--warn: unknown rule 'bogus'", "mtp-max-num-tokens", "concurrency-batch");
    }

    @Test
    void anUnknownClusterProfile() {
        assertUsageError(CliRun.run("plan", "--cluster", "nosuch", "--config", minimal().toString(), "--workspace", dir.toString()),
                "cluster profile 'nosuch' is neither a built-in profile (default, local) nor a readable file");
    }

    @Test
    void anUnsafeCaseNameCreatesNothing() {
        Path workspace = dir.resolve("ws");
        assertUsageError(CliRun.run("render", "--case-name", "../escape", "--config", minimal().toString(),
                "--workspace", workspace.toString()), "contains a path separator");
        assertThat(workspace).doesNotExist();
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void packingThatCannotFit() {
        Path file = CaseTexts.write(dir, "three.yaml", CaseTexts.minimalWith("    tensor_parallel_size: 4", "    tensor_parallel_size: 3"));
        assertUsageError(CliRun.run("plan", "--pack", "--config", file.toString(), "--workspace", dir.toString()),
                "cannot pack ctx servers: world size 3 does not divide gpus_per_node 4");
    }

    @Test
    void sizesTooLargeToCount() {
        Path file = CaseTexts.write(dir, "huge.yaml", CaseTexts.minimalWith("    tensor_parallel_size: 4",
                "    tensor_parallel_size: 100000\n    pipeline_parallel_size: 100000"));
        assertUsageError(CliRun.run("plan", "--config", file.toString(), "--workspace", dir.toString()),
                "which no cluster has");
    }

    @Test
    void aTimeoutThatIsNotANumber() {
        assertUsageError(CliRun.run("plan", "--timeout-minutes", "soon", "--config", minimal().toString()), "'soon' is not an int");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "-100", "525601", "2147483647"})
    void aTimeoutOutOfRangeNeverBecomesAnEndlessOrWrappedJob(String minutes) {
        assertUsageError(CliRun.run("plan", "--timeout-minutes", minutes, "--config", minimal().toString(), "--workspace", dir.toString()),
                "--timeout-minutes: expected a whole number of minutes from 1 to 525600 (a year), got " + minutes);
    }

    @Test
    void aWorkspaceThatCannotHoldTheCaseDirectory() throws Exception {
        Path workspace = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(workspace.resolve("disagg_logs"), "a file where the logs directory goes");
        assertUsageError(CliRun.run("render", "--config", minimal().toString(), "--workspace", workspace.toString()),
                "cannot create the case directory", workspace.resolve("disagg_logs") + " is in the way (not a directory)");
        assertThat(workspace.resolve("disagg_logs")).hasContent("a file where the logs directory goes");
    }

    @Test
    void validateAPathThatDoesNotExist() {
        assertUsageError(CliRun.run("validate", dir.resolve("nope").toString()), "no such file or directory");
    }

    @Test
    void validateADirectoryWithoutCaseFiles() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a case");
        assertUsageError(CliRun.run("validate", dir.toString()), "no case files (*.yaml, *.yml) found");
    }

    @Test
    void validateADirectoryReportsEveryFileAndFailsIfAnyIsInvalid() throws Exception {
        Path cases = Files.createDirectories(dir.resolve("cases/nested"));
        CaseTexts.write(cases.getParent(), "a.yaml", CaseTexts.MINIMAL);
        CaseTexts.write(cases, "b.yml", CaseTexts.MINIMAL);
        CaseTexts.write(cases, "c.yaml", CaseTexts.minimalWith("  gpus_per_node: 4", "  gpus_per_node: 0"));
        Files.writeString(cases.resolve("readme.md"), "ignored");

        CliRun run = assertUsageError(CliRun.run("validate", "--recursive", dir.resolve("cases").toString()),
                "3 file(s), 2 valid, 1 invalid");
        assertThat(run.out()).contains("ok       " + cases.getParent().resolve("a.yaml"), "INVALID  " + cases.resolve("c.yaml"));

        CliRun quiet = CliRun.run("validate", "-q", "--recursive", dir.resolve("cases").toString());
        assertThat(quiet.out()).doesNotContain("ok ").contains("INVALID", "3 file(s), 2 valid, 1 invalid");
    }

    @Test
    void validFilesExitZero() {
        CliRun run = CliRun.run("validate", minimal().toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());
        CliRun fixtures = CliRun.run("validate", CaseTexts.fixtures().toString());
        assertThat(fixtures.status()).as(fixtures.all()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(fixtures.out()).contains("7 file(s), 7 valid, 0 invalid");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(CliRun.run("--version").status()).isEqualTo(Verdict.PASS.exitCode());
        CliRun help = CliRun.run("plan", "--help");
        assertThat(help.status()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(help.out()).contains("--json", "--pack", "--warn");
    }
}
