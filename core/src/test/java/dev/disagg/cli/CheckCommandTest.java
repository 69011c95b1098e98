package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.report.Scenarios;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path tmp;

    private String[] args(Path dir, Path baseline, String... more) {
        String[] base = {"check", "--case-dir", dir.toString(), "--baseline", baseline.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aRegressionExitsThreeAndPrintsTheSummary() {
        Path dir = Scenarios.regressed(tmp).dir();

        CliRun r = CliRun.run(Map.of(), args(dir, Scenarios.baseline(tmp)));

        assertThat(r.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
        assertThat(r.out()).startsWith("## " + Scenarios.CASE + ": PERF_REGRESSION (exit 3)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void skipPerfCheckFromTheEnvironmentOrTheOptionAndTheOptionWins() {
        Path dir = Scenarios.regressed(tmp).dir();
        Path baseline = Scenarios.baseline(tmp);

        CliRun env = CliRun.run(Map.of("SKIP_PERF_CHECK", "true"), args(dir, baseline));
        CliRun flag = CliRun.run(Map.of(), args(dir, baseline, "--skip-perf-check"));
        CliRun explicitFalse = CliRun.run(Map.of("SKIP_PERF_CHECK", "true"), args(dir, baseline, "--skip-perf-check=false"));
        CliRun envFalse = CliRun.run(Map.of("SKIP_PERF_CHECK", "FALSE"), args(dir, baseline));

        assertThat(env.exitCode()).isZero();
        assertThat(env.out()).contains("- Perf check: skipped (SKIP_PERF_CHECK=true from the environment)");
        assertThat(flag.exitCode()).isZero();
        assertThat(flag.out()).contains("- Perf check: skipped (--skip-perf-check=true (explicit option))");
        assertThat(explicitFalse.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
        assertThat(envFalse.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
    }

    @Test
    void userMistakesExitTwoWithOneLineAndNoStackTrace() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "perf_case_name,perf_metric,threshold,absolute_threshold,metric_type\nx_con:1,1,-0.05,zero,TOKEN_THROUGHPUT\n");

        CliRun badEnv = CliRun.run(Map.of("SKIP_PERF_CHECK", "yes"), args(dir, Scenarios.baseline(tmp)));
        CliRun badBaseline = CliRun.run(Map.of(), args(dir, bad));
        CliRun badOption = CliRun.run(Map.of(), args(dir, bad, "--skip-perf-check=maybe"));
        CliRun noDir = CliRun.run(Map.of(), "check", "--case-dir", tmp.resolve("missing").toString());

        assertThat(badEnv.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(badEnv.err()).isEqualTo("disagg: SKIP_PERF_CHECK must be true or false (any case), got 'yes'; unset it or pass"
                + " --skip-perf-check=true|false\n");
        assertThat(badBaseline.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(badBaseline.err()).isEqualTo("disagg: " + bad + ":2: column absolute_threshold must be a number, got 'zero'\n");
        assertThat(badOption.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(noDir.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(noDir.err()).contains("missing: not a directory").doesNotContain("Exception");
    }

    @Test
    void aFailedTestExitsOne() {
        CliRun r = CliRun.run(Map.of(), args(Scenarios.invalid(tmp).dir(), Scenarios.baseline(tmp)));

        assertThat(r.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(r.out()).contains("**FAILED** BENCHMARK_INVALID: concurrency 16: 3 failed requests").doesNotContain("Exception");
    }
}
