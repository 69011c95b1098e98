package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.history.DirectoryHistoryStore;
import dev.disagg.history.HistoryRecord;
import dev.disagg.report.CaseDirFixture;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.report.Scenarios;
import dev.disagg.results.Metric;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCheckCommandTest {
    @TempDir
    Path tmp;

    private Path logs() {
        return tmp.resolve("ws").resolve("disagg_logs");
    }

    private static List<Path> records(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    /** {@code n} passing past runs of the scenario case: output throughput 1000 / 2000, median E2EL 6000 / 8000 at 4 / 16. */
    private Path seed(int n, String gpu) {
        Path dir = tmp.resolve("history");
        DirectoryHistoryStore store = new DirectoryHistoryStore(dir);
        for (int i = 0; i < n; i++) {
            store.append(new HistoryRecord(Scenarios.CASE, gpu, Instant.ofEpochSecond(1_700_000_000L + i), Optional.of("9" + i),
                    Optional.empty(), true, "PASS", List.of(
                    new HistoryRecord.Value(4, Metric.OUTPUT_THROUGHPUT, 1000 + i), new HistoryRecord.Value(4, Metric.MEDIAN_E2EL, 6000 - i),
                    new HistoryRecord.Value(16, Metric.OUTPUT_THROUGHPUT, 2000 - i), new HistoryRecord.Value(16, Metric.MEDIAN_E2EL, 8000 + i))));
        }
        return dir;
    }

    @Test
    void everyCheckedCaseIsAddedToTheHistoryNextToTheWorkspaceOncePerJob() throws IOException {
        Path dir = Scenarios.passing(logs()).file("job_id", "5150\n").dir();

        CliRun first = CliRun.run(Map.of("GIT_COMMIT", "deadbeef"), "check", "--case-dir", dir.toString(), "--gpu-type", "GB200");
        CliRun again = CliRun.run(Map.of("GIT_COMMIT", "deadbeef"), "check", "--case-dir", dir.toString(), "--gpu-type", "GB200");

        assertThat(first.exitCode()).isZero();
        assertThat(again.exitCode()).isZero();
        Path history = tmp.resolve("ws").resolve("disagg_history");
        List<Path> files = records(history);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).toString()).startsWith(history.resolve(Scenarios.CASE).resolve("gb200").toString());
        JsonNode r = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(r.path("jobId").asText()).isEqualTo("4242"); // job_state.json's id wins over job_id, as in the reports
        assertThat(r.path("commit").asText()).isEqualTo("deadbeef");
        assertThat(r.path("passing").asBoolean()).isTrue();
        JsonNode measured = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).path("metrics");
        int metricCount = 0;
        for (JsonNode at : measured) {
            metricCount += (int) java.util.stream.StreamSupport.stream(((Iterable<String>) at::fieldNames).spliterator(), false)
                    .filter(k -> Metric.byKey(k).isPresent()).count();
        }
        assertThat(metricCount).isGreaterThanOrEqualTo(8);
        assertThat(r.path("values")).hasSize(metricCount).anySatisfy(v -> {
            assertThat(v.path("metric").asText()).isEqualTo("output_throughput");
            assertThat(v.path("concurrency").asInt()).isEqualTo(16);
            assertThat(v.path("value").asDouble()).isEqualTo(1990);
        });
    }

    @Test
    void historyNoneRecordsNothingAndAFailedTestIsRecordedAsNotPassing() throws IOException {
        Path dir = Scenarios.passing(logs()).dir();
        CliRun none = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", "none");
        assertThat(none.exitCode()).isZero();
        assertThat(records(tmp.resolve("ws"))).noneMatch(f -> f.startsWith(tmp.resolve("ws").resolve("disagg_history")));

        Path invalid = Scenarios.invalid(tmp.resolve("elsewhere")).dir();
        Path hist = tmp.resolve("h");
        CliRun failed = CliRun.run(Map.of(), "check", "--case-dir", invalid.toString(), "--history", hist.toString());
        assertThat(failed.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        List<HistoryRecord> kept = new DirectoryHistoryStore(hist).recent(Scenarios.CASE, "unknown", 10, r -> true);
        assertThat(kept).singleElement().satisfies(r -> {
            assertThat(r.passing()).isFalse();
            assertThat(r.verdict()).isEqualTo("TEST_FAILED");
        });
    }

    @Test
    void judgedAgainstTheHistoryARegressionExitsThreeAndTheReportSaysWhichReference() throws IOException {
        Path history = seed(6, "unknown");
        Path dir = Scenarios.regressed(logs()).dir();

        CliRun r = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", history.toString(), "--perf-reference", "history");

        assertThat(r.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
        assertThat(r.out()).contains("- Perf check: **REGRESSED** (1 of 4 metrics beyond tolerance)")
                .contains("  - Reference: history in " + history.toAbsolutePath())
                .contains("Regression: output_throughput at concurrency 16: measured 1500 tok/s, history median 1997.5");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(json.path("perfCheck").path("reference").asText()).isEqualTo("history");
        assertThat(json.path("perfCheck").path("comparisons")).allSatisfy(c -> assertThat(c.path("reference").asText()).isEqualTo("history"));
        assertThat(Files.readString(dir.resolve("results.xml"))).contains("con=16 output_throughput [history]");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<b>Perf reference:</b> history in ");
        // this run regressed: it was recorded but is no reference for the next one
        assertThat(new DirectoryHistoryStore(history).recent(Scenarios.CASE, "unknown", 100, HistoryRecord::passing)).hasSize(6);
        assertThat(new DirectoryHistoryStore(history).recent(Scenarios.CASE, "unknown", 100, rec -> true)).hasSize(7);
    }

    @Test
    void tooFewPastRunsIsAMissingReference() {
        Path history = seed(4, "unknown");
        Path dir = Scenarios.regressed(logs()).dir();

        CliRun warn = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", history.toString(), "--perf-reference", "history");
        CliRun fail = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", history.toString(), "--perf-reference", "history",
                "--missing-baseline", "fail", "--history-min-runs", "5");
        CliRun fewerNeeded = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", history.toString(),
                "--perf-reference", "history", "--history-min-runs", "3");

        assertThat(warn.exitCode()).isZero();
        assertThat(warn.out()).contains("history has 4 passing run(s) with output_throughput at concurrency 4, fewer than the 5 needed");
        assertThat(fail.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
        assertThat(fewerNeeded.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
    }

    @Test
    void withBothReferencesEitherOneFindsTheRegression() {
        Path history = seed(5, "unknown");
        Path dir = CaseDirFixture.create(logs(), Scenarios.CASE).plan(4, 16).jobState("COMPLETED", 0)
                .benchmark(Measured.ok(4, 1010, 6590), Measured.ok(16, 1990, 8100)).dir();

        CliRun baselineOnly = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", Scenarios.baseline(tmp).toString(),
                "--history", history.toString());
        CliRun both = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", Scenarios.baseline(tmp).toString(),
                "--history", history.toString(), "--perf-reference", "both");

        // median E2EL 6590 at 4: baseline 6000 + 10 % allows 6600; history median 5998 + 5 % allows 6297.9
        assertThat(baselineOnly.exitCode()).isZero();
        assertThat(baselineOnly.out()).contains("  - Reference: baseline file ");
        assertThat(both.exitCode()).isEqualTo(Verdict.PERF_REGRESSION.exitCode());
        assertThat(both.out()).contains("  - Reference: baseline file ").contains(" and history in ")
                .contains("Regression: median_e2el at concurrency 4: measured 6590 ms, history median 5998");
    }

    @Test
    void badHistoryOptionsAreUserMistakes() {
        Path dir = Scenarios.passing(logs()).dir();

        CliRun badReference = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--perf-reference", "yesterday");
        CliRun noStore = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--perf-reference", "history", "--history", "none");
        CliRun badMin = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history-runs", "3", "--history-min-runs", "4");

        assertThat(badReference.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(badReference.err()).isEqualTo("disagg: --perf-reference: expected baseline, history or both, got 'yesterday'\n");
        assertThat(noStore.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(noStore.err()).contains("--perf-reference history needs a history; --history none turned it off");
        assertThat(badMin.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(badMin.err()).contains("history minimum runs must be 1..3").doesNotContain("Exception");
    }

    @Test
    void reportHtmlDrawsEachGatedMetricAcrossTheLastRunsWithReferencesAndBands() throws IOException {
        Path history = seed(6, "unknown");
        Path dir = Scenarios.passing(logs()).dir();

        CliRun r = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", Scenarios.baseline(tmp).toString(),
                "--history", history.toString(), "--perf-reference", "both");
        CliRun off = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--history", "none");

        assertThat(r.exitCode()).isZero();
        String html = Files.readString(dir.resolve("report.html"));
        // written by the first check; the second (history off) rewrote it
        assertThat(off.exitCode()).isZero();
        assertThat(html).doesNotContain("<h2>Trend</h2>");
        CliRun again = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", Scenarios.baseline(tmp).toString(),
                "--history", history.toString(), "--perf-reference", "both");
        assertThat(again.exitCode()).isZero();
        html = Files.readString(dir.resolve("report.html"));
        String trend = html.substring(html.indexOf("<h2>Trend</h2>"), html.indexOf("<h2>Perf check</h2>"));
        String e2elAt4 = trend.substring(trend.indexOf("trend of median_e2el (ms) at concurrency 4"));
        e2elAt4 = e2elAt4.substring(0, e2elAt4.indexOf("</svg>"));
        // 6 earlier passing runs (the re-check of this job is not an earlier run), then this one
        assertThat(e2elAt4.split("class=\"past\"", -1)).hasSize(7);
        assertThat(e2elAt4.split("class=\"current\"", -1)).hasSize(2);
        assertThat(e2elAt4).contains("<title>baseline 6000</title>").contains("<title>baseline limit 6600</title>")
                .contains("<title>history median 5997.5</title>").contains("class=\"band\"");
        assertThat(trend).contains("trend of output_throughput (tok/s) at concurrency 16").contains("trend of median_e2el (ms) at concurrency 16");
    }
}
