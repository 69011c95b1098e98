package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.results.Csv;
import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaselineCsvTest {
    /** Upstream's base CSV layout: other tests' rows, quoted names, signed thresholds. */
    static final String UPSTREAM = """
            network_name,perf_case_name,test_name,threshold,absolute_threshold,metric_type,perf_metric
            "llama_v3.1_8b-bench-float16-input_output_len:128,128","H100/perf/test_perf.py::test_perf_metric_seq_throughput[llama]","test_perf_metric_seq_throughput[llama]",-0.1,10,SEQ_THROUGHPUT,63.2314
            case-a,case-a_con:4,case-a_con:4,-0.05,0,TOKEN_THROUGHPUT,1000
            case-a,case-a_con:4,case-a_con:4,0.1,20,DISAGG_SERVER_E2EL,5000
            x,test_benchmark[disagg_perf_file:case-a]_con:8,x,-0.05,0,TOTAL_TOKEN_THROUGHPUT,4000
            x,case-b_con:8,x,,,MEDIAN_FIRST_TOKEN_TIME,12.5
            """;

    @Test
    void readsOurRowsFromAnUpstreamFileAndIgnoresOtherTests() {
        Baseline b = BaselineCsv.read("base.csv", UPSTREAM);

        assertThat(b.entries()).hasSize(4);
        assertThat(b.entries().get(0)).isEqualTo(new BaselineEntry("case-a", Optional.empty(), 4, Metric.OUTPUT_THROUGHPUT, 1000, 0.05, 0,
                Direction.HIGHER_IS_BETTER, "base.csv:3"));
        BaselineEntry e2el = b.entries().get(1);
        assertThat(e2el.metric()).isEqualTo(Metric.MEDIAN_E2EL);
        assertThat(e2el.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(e2el.limit()).isEqualTo(5520.0);
        assertThat(b.entries().get(2).caseName()).isEqualTo("case-a");
        assertThat(b.entries().get(2).concurrency()).isEqualTo(8);
        BaselineEntry blank = b.entries().get(3);
        assertThat(blank.metric()).isEqualTo(Metric.MEDIAN_TTFT);
        assertThat(blank.tolerance()).isEqualTo(BaselineEntry.DEFAULT_TOLERANCE);
        assertThat(blank.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void updateReplacesValuesOfItsRowsAppendsNewOnesAndKeepsEverythingElse() {
        BaselineEntry changed = new BaselineEntry("case-a", Optional.empty(), 4, Metric.OUTPUT_THROUGHPUT, 1100, 0.05, 0, Direction.HIGHER_IS_BETTER, "run");
        BaselineEntry added = new BaselineEntry("case-c", Optional.of("GB200"), 2, Metric.MEDIAN_E2EL, 700, 0.1, 0, Direction.LOWER_IS_BETTER, "run");

        String updated = BaselineCsv.update("base.csv", Optional.of(UPSTREAM), List.of(changed, added));

        List<Csv.Row> before = Csv.parse(UPSTREAM);
        List<Csv.Row> after = Csv.parse(updated);
        assertThat(after.get(0).fields()).endsWith("device_subtype");
        assertThat(after.get(1).fields().subList(0, 7)).isEqualTo(before.get(1).fields());
        assertThat(after.get(2).fields().get(6)).isEqualTo("1100");
        for (int i = 3; i <= 5; i++) {
            assertThat(after.get(i).fields().subList(0, 7)).isEqualTo(before.get(i).fields());
        }
        assertThat(after.get(6).fields()).containsExactly("case-c", "case-c_con:2", "case-c_con:2", "0.1", "0", "DISAGG_SERVER_E2EL", "700", "GB200");
        Baseline reread = BaselineCsv.read("base.csv", updated);
        assertThat(reread.entries()).hasSize(5);
        assertThat(reread.select("case-c", Optional.of("gb200")).entries()).singleElement().satisfies(e -> assertThat(e.value()).isEqualTo(700));
    }

    @Test
    void aMissingRequiredColumnOrBadNumberIsNamed() {
        assertThatThrownBy(() -> BaselineCsv.read("base.csv", "perf_case_name,perf_metric\na_con:1,5\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("base.csv:1: header lacks column(s) threshold, absolute_threshold, metric_type; upstream's base CSV has "
                        + "perf_case_name, perf_metric, threshold, absolute_threshold, metric_type");
        assertThatThrownBy(() -> BaselineCsv.read("base.csv", "perf_case_name,perf_metric,threshold,absolute_threshold,metric_type\n"
                + "a_con:1,fast,-0.05,0,TOKEN_THROUGHPUT\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("base.csv:2: column perf_metric must be a number, got 'fast'");
    }
}
