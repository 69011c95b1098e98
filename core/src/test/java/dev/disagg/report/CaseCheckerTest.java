package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.PerfCheckStatus;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.results.Csv;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseCheckerTest {
    @TempDir
    Path tmp;

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @Test
    void genOnlyNeedsTheGenWorkersDeviceStepTimeInEachClientLogAsUpstreamDoes() throws IOException {
        CaseDirFixture fixture = CaseDirFixture.create(tmp, "gen-only").jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 5900));
        fixture.file("plan.json", "{\"caseName\": \"gen-only\", \"mode\": \"gen_only\", \"concurrency\": [4, 16],"
                + " \"layout\": {\"testOutputDir\": \"" + fixture.testOutputDir() + "\"}}\n");

        CaseOutcome without = CaseChecker.check(fixture.dir(), Scenarios.options(null, Map.of()));
        assertThat(without.failureMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("BENCHMARK_INVALID: ")
                .contains("no 'Average Per Iter Device Step Time (ms):' in disagg-e2e-gen-only/trtllm-benchmark.0.0.log"));

        Path log = fixture.testOutputDir().resolve("trtllm-benchmark.0.0.log");
        Files.writeString(log, Files.readString(log) + "Average Per Iter Device Step Time (ms): 6.94\n");
        CaseOutcome with = CaseChecker.check(fixture.dir(), Scenarios.options(null, Map.of()));
        // only the first concurrency runs in gen_only: 16 is not missing
        assertThat(with.exitCode()).as(with.summary()).isZero();
    }

    @Test
    void anUnregressedRunPasses() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(Scenarios.baseline(tmp), Map.of()));

        assertThat(o.verdict()).isEqualTo(Verdict.PASS);
        assertThat(o.exitCode()).isZero();
        assertThat(o.perfCheck().status()).isEqualTo(PerfCheckStatus.PASSED);
        assertThat(o.jobId()).hasValue("4242");
        assertThat(read(dir.resolve("summary.md"))).startsWith("## " + Scenarios.CASE + ": PASS (exit 0)")
                .contains("- Perf check: passed (4 metrics within tolerance)");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("verdict").asText()).isEqualTo("PASS");
        assertThat(json.get("exitCode").asInt()).isZero();
        assertThat(json.get("testExitCode").asInt()).isZero();
        assertThat(json.get("perfCheck").get("status").asText()).isEqualTo("PASSED");
        assertThat(json.get("metrics").get("16").get("output_throughput").asDouble()).isEqualTo(1990.0);
        assertThat(json.get("caseDir").asText()).isEqualTo(dir.toString());
        assertThat(json.get("failure").isNull()).isTrue();
        assertThat(json.get("message").asText()).isEqualTo("passed; perf check passed");
    }

    @Test
    void aRegressedRunFailsTheCheckAndTheSameRunWithSkipPerfCheckPassesAsSkipped() throws IOException {
        Path dir = Scenarios.regressed(tmp).dir();
        Path baseline = Scenarios.baseline(tmp);

        CaseOutcome regressed = CaseChecker.check(dir, Scenarios.options(baseline, Map.of()));

        assertThat(regressed.verdict()).isEqualTo(Verdict.PERF_REGRESSION);
        assertThat(regressed.exitCode()).isEqualTo(3);
        assertThat(regressed.testExitCode()).isZero();
        assertThat(regressed.perfCheck().regressions()).singleElement()
                .satisfies(c -> assertThat(c.concurrency()).isEqualTo(16));
        assertThat(read(dir.resolve("summary.md"))).contains("PERF_REGRESSION (exit 3)").contains("**REGRESSED** (1 of 4 metrics")
                .contains("- Regression: output_throughput at concurrency 16: measured 1500 tok/s, baseline 2000 (-25.0%), allowed >= 1900 (-5%)");
        assertThat(new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("message").asText())
                .isEqualTo("PERF_REGRESSION: 1 metric(s) beyond tolerance; first: output_throughput at concurrency 16:"
                        + " measured 1500 tok/s, baseline 2000 (-25.0%), allowed >= 1900 (-5%) -> REGRESSION");

        CaseOutcome skipped = CaseChecker.check(dir, Scenarios.options(baseline, Map.of("SKIP_PERF_CHECK", "true")));

        assertThat(skipped.verdict()).isEqualTo(Verdict.PASS);
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.perfCheck().status()).isEqualTo(PerfCheckStatus.SKIPPED);
        assertThat(read(dir.resolve("summary.md"))).contains("- Perf check: skipped (SKIP_PERF_CHECK=true from the environment)");
        assertThat(read(dir.resolve("results.xml"))).contains("<skipped message=\"perf check skipped: SKIP_PERF_CHECK=true from the environment\"");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("perfCheck").get("status").asText()).isEqualTo("SKIPPED");
        assertThat(json.get("perfCheck").get("skipped").asBoolean()).isTrue();
        assertThat(json.get("message").asText()).isEqualTo("passed; perf check skipped (SKIP_PERF_CHECK=true from the environment)");
    }

    @Test
    void theExplicitOptionWinsOverTheEnvironment() {
        Path dir = Scenarios.regressed(tmp).dir();
        CheckOptions explicitNo = new CheckOptions(Optional.of(Scenarios.baseline(tmp)), Optional.empty(), Optional.of(false),
                Optional.of("true"), dev.disagg.perf.MissingBaselinePolicy.WARN);

        assertThat(CaseChecker.check(dir, explicitNo).exitCode()).isEqualTo(3);
    }

    @Test
    void aBaselineThatMustExistButDoesNotIsARegressionThatSaysSo() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();
        CheckOptions mustHaveBaseline = new CheckOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), dev.disagg.perf.MissingBaselinePolicy.FAIL);

        CaseOutcome o = CaseChecker.check(dir, mustHaveBaseline);

        assertThat(o.verdict()).isEqualTo(Verdict.PERF_REGRESSION);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("message").asText()).startsWith("MISSING_BASELINE: 8 metric(s) (--missing-baseline fail): ")
                .contains("output_throughput at concurrency 4, 16", "median_e2el at concurrency 4, 16");
        assertThat(json.get("perfCheck").get("missingBaselinePolicy").asText()).isEqualTo("fail");
        assertThat(json.get("perfCheck").get("missingBaseline")).hasSize(8);
        assertThat(json.get("perfCheck").get("compared")).isEmpty();
        assertThat(read(dir.resolve("summary.md"))).contains("  - Compared with the baseline: no metric\n",
                "  - No baseline, failing the perf check: 8 metric(s) (--missing-baseline fail): ");
        assertThat(read(dir.resolve("results.xml"))).contains("type=\"MissingBaseline\"", "<property name=\"missingBaseline\" value=\"fail\"/>");
        assertThat(read(dir.resolve("report.html"))).contains("<li><b>No baseline, failing the perf check:</b> 8 metric(s)");
    }

    @Test
    void theReportsSayWhichMetricsWereComparedAndWhichHadNoBaseline() throws IOException {
        // the baseline gates output_throughput and median_e2el at concurrency 4 and 16; this run also measured 64
        Path dir = CaseDirFixture.create(tmp, Scenarios.CASE).plan(4, 16, 64).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 5900), Measured.ok(16, 1990, 8100), Measured.ok(64, 3000, 9000)).dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(Scenarios.baseline(tmp), Map.of()));

        assertThat(o.exitCode()).as("warn (the CLI's default) passes").isZero();
        String compared = "Compared with the baseline: 4 metric(s): output_throughput at concurrency 4, 16; median_e2el at concurrency 4, 16";
        assertThat(read(dir.resolve("summary.md"))).contains("  - " + compared + "\n",
                "  - **Warning**: no baseline: 4 metric(s) (--missing-baseline warn): output_throughput at concurrency 64;"
                        + " total_throughput at concurrency 64; median_ttft at concurrency 64; median_e2el at concurrency 64\n");
        assertThat(read(dir.resolve("report.html"))).contains("<li><b>Compared with the baseline:</b> 4 metric(s): output_throughput at");
        String junit = read(dir.resolve("results.xml"));
        assertThat(junit).contains("<property name=\"comparedMetrics\" value=\"output_throughput at concurrency 4, 16; median_e2el at concurrency 4, 16\"/>",
                "<property name=\"metricsWithoutBaseline\" value=\"output_throughput at concurrency 64; total_throughput at concurrency 64;",
                compared).doesNotContain("<failure");
        JsonNode perf = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("perfCheck");
        assertThat(perf.get("compared").toString()).contains("{\"concurrency\":16,\"metric\":\"median_e2el\"}");
        assertThat(perf.get("missingBaseline").toString()).contains("{\"concurrency\":64,\"metric\":\"output_throughput\"}");
    }

    @Test
    void anInvalidBenchmarkIsATestFailureWithItsReasonEvenWithoutBaseline() throws IOException {
        Path dir = Scenarios.invalid(tmp).dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(o.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.failureMessage().orElseThrow()).matches("BENCHMARK_INVALID: concurrency 16: 3 failed requests \\(disagg-e2e-[^/]+/trtllm-benchmark\\.0\\.1\\.log:\\d+\\)");
        assertThat(read(dir.resolve("summary.md"))).contains("- Open first: `benchmark.log` (then gen_server_0.log, disagg_server.log)");
    }

    @Test
    void zeroOutputTokensAreNeverAPass() {
        Path dir = CaseDirFixture.create(tmp, "zero").plan(1).jobState("COMPLETED", 0).benchmark(new Measured(1, 0, 100, 0, 0)).dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of("SKIP_PERF_CHECK", "true")));

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.failureMessage().orElseThrow()).startsWith("BENCHMARK_INVALID: concurrency 1: zero output tokens generated");
    }

    @Test
    void aCrashedRolePointsAtItsOwnLogAndListsTheOthersInTheDocumentsOrder() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "crash").plan(4).jobState("FAILED", 1)
                .failure("GEN_0", 1, "gen_server_0.log", "loading weights", "RuntimeError: CUDA out of memory", "exiting")
                .log("slurm_4242.log", "srun: error: node2: task 0: Exited with exit code 1")
                .log("disagg_server.log", "waiting for workers")
                .log("ctx_server_0.log", "ok").log("gen_server_10.log", "ok").log("gen_server_0.log", "RuntimeError: CUDA out of memory")
                .log("gen_server_2.log", "ok").log("install.log", "ok")
                .file("benchmark.log", "waiting for server\n").clientLog(0, "waiting for server\n")
                .file("step_status.tsv", "COLLECT\t0\tended\nGEN_0\t1\tended\nCTX_0\t143\tstopped\nDISAGG_SERVER\t\tkilled\nnot a line\n")
                .dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.failureMessage()).hasValue("ROLE_FAILED: GEN_0 exited with code 1: RuntimeError: CUDA out of memory");
        assertThat(read(dir.resolve("summary.md"))).contains("- Open first: `gen_server_0.log` (then install.log, gen_server_2.log,"
                + " gen_server_10.log, ctx_server_0.log, disagg_server.log, benchmark.log, slurm_4242.log)");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.get("message").asText()).isEqualTo("ROLE_FAILED: GEN_0 exited with code 1: RuntimeError: CUDA out of memory");
        JsonNode f = json.get("failure");
        assertThat(f.get("cause").asText()).isEqualTo("ROLE_FAILED");
        assertThat(json.get("steps").toString()).isEqualTo("[{\"role\":\"COLLECT\",\"exitCode\":0,\"how\":\"ended\"},"
                + "{\"role\":\"GEN_0\",\"exitCode\":1,\"how\":\"ended\"},{\"role\":\"CTX_0\",\"exitCode\":143,\"how\":\"stopped\"},"
                + "{\"role\":\"DISAGG_SERVER\",\"exitCode\":null,\"how\":\"killed\"}]");
        assertThat(read(dir.resolve("summary.md")))
                .contains("- Steps (exit status): COLLECT 0, GEN_0 1, CTX_0 143 (stopped), DISAGG_SERVER (killed)");
        assertThat(read(dir.resolve("results.xml"))).contains("Steps (exit status): COLLECT 0, GEN_0 1, CTX_0 143 (stopped)",
                "name=\"step.GEN_0\" value=\"1 ended\"");
        assertThat(f.get("reasons").toString()).contains("job 4242 ended FAILED (exit code 1): NonZeroExitCode")
                .contains("concurrency 4: no result in disagg-e2e-crash/trtllm-benchmark.0.0.log");
    }

    @Test
    void theFailureMessageQuotesTheRolesOwnErrorNotSrunsSummaryInEveryReport() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "srun").plan(4).jobState("FAILED", 2)
                .failure("DISAGG_SERVER", 2, "disagg_server.log", "collecting 1 item",
                        "E       ValueError: server_config.yaml: no ctx server registered within 1800 s",
                        "srun: error: node1: task 0: Exited with exit code 2")
                .log("disagg_server.log", "E       ValueError: server_config.yaml: no ctx server registered within 1800 s").dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        String expected = "ROLE_FAILED: DISAGG_SERVER exited with code 2: ValueError: server_config.yaml: no ctx server registered within 1800 s";
        assertThat(o.failureMessage()).hasValue(expected);
        assertThat(read(dir.resolve("summary.md"))).contains("**FAILED** " + expected);
        assertThat(new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("message").asText()).isEqualTo(expected);
        assertThat(read(dir.resolve("results.xml"))).contains("message=\"" + expected + "\"").doesNotContain("message=\"ROLE_FAILED: DISAGG_SERVER exited with code 2: srun");
    }

    @Test
    void aNodeFailureIsAnInfrastructureErrorEvenThoughARoleDiedOfIt() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "nodefail").plan(1).jobState("NODE_FAIL", 143)
                .failure("CTX_0", 0, "ctx_server_0.log", "listening", "srun: error: Node failure on node4")
                .log("ctx_server_0.log", "srun: error: Node failure on node4").dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(o.exitCode()).isEqualTo(4);
        assertThat(o.verdict()).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(o.failureMessage()).hasValue("JOB_LOST: job 4242 ended NODE_FAIL (exit code 143): NonZeroExitCode"
                + " (a fault of the cluster, not of the case)");
        JsonNode f = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("failure");
        assertThat(f.get("reasons").toString()).contains("CTX_0 exited with code 0");
        assertThat(o.summary()).contains("- Open first: `ctx_server_0.log`");
    }

    @Test
    void aFailedJobWithoutFailureRecordPointsAtTheFirstLogWithAnError() {
        Path dir = CaseDirFixture.create(tmp, "timeout").plan(4).jobState("TIMEOUT", 0).benchmark(Measured.ok(4, 100, 1000))
                .log("install.log", "pip install ok").log("gen_server_0.log", "serving")
                .log("disagg_server.log", "Traceback (most recent call last):", "  File x", "ValueError: bad url")
                .log("slurm_4242.log", "slurmstepd: error: *** JOB 4242 CANCELLED DUE TO TIME LIMIT ***").dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(o.verdict()).isEqualTo(Verdict.TEST_FAILED);
        assertThat(o.failureMessage()).hasValue("JOB_FAILED: job 4242 ended TIMEOUT (exit code 0)");
        assertThat(o.summary()).contains("- Open first: `disagg_server.log`");
    }

    @Test
    void theJobScriptsCaseTimeoutIsDescribedByItsMessage() {
        // As the job script writes it (docs/job-script.md): no status, no log, a message.
        Path dir = CaseDirFixture.create(tmp, "case-timeout").plan(4).jobState("FAILED", 124)
                .file("failure.json", "{\"role\": \"TIMEOUT\", \"exitCode\": null, \"signal\": null, \"log\": null,"
                        + " \"lastLines\": [], \"stillRunning\": [\"BENCHMARK\", \"GEN_0\"],"
                        + " \"message\": \"case timeout of 60s reached; still running: BENCHMARK GEN_0\"}\n")
                .log("benchmark.log", "waiting for the server").dir();

        CaseOutcome o = CaseChecker.check(dir, Scenarios.options(null, Map.of()));

        assertThat(o.failureMessage()).hasValue("ROLE_FAILED: TIMEOUT: case timeout of 60s reached; still running: BENCHMARK GEN_0");
    }

    @Test
    void withoutPlanTheDirectoryNamesTheCaseAndTheLogNamesTheConcurrencies() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "no-plan").benchmark(Measured.ok(2, 100, 1000), Measured.ok(8, 300, 2000)).dir();

        CaseOutcome o = CaseChecker.check(dir, CheckOptions.defaults(Map.of("OTHER_VARIABLE", "x")));

        assertThat(o.caseName()).isEqualTo("no-plan");
        assertThat(o.exitCode()).isZero();
        assertThat(o.perfCheck().status()).isEqualTo(PerfCheckStatus.NO_BASELINE);
        assertThat(o.summary()).contains("- Perf check: no baseline (no baseline file given (--baseline))");
        List<Csv.Row> csv = Csv.parse(read(dir.resolve("perf_script_test_results.csv")));
        assertThat(csv.stream().skip(1).map(r -> r.fields().get(6)).distinct()).containsExactly("no-plan_con:2", "no-plan_con:8");
    }

    @Test
    void aMissingBenchmarkLogFailsTheTest() {
        Path dir = CaseDirFixture.create(tmp, "nobench").plan(1).jobState("COMPLETED", 0).dir();

        assertThat(CaseChecker.check(dir, Scenarios.options(null, Map.of())).failureMessage())
                .hasValue("BENCHMARK_INVALID: no benchmark client log (trtllm-benchmark.0.<k>.log) found: the benchmark did not"
                        + " run or wrote nothing (its own output: benchmark.log)");
    }

    @Test
    void perfCsvCarriesTheBaselinesThresholdsInUpstreamsSignConvention() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();
        CaseChecker.check(dir, Scenarios.options(Scenarios.baseline(tmp), Map.of()));

        List<Csv.Row> rows = Csv.parse(read(dir.resolve("perf_script_test_results.csv")));
        List<String> throughput16 = rows.stream().map(Csv.Row::fields)
                .filter(f -> f.get(6).equals(Scenarios.CASE + "_con:16") && f.get(17).equals("TOKEN_THROUGHPUT")).findFirst().orElseThrow();
        List<String> e2el16 = rows.stream().map(Csv.Row::fields)
                .filter(f -> f.get(6).equals(Scenarios.CASE + "_con:16") && f.get(17).equals("DISAGG_SERVER_E2EL")).findFirst().orElseThrow();
        assertThat(throughput16.subList(9, 10)).containsExactly("1990");
        assertThat(throughput16.subList(15, 17)).containsExactly("-0.05", "0");
        assertThat(e2el16.subList(15, 17)).containsExactly("0.1", "0");
    }

    @Test
    void aBadBaselineOrSettingIsAUserErrorAndWritesNothing() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "baselines:\n  - case: x\n    concurrency: 1\n    metrics:\n      throughput: 5\n");

        assertThatThrownBy(() -> CaseChecker.check(dir, Scenarios.options(bad, Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad.yaml:5:7: baselines[0].metrics.throughput: unknown metric 'throughput'");
        assertThatThrownBy(() -> CaseChecker.check(dir, Scenarios.options(null, Map.of("SKIP_PERF_CHECK", "1"))))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("SKIP_PERF_CHECK must be true or false");
        assertThatThrownBy(() -> CaseChecker.check(dir, Scenarios.options(tmp.resolve("nope.csv"), Map.of())))
                .isInstanceOf(InvalidInputException.class).hasMessageEndingWith("nope.csv: baseline file not found");
        assertThat(dir.resolve("results.xml")).doesNotExist();
    }

    @Test
    void aMalformedPlanIsNamed() throws IOException {
        Path dir = CaseDirFixture.create(tmp, "badplan").file("plan.json", "{\"caseName\": \"x\", \"concurrency\": [\"four\"]}").dir();

        assertThatThrownBy(() -> CaseChecker.check(dir, Scenarios.options(null, Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("plan.json: concurrency must be a list of positive whole numbers, got [\"four\"]");
    }
}
