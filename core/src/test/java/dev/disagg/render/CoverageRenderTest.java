package dev.disagg.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseTexts;
import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.ClusterProfiles;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The case's coverage config as rendered, and the BENCHMARK command that fills and uses it, run by real bash. */
class CoverageRenderTest {
    @TempDir
    Path dir;

    /** Plans and renders a case whose checkout path has a space (the commands must quote it). */
    private Plan rendered(String stem, boolean coverage) throws Exception {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "environment:", "environment:\n  trtllm_repo: /opt/trt llm");
        CaseConfig config = CaseTexts.load(dir, stem + ".yaml", text);
        var profile = coverage ? ClusterProfiles.DEFAULT.withCoverage() : ClusterProfiles.DEFAULT;
        Plan plan = Planner.plan(config, new PlanOptions(dir.resolve("ws"), profile, Optional.empty(), false, "disagg", Optional.empty()));
        CaseRenderer.render(config, plan);
        return plan;
    }

    @Test
    void theCaseDirectoryHoldsItsOwnCoverageConfigOnlyWhenCoverageIsOn() throws Exception {
        Plan on = rendered("cov", true);
        Path config = on.caseDir().resolve(CaseLayout.COVERAGE_CONFIG);
        assertThat(config).hasContent("""
                [run]
                branch = True
                data_file = %s/.coverage.%s
                [paths]
                source =
                    /opt/trt llm/tensorrt_llm/
                    ---wheel_path---/tensorrt_llm/
                """.formatted(on.caseDir(), on.caseName()));

        Plan off = rendered("nocov", false);
        assertThat(off.caseDir().resolve(CaseLayout.COVERAGE_CONFIG)).doesNotExist();
        assertThat(off.commands().benchmark()).doesNotContain("--cov");
    }

    @Test
    void theBenchmarkStepFillsTheWheelPathAndPassesUpstreamsCoverageOptions() throws Exception {
        Plan plan = rendered("run", true);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path args = dir.resolve("pytest-args");
        script(bin.resolve("pip3"), "printf 'Name: tensorrt_llm\\nLocation: /usr/lib/py site\\n'");
        script(bin.resolve("pytest"), "printf '%s\\n' \"$@\" > " + dev.disagg.shell.Shell.quote(args.toString()));

        ProcessBuilder builder = new ProcessBuilder("bash", "-c", plan.commands().benchmark())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process bash = builder.start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(Files.readString(dir.resolve("out"))).isZero();
        assertThat(Files.readString(plan.layout().coverageConfig())).contains("    /usr/lib/py site/tensorrt_llm/\n")
                .doesNotContain(CaseLayout.WHEEL_PATH_PLACEHOLDER);
        assertThat(Files.readAllLines(args, StandardCharsets.UTF_8)).containsSubsequence(
                "--cov=/opt/trt llm/examples/", "--cov=/opt/trt llm/tensorrt_llm/", "--cov=/usr/lib/py site/tensorrt_llm/",
                "--cov-report=", "--cov-config=" + plan.layout().coverageConfig());
    }

    private void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        file.toFile().setExecutable(true);
    }
}
