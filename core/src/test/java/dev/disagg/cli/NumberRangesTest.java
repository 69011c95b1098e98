package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseTexts;
import dev.disagg.report.Scenarios;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A number that would wrap around or cannot be measured is refused, never rendered or passed silently wrong. */
class NumberRangesTest {
    @TempDir
    Path dir;

    @Test
    void aCaseTimeoutThatWouldWrapAroundIsRefused() {
        // 71582789 minutes x 60 is 44 seconds in 32 bits
        Path file = CaseTexts.write(dir, "t.yaml", CaseTexts.MINIMAL);

        CliRun run = CliRun.run("render", "--config", file.toString(), "--workspace", dir.toString(),
                "--timeout-minutes", "71582789");

        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.err()).contains("expected a whole number of minutes from 1 to 525600 (a year)");
        assertThat(dir.resolve("disagg_logs")).doesNotExist();
    }

    @Test
    void slurmTimeoutIsTheRolesSecondsAndNeverBecomesTheCaseTimeout() throws IOException {
        // upstream's slurm.timeout is every role's wait bound in seconds; the case timeout stays the profile's
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "  partition: batch", "  partition: batch\n  timeout: 71582789");
        Path file = CaseTexts.write(dir, "t.yaml", text);

        CliRun run = CliRun.run("render", "--config", file.toString(), "--workspace", dir.toString());

        assertThat(run.status()).as(run.all()).isZero();
        assertThat(Files.readString(dir.resolve("disagg_logs/t/job.sh"))).contains("CASE_TIMEOUT_SECONDS=14400");
    }

    @Test
    void theLongestTimeoutRendersInSixtyFourBits() throws IOException {
        Path file = CaseTexts.write(dir, "t.yaml", CaseTexts.MINIMAL);

        CliRun run = CliRun.run("render", "--config", file.toString(), "--workspace", dir.toString(), "--timeout-minutes", "525600");

        assertThat(run.status()).as(run.all()).isZero();
        String script = Files.readString(dir.resolve("disagg_logs/t/job.sh"));
        assertThat(script).contains("CASE_TIMEOUT_SECONDS=31536000");
        assertThat(Files.readString(dir.resolve("disagg_logs/t/plan.json"))).contains("--time=8760:05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-98.75", "-1e308", "-0.5"})
    void aNegativeMetricMakesTheBenchmarkInvalidAndIsNeverRecorded(String value) throws IOException {
        dev.disagg.report.CaseDirFixture fixture = Scenarios.passing(dir);
        Path caseDir = fixture.dir();
        Path log = fixture.testOutputDir().resolve("trtllm-benchmark.0.0.log");
        String text = Files.readString(log);
        String changed = text.replaceFirst("(Median TTFT \\(ms\\):\\s+)[0-9.]+", "$1" + java.util.regex.Matcher.quoteReplacement(value));
        assertThat(changed).isNotEqualTo(text);
        Files.writeString(log, changed);

        CliRun check = CliRun.run(Map.of(), "check", "--case-dir", caseDir.toString(), "--baseline", Scenarios.baseline(dir).toString());
        CliRun update = CliRun.run("baseline", "update", "--case-dir", caseDir.toString(), "--output", dir.resolve("b.yaml").toString());

        assertThat(check.status()).as(check.all()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(check.out()).contains("BENCHMARK_INVALID", "'Median TTFT (ms)' is " + value + "; a negative value cannot be measured");
        assertThat(update.status()).as(update.all()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(dir.resolve("b.yaml")).doesNotExist();
    }
}
