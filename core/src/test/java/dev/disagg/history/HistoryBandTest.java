package dev.disagg.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.disagg.results.Direction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistoryBandTest {
    private static final HistoryPolicy THREE_SIGMA_5PCT = new HistoryPolicy(10, 5, 3.0, 0.05);

    private static List<Double> values(String blankSeparated) {
        return java.util.Arrays.stream(blankSeparated.trim().split("\\s+")).map(Double::valueOf).toList();
    }

    @ParameterizedTest(name = "{0} {1}: median {2}, MAD {3}, slack {4}")
    @CsvSource({
            // values, direction, median, MAD, slack (= max(3 x 1.4826 x MAD, 5% of |median|))
            "'100 102 98 101 99', HIGHER_IS_BETTER, 100, 1, 5",
            "'100 110 90 120 80', HIGHER_IS_BETTER, 100, 10, 44.478",
            "'100 100 100 100 100 100', LOWER_IS_BETTER, 100, 0, 5",
            "'1 2 3 4 100 5', LOWER_IS_BETTER, 3.5, 1.5, 6.6717",
            "'-10 -10 -10 -10 -10', HIGHER_IS_BETTER, -10, 0, 0.5",
    })
    void medianMadAndSlack(String past, Direction direction, double median, double mad, double slack) {
        HistoryBand b = HistoryBand.of(values(past), direction, THREE_SIGMA_5PCT).orElseThrow();

        assertThat(b.median()).isCloseTo(median, within(1e-9));
        assertThat(b.mad()).isCloseTo(mad, within(1e-9));
        assertThat(b.slack()).isCloseTo(slack, within(1e-3));
        assertThat(b.limit()).isCloseTo(direction == Direction.HIGHER_IS_BETTER ? median - slack : median + slack, within(1e-3));
    }

    @ParameterizedTest(name = "{1} measured {2} -> worse {3}")
    @CsvSource({
            "'100 102 98 101 99', HIGHER_IS_BETTER, 95.1, false",
            "'100 102 98 101 99', HIGHER_IS_BETTER, 94.9, true",
            "'100 102 98 101 99', HIGHER_IS_BETTER, 500, false",   // better never fails
            "'100 102 98 101 99', LOWER_IS_BETTER, 104.9, false",
            "'100 102 98 101 99', LOWER_IS_BETTER, 105.1, true",
            "'100 102 98 101 99', LOWER_IS_BETTER, 1, false",
            // one wild past run does not move the reference (a mean would)
            "'100 100 100 100 100 100 100 100 100 10000', LOWER_IS_BETTER, 120, true",
    })
    void directionAware(String past, Direction direction, double measured, boolean worse) {
        assertThat(HistoryBand.of(values(past), direction, THREE_SIGMA_5PCT).orElseThrow().isWorse(measured)).isEqualTo(worse);
    }

    @Test
    void tooFewRunsIsNoJudgement() {
        assertThat(HistoryBand.of(values("1 2 3 4"), Direction.HIGHER_IS_BETTER, THREE_SIGMA_5PCT)).isEqualTo(Optional.empty());
        assertThat(HistoryBand.of(List.of(), Direction.HIGHER_IS_BETTER, new HistoryPolicy(1, 1, 3, 0.05))).isEmpty();
        assertThat(HistoryBand.of(values("7"), Direction.HIGHER_IS_BETTER, new HistoryPolicy(1, 1, 3, 0.05))).isPresent();
    }

    @Test
    void policyRanges() {
        assertThatThrownBy(() -> new HistoryPolicy(0, 1, 3, 0.05)).hasMessageContaining("1..1000");
        assertThatThrownBy(() -> new HistoryPolicy(5, 6, 3, 0.05)).hasMessageContaining("1..5");
        assertThatThrownBy(() -> new HistoryPolicy(5, 5, Double.NaN, 0.05)).hasMessageContaining("not negative");
        assertThatThrownBy(() -> new HistoryPolicy(5, 5, 3, -1)).hasMessageContaining("not negative");
    }
}
