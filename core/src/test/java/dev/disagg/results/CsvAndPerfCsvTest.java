package dev.disagg.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvAndPerfCsvTest {

    @Test
    void csvRoundTripsQuotesCommasAndNewlines() {
        List<String> fields = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "");
        List<Csv.Row> rows = Csv.parse(Csv.line(fields) + Csv.line(List.of("x", "y")));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fields()).isEqualTo(fields);
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void csvNamesTheLineOfAnUnclosedQuote() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,\"open\n"))
                .isInstanceOf(Csv.CsvFormatException.class).hasMessage("line 2: a quoted field is never closed");
    }

    @Test
    void perfCaseNamesReadOursAndUpstreamsSpelling() {
        assertThat(PerfCaseNames.parse(PerfCaseNames.of("my-case", 16))).hasValue(new PerfCaseNames.Parsed("my-case", 16));
        assertThat(PerfCaseNames.parse("test_benchmark[disagg_perf_file:deepseek-r1-fp4_1k1k_dep:16_bs:64]_con:1075"))
                .hasValue(new PerfCaseNames.Parsed("deepseek-r1-fp4_1k1k_dep:16_bs:64", 1075));
        assertThat(PerfCaseNames.parse("H100/perf/test_perf.py::test_perf_metric_inference_time[llama]")).isEmpty();
    }

    @Test
    void perfCsvHasUpstreamsColumnsAndOneRowPerMetricWithThresholdsFromTheBaseline() {
        ConcurrencyResult r = new ConcurrencyResult(8, 3, 80, 0, 8000, 12.5,
                Map.of(Metric.OUTPUT_THROUGHPUT, 640.0, Metric.MEDIAN_TTFT, 21.25));
        String csv = PerfCsv.render("case-a", Optional.of("GB200"), List.of(r), (c, m) -> m == Metric.OUTPUT_THROUGHPUT
                ? Optional.of(new PerfCsv.Threshold(-0.05, 10)) : Optional.empty());

        List<Csv.Row> rows = Csv.parse(csv);
        assertThat(rows.get(0).fields()).containsExactly("network_name", "network_hash", "sm_clk", "mem_clk", "gpu_idx",
                "device_subtype", "perf_case_name", "test_name", "original_test_name", "perf_metric", "total_time__sec",
                "start_timestamp", "end_timestamp", "state", "command", "threshold", "absolute_threshold", "metric_type");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).fields()).containsExactly("case-a_con:8", "case-a_con:8", "", "", "", "GB200", "case-a_con:8",
                "case-a_con:8", "case-a_con:8", "640", "12.5", "", "", "valid", "", "-0.05", "10", "TOKEN_THROUGHPUT");
        assertThat(rows.get(2).fields().get(9)).isEqualTo("21.25");
        assertThat(rows.get(2).fields().subList(15, 18)).containsExactly("", "", "DISAGG_SERVER_TTFT");
    }
}
