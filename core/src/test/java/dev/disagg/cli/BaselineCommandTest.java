package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.perf.Baseline;
import dev.disagg.perf.BaselineCsv;
import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.BaselineYaml;
import dev.disagg.report.CaseDirFixture;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.report.Scenarios;
import dev.disagg.results.Metric;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {
    @TempDir
    Path tmp;

    private static double value(Baseline b, String caseName, int c, Metric m) {
        return b.entries().stream().filter(e -> e.caseName().equals(caseName) && e.concurrency() == c && e.metric() == m)
                .findFirst().map(BaselineEntry::value).orElseThrow();
    }

    @Test
    void writesANewBaselineThatTheSameRunThenPasses() throws IOException {
        Path dir = Scenarios.regressed(tmp).dir();
        Path out = tmp.resolve("new.yaml");

        CliRun update = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--output", out.toString(), "--gpu-type", "GB200");
        CliRun check = CliRun.run(Map.of(), "check", "--case-dir", dir.toString(), "--baseline", out.toString(), "--gpu-type", "gb200");

        assertThat(update.exitCode()).isZero();
        assertThat(update.out()).isEqualTo("wrote 8 baseline values for " + Scenarios.CASE + " on GB200 to " + out + " (0 other entries kept)\n");
        Baseline written = BaselineYaml.read(out.toString(), Files.readString(out));
        assertThat(value(written, Scenarios.CASE, 16, Metric.OUTPUT_THROUGHPUT)).isEqualTo(1500);
        assertThat(written.entries()).allMatch(e -> e.gpuType().equals(Optional.of("GB200")) && e.tolerance() == 0.05);
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("- Perf check: passed (8 metrics within tolerance)");
    }

    @Test
    void neverOverwritesAnExistingFileUnlessAskedInPlace() throws IOException {
        Path dir = Scenarios.regressed(tmp).dir();
        Path baseline = Scenarios.baseline(tmp);
        String before = Files.readString(baseline);

        CliRun refused = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--output", baseline.toString());
        CliRun noTarget = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--baseline", baseline.toString());
        CliRun inPlaceWithoutFile = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--in-place");

        assertThat(refused.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(refused.err()).isEqualTo("disagg: refusing to overwrite " + baseline + ": choose a new --output file, or update it with"
                + " --baseline " + baseline + " --in-place\n");
        assertThat(noTarget.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(noTarget.err()).contains("--output NEW_FILE, or --in-place");
        assertThat(inPlaceWithoutFile.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(Files.readString(baseline)).isEqualTo(before);
    }

    @Test
    void inPlaceUpdateOfAnUpstreamCsvKeepsUnrelatedRowsAndTolerances() throws IOException {
        Path dir = Scenarios.regressed(tmp).dir();
        Path csv = tmp.resolve("base_perf.csv");
        Files.writeString(csv, """
                network_name,perf_case_name,test_name,threshold,absolute_threshold,metric_type,perf_metric
                other,"other_con:1",other,-0.1,10,TOKEN_THROUGHPUT,63.2
                x,"test_perf_metric_seq_throughput[llama]",x,-0.1,10,SEQ_THROUGHPUT,12
                %1$s,%1$s_con:16,%1$s_con:16,-0.2,5,TOKEN_THROUGHPUT,2000
                """.formatted(Scenarios.CASE));

        CliRun r = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--baseline", csv.toString(), "--in-place");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("wrote 2 baseline values").contains("(1 other entries kept)");
        String text = Files.readString(csv);
        assertThat(text).contains("other,other_con:1,other,-0.1,10,TOKEN_THROUGHPUT,63.2\n")
                .contains("x,test_perf_metric_seq_throughput[llama],x,-0.1,10,SEQ_THROUGHPUT,12\n")
                .contains(Scenarios.CASE + "," + Scenarios.CASE + "_con:16," + Scenarios.CASE + "_con:16,-0.2,5,TOKEN_THROUGHPUT,1500\n")
                .contains(Scenarios.CASE + "_con:4," + Scenarios.CASE + "_con:4,-0.05,0,TOKEN_THROUGHPUT,1010\n");
        assertThat(value(BaselineCsv.read("b", text), "other", 1, Metric.OUTPUT_THROUGHPUT)).isEqualTo(63.2);
    }

    @Test
    void convertsBetweenFormatsKeepingOtherCases() throws IOException {
        Path dir = Scenarios.passing(tmp).dir();
        Path yaml = tmp.resolve("old.yaml");
        Files.writeString(yaml, "baselines:\n  - case: someone-else\n    concurrency: 2\n    metrics:\n      median_ttft: {value: 40, tolerance: 20%}\n");
        Path csv = tmp.resolve("new.csv");

        CliRun r = CliRun.run(Map.of(), "baseline", "update", "--case-dir", dir.toString(), "--baseline", yaml.toString(), "--output",
                csv.toString(), "--metric", "output_throughput", "--tolerance", "0.03");

        assertThat(r.exitCode()).isZero();
        Baseline converted = BaselineCsv.read("new.csv", Files.readString(csv));
        assertThat(converted.entries()).hasSize(3);
        assertThat(value(converted, "someone-else", 2, Metric.MEDIAN_TTFT)).isEqualTo(40);
        assertThat(converted.entries().get(0).tolerance()).isEqualTo(0.2);
        assertThat(converted.entries().get(1).tolerance()).isEqualTo(0.03);
        assertThat(value(converted, Scenarios.CASE, 16, Metric.OUTPUT_THROUGHPUT)).isEqualTo(1990);
    }

    @Test
    void refusesToRecordAFailedRunOrAnUnknownMetric() {
        Path failed = Scenarios.invalid(tmp).dir();
        Path ok = CaseDirFixture.create(tmp, "ok").plan(1).benchmark(Measured.ok(1, 10, 100)).dir();
        Path out = tmp.resolve("x.yaml");

        CliRun refused = CliRun.run(Map.of(), "baseline", "update", "--case-dir", failed.toString(), "--output", out.toString());
        CliRun unknown = CliRun.run(Map.of(), "baseline", "update", "--case-dir", ok.toString(), "--output", out.toString(), "--metric", "speed");
        CliRun badTolerance = CliRun.run(Map.of(), "baseline", "update", "--case-dir", ok.toString(), "--output", out.toString(), "--tolerance", "-1");

        assertThat(refused.exitCode()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(refused.err()).startsWith("disagg: refusing to record a baseline from a failed run: BENCHMARK_INVALID: concurrency 16: 3 failed");
        assertThat(unknown.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(unknown.err()).startsWith("disagg: unknown metric 'speed'; expected one of request_throughput, output_throughput");
        assertThat(badTolerance.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(out).doesNotExist();
    }

    @Test
    void helpShowsTheDefaultTolerance() {
        CliRun r = CliRun.run(Map.of(), "baseline", "update", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("a fraction (0.05) or a percentage (5%); default 5%.");
    }
}
