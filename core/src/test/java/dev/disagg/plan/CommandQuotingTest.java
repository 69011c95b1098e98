package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseTexts;
import dev.disagg.shell.BashRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered role commands run through a real bash, and every value arrives as written. */
class CommandQuotingTest {
    @TempDir
    Path dir;

    /** A value that would run a command, split into words or end a quote if it were not quoted. */
    private static final String NASTY = "$(touch pwned) `touch pwned2` \"dq\" 'sq' two  spaces ; && | * $HOME \\ end";

    private static ClusterProfile profile(String launcher, String testCommand) {
        // a one-word launcher or none
        return new ClusterProfile("test", Optional.empty(), false, false, false, List.of(), Optional.empty(),
                Optional.empty(), launcher.isEmpty() ? List.of() : List.of(launcher), testCommand, 60, 10, Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), Map.of(), false);
    }

    private Plan plan(CaseConfig config, ClusterProfile profile, Path workspace, Optional<String> caseName) {
        return Planner.plan(config, new PlanOptions(workspace, profile, caseName, false, "disagg", Optional.empty()));
    }

    @Test
    void envValuesWithCommandSubstitutionQuotesAndSpacesArriveLiterally() throws Exception {
        // YAML single quotes: '' is one quote; everything else is as written
        String yamlValue = "'" + NASTY.replace("'", "''") + "'";
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var:\n    NASTY: " + yamlValue + "\n  server_env_var:\n    NASTY: " + yamlValue
                        + "\n  benchmark_env_var:\n    NASTY: " + yamlValue);
        CaseConfig config = CaseTexts.load(dir, "quoting.yaml", text);
        Plan plan = plan(config, profile("env", "sh -c 'printenv NASTY; echo \"UCX=${UCX_TLS:-unset}\"'"), dir, Optional.empty());

        // Upstream's generator unsets UCX_TLS for every role when the GPU type has no UCX setup of its own.
        for (String command : List.of(plan.commands().ctxWorker(), plan.commands().genWorker(),
                plan.commands().disaggServer(), plan.commands().benchmark())) {
            String out = BashRunner.run(dir, Map.of("UCX_TLS", "rc,sm"), command);
            assertThat(out).as(command).isEqualTo(NASTY + "\nUCX=unset\n");
        }
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(dir.resolve("pwned2")).doesNotExist();
    }

    @Test
    void valuesSubstitutedIntoTheTestCommandAreNeverReadAsPlaceholders() throws Exception {
        // A workspace whose name holds placeholders, and a case name that would run a command.
        Path workspace = Files.createDirectories(dir.resolve("ws {caseName} {self} {trtllmRepo}"));
        String caseName = "x$(touch pwned)";
        String repo = "/opt/repo {caseDir} it's";
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"", "  worker_env_var: \"A=1\"\n  trtllm_repo: \"" + repo + "\"");
        CaseConfig config = CaseTexts.load(dir, "c.yaml", text);
        Plan plan = plan(config, profile("", "printf '%s\\n' {caseDir} {caseName} {trtllmRepo} {self}"), workspace,
                Optional.of(caseName));

        String out = BashRunner.run(dir, Map.of(), plan.commands().benchmark());
        assertThat(out.split("\n")).containsExactly(plan.caseDir().toString(), caseName, repo, "disagg");
        assertThat(plan.caseDir().getFileName().toString()).isEqualTo(caseName);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void theWheelInstallCommandQuotesThePath() throws Exception {
        String text = CaseTexts.minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var: \"A=1\"\n  trtllm_wheel_path: \"/wheels/my wheel $(x).whl\"");
        Plan plan = plan(CaseTexts.load(dir, "w.yaml", text), profile("", "true"), dir, Optional.empty());
        String install = plan.installCommand().orElseThrow();
        assertThat(install).startsWith("pip install --no-deps ");
        String printed = BashRunner.run(dir, Map.of(), install.replaceFirst("^pip install --no-deps ", "printf '%s' "));
        assertThat(printed).isEqualTo("/wheels/my wheel $(x).whl");
    }
}
