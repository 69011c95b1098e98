package dev.disagg.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.results.Direction;
import dev.disagg.results.Metric;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaselineYamlTest {
    static final String EXAMPLE = """
            # baselines for the nightly L0 perf stage
            version: 1
            baselines:
              - case: ds-r1_1k1k_ctx1_gen1
                gpu: GB200
                concurrency: 16
                metrics:
                  output_throughput: {value: 1500.5, tolerance: 5%}
                  median_e2el: {value: 9000, tolerance: 0.1, absolute: 50}
                  user_throughput: 90
              - case: ds-r1_1k1k_ctx1_gen1
                concurrency: 16
                metrics:
                  output_throughput: {value: 1200, tolerance: 0.08, direction: lower_is_better}
            """;

    @Test
    void readsEntriesWithTolerancesDirectionsAndLines() {
        Baseline b = BaselineYaml.read("base.yaml", EXAMPLE);

        assertThat(b.entries()).hasSize(4);
        BaselineEntry first = b.entries().get(0);
        assertThat(first).isEqualTo(new BaselineEntry("ds-r1_1k1k_ctx1_gen1", Optional.of("GB200"), 16, Metric.OUTPUT_THROUGHPUT,
                1500.5, 0.05, 0, Direction.HIGHER_IS_BETTER, "base.yaml:8"));
        assertThat(b.entries().get(1).absoluteTolerance()).isEqualTo(50);
        assertThat(b.entries().get(1).direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(b.entries().get(2).value()).isEqualTo(90);
        assertThat(b.entries().get(2).tolerance()).isEqualTo(BaselineEntry.DEFAULT_TOLERANCE);
        assertThat(b.entries().get(3).gpuType()).isEmpty();
        assertThat(b.entries().get(3).direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void writeThenReadGivesTheSameEntries() {
        List<BaselineEntry> entries = BaselineYaml.read("base.yaml", EXAMPLE).entries();
        String written = BaselineYaml.write(entries);
        List<BaselineEntry> again = BaselineYaml.read("again.yaml", written).entries();

        assertThat(again).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(again.get(i).sameKey(entries.get(i))).isTrue();
            assertThat(again.get(i)).usingRecursiveComparison().ignoringFields("origin").isEqualTo(entries.get(i));
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "baselines:\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      output_thruput: 5 | base.yaml:5:7: baselines[0].metrics.output_thruput: unknown metric 'output_thruput'; expected one of request_throughput",
            "baselines:\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      output_throughput: {value: fast} | base.yaml:5:34: baselines[0].metrics.output_throughput.value: value must be a number, got 'fast'",
            "baselines:\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      median_ttft: {value: 1, tolerance: -5%} | base.yaml:5:42: baselines[0].metrics.median_ttft.tolerance: tolerance must be a fraction (0.05) or a percentage (5%), not negative; got '-5%'",
            "baselines:\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      median_ttft: {value: 1, direction: up} | base.yaml:5:42: baselines[0].metrics.median_ttft.direction: direction must be higher_is_better or lower_is_better, got 'up'",
            "baselines:\\n  - case: a\\n    metrics:\\n      median_ttft: 1 | base.yaml:2:5: baselines[0]: baseline entry lacks 'concurrency:'",
            "baselines:\\n  - case: a\\n    concurrency: 2.5\\n    metrics:\\n      median_ttft: 1 | base.yaml:3:18: baselines[0].concurrency: concurrency must be a positive whole number, got '2.5'",
            "baselines:\\n  - case: a\\n    concurency: 2\\n    metrics:\\n      median_ttft: 1 | base.yaml:3:5: baselines[0].concurency: unknown key 'concurency' in a baseline entry; expected one of case, concurrency, gpu, metrics",
            "baseline:\\n  - case: a | base.yaml:1:1: baseline: unknown key 'baseline' in the top level; expected one of baselines, version",
            "baselines:\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      median_ttft: 1\\n  - case: a\\n    concurrency: 1\\n    metrics:\\n      median_ttft: 2 | base.yaml:9:7: baselines[1].metrics.median_ttft: duplicate baseline for a, concurrency 1, median_ttft (first at base.yaml:5)",
            "baselines: [ | base.yaml:1:13: not valid YAML: while parsing a flow node: expected the node content",
    })
    void badFilesNameTheLineTheYamlPathAndWhatWasExpected(String text, String message) {
        assertThatThrownBy(() -> BaselineYaml.read("base.yaml", text.replace("\\n", "\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void anEmptyFileHasNoEntries() {
        assertThat(BaselineYaml.read("empty.yaml", "# nothing yet\n").entries()).isEmpty();
    }

    @Test
    void theLoaderOfEveryUsersYamlRefusesDuplicateKeysAndAliasBombs() {
        assertThatThrownBy(() -> BaselineYaml.read("base.yaml", "version: 1\nversion: 2\nbaselines: []\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("base.yaml:2:1: key 'version' is written twice in one mapping (first at line 1)");
        StringBuilder bomb = new StringBuilder("a: &a [x, x]\n");
        for (int i = 0; i < 60; i++) {
            bomb.append("k").append(i).append(": *a\n");
        }
        assertThatThrownBy(() -> BaselineYaml.read("base.yaml", bomb.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("base.yaml:52:6: too many aliases (*name) to collections: refusing what looks like an alias bomb");
    }

    @Test
    void writtenBaselinesAreReadableBlockYaml() {
        List<BaselineEntry> entries = BaselineYaml.read("base.yaml", EXAMPLE).entries();

        assertThat(BaselineYaml.write(entries)).isEqualTo("""
                # disagg perf baselines (format: core/docs/perf-check.md)
                version: 1
                baselines:
                - case: ds-r1_1k1k_ctx1_gen1
                  gpu: GB200
                  concurrency: 16
                  metrics:
                    output_throughput:
                      value: 1500.5
                      tolerance: 0.05
                    median_e2el:
                      value: 9000
                      tolerance: 0.1
                      absolute: 50
                    user_throughput:
                      value: 90
                      tolerance: 0.05
                - case: ds-r1_1k1k_ctx1_gen1
                  concurrency: 16
                  metrics:
                    output_throughput:
                      value: 1200
                      tolerance: 0.08
                      direction: lower_is_better
                """);
    }
}
