package dev.disagg.cli;

import static dev.disagg.cli.SweepRunTest.caseFile;
import static dev.disagg.cli.SweepRunTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.sweep.RunResultFile;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --run-result FILE}: one JSON for every outcome, which the Jenkins step reads instead of exit statuses. */
class RunResultFileTest {
    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void aSweepListsEveryCaseWithItsVerdictJobPerfCheckAndArtifacts() throws IOException {
        Path cases = tmp.resolve("cases");
        caseFile(cases, "a1");
        caseFile(cases, "fail2");
        Path ws = tmp.resolve("ws");
        Path file = tmp.resolve("step/run-result.json");
        SweepRunTest.FakeSlurm slurm = new SweepRunTest.FakeSlurm();

        CliRun r = run(slurm, Map.of("SKIP_PERF_CHECK", "TRUE"), "--run-result", file.toString(), cases.toString(),
                "--cluster", "local", "--workspace", ws.toString(), "--max-parallel", "2");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        JsonNode root = read(file);
        assertThat(root.get("format").asText()).isEqualTo(RunResultFile.FORMAT);
        assertThat(root.get("finished").asBoolean()).isTrue();
        assertThat(root.get("exitCode").asInt()).isEqualTo(1);
        assertThat(root.get("verdict").asText()).isEqualTo("TEST_FAILED");
        assertThat(root.get("workspace").asText()).isEqualTo(ws.toAbsolutePath().toString());
        assertThat(root.at("/skipPerfCheck/skip").asBoolean()).isTrue();
        assertThat(root.at("/skipPerfCheck/source").asText()).isEqualTo("ENVIRONMENT");
        assertThat(root.at("/sweep/junit").asText()).isEqualTo("disagg_logs/sweep-results.xml");
        assertThat(root.get("cases")).hasSize(2);

        JsonNode a1 = root.get("cases").get(0);
        assertThat(a1.get("config").asText()).isEqualTo(cases.resolve("a1.yaml").toString());
        assertThat(a1.get("caseName").asText()).isEqualTo("a1");
        assertThat(a1.get("verdict").asText()).isEqualTo("PASS");
        assertThat(a1.get("exitCode").asInt()).isZero();
        assertThat(a1.get("jobId").asText()).matches("10[12]");
        assertThat(a1.get("skipPerfCheck").asBoolean()).isTrue();
        assertThat(a1.at("/perfCheck/status").asText()).isEqualTo("SKIPPED");
        assertThat(a1.at("/metrics/4/output_throughput").asDouble()).isEqualTo(350.0);
        assertThat(a1.at("/artifacts/caseDir").asText()).isEqualTo("disagg_logs/a1");
        assertThat(a1.at("/artifacts/results.xml").asText()).isEqualTo("disagg_logs/a1/results.xml");
        assertThat(a1.get("warnings")).isEmpty();
        // result.json of the case says the same
        JsonNode written = read(ws.resolve("disagg_logs/a1/result.json"));
        assertThat(a1.get("perfCheck")).isEqualTo(written.get("perfCheck"));
        assertThat(a1.get("message").asText()).isEqualTo(written.get("message").asText());

        JsonNode fail = root.get("cases").get(1);
        assertThat(fail.get("verdict").asText()).isEqualTo("TEST_FAILED");
        assertThat(fail.get("exitCode").asInt()).isEqualTo(1);
        assertThat(fail.get("message").asText()).isNotBlank();
    }

    @Test
    void anInvalidCaseFileIsListedWithTheProblemsItPrintedAndNothingIsSubmitted() throws IOException {
        Path cases = tmp.resolve("cases");
        caseFile(cases, "ok");
        Files.writeString(cases.resolve("broken.yaml"), "metadata: [\n");
        Path file = tmp.resolve("run-result.json");
        SweepRunTest.FakeSlurm slurm = new SweepRunTest.FakeSlurm();

        CliRun r = run(slurm, Map.of(), "--run-result", file.toString(), cases.resolve("*.yaml").toString(),
                "--cluster", "local", "--workspace", tmp.resolve("ws").toString());

        assertThat(r.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(slurm.calls).isEmpty();
        JsonNode root = read(file);
        assertThat(root.get("finished").asBoolean()).isTrue();
        assertThat(root.get("exitCode").asInt()).isEqualTo(2);
        assertThat(root.get("message").asText()).isEqualTo("1 of 2 case file(s) invalid; nothing was submitted");
        assertThat(root.get("cases")).hasSize(1);
        JsonNode broken = root.get("cases").get(0);
        assertThat(broken.get("config").asText()).endsWith("broken.yaml");
        assertThat(broken.get("verdict").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(broken.get("caseName").isNull()).isTrue();
        assertThat(broken.get("message").asText()).contains("broken.yaml: invalid case file");
        assertThat(broken.get("details").get(0).asText()).contains("broken.yaml:");
        assertThat(r.err()).contains(broken.get("details").get(0).asText());
    }

    @Test
    void oneCaseThatDoesNotLoadIsWrittenBeforeAnyCaseDirectoryExists() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "metadata: [\n");
        Path file = tmp.resolve("out/run-result.json");

        CliRun r = run(new SweepRunTest.FakeSlurm(), Map.of(), "--config", bad.toString(), "--run-result", file.toString(),
                "--workspace", tmp.resolve("ws").toString(), "--cluster", "local");

        assertThat(r.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(tmp.resolve("ws")).doesNotExist();
        JsonNode root = read(file);
        assertThat(root.get("verdict").asText()).isEqualTo("INVALID_CONFIG");
        assertThat(root.get("cases").get(0).get("config").asText()).isEqualTo(bad.toString());
        assertThat(root.get("cases").get(0).get("details")).isNotEmpty();
        assertThat(root.get("cases").get(0).get("caseDir").isNull()).isTrue();
    }

    @Test
    void aBadSkipPerfCheckIsAUsageErrorBeforeSubmittingEvenInASweep() throws IOException {
        Path a = caseFile(tmp.resolve("c"), "a");
        Path file = tmp.resolve("run-result.json");
        SweepRunTest.FakeSlurm slurm = new SweepRunTest.FakeSlurm();

        CliRun r = run(slurm, Map.of("SKIP_PERF_CHECK", "yes"), a.toString(), "--run-result", file.toString(),
                "--cluster", "local", "--workspace", tmp.resolve("ws").toString());

        assertThat(r.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(slurm.calls).isEmpty();
        assertThat(read(file).get("message").asText()).contains("SKIP_PERF_CHECK must be true or false");
    }

    @Test
    void argumentsThatDoNotParseStillGiveTheFileWhereverTheOptionStands() throws IOException {
        Path before = tmp.resolve("before.json");
        Path after = tmp.resolve("after.json");

        CliRun r1 = CliRun.run("run", "--run-result", before.toString(), "--max-parallel", "many");
        CliRun r2 = CliRun.run("run", "--no-such-option", "--run-result=" + after);

        assertThat(r1.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(r2.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        for (Path f : List.of(before, after)) {
            JsonNode root = read(f);
            assertThat(root.get("finished").asBoolean()).isTrue();
            assertThat(root.get("exitCode").asInt()).isEqualTo(2);
            assertThat(root.get("cases")).isEmpty();
        }
        assertThat(read(before).get("message").asText()).contains("--max-parallel");
        assertThat(read(after).get("message").asText()).contains("--no-such-option");
    }

    @Test
    void withoutTheOptionNothingIsWritten() throws IOException {
        Path a = caseFile(tmp.resolve("c"), "a");

        CliRun r = run(new SweepRunTest.FakeSlurm(), Map.of(), a.toString(), "--cluster", "local", "--workspace", tmp.resolve("ws").toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        try (var files = Files.walk(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith("run-result.json"))).isEmpty();
        }
    }
}
