package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvgChartTest {

    @Test
    void axisStartsAtZeroUnlessTheDataSitFarFromIt() {
        SvgChart.Axis wide = SvgChart.Axis.of(667, 2400);
        SvgChart.Axis narrow = SvgChart.Axis.of(5930, 7801);
        SvgChart.Axis single = SvgChart.Axis.of(667, 667);

        assertThat(wide.lo()).isZero();
        assertThat(wide.hi()).isGreaterThanOrEqualTo(2400);
        assertThat(narrow.lo()).isGreaterThan(5000).isLessThanOrEqualTo(5930);
        assertThat(narrow.hi()).isGreaterThanOrEqualTo(7801);
        assertThat(narrow.ticks()).first().isEqualTo(narrow.lo());
        assertThat(narrow.ticks()).last().isEqualTo(narrow.hi());
        assertThat(single.lo()).isZero();
        assertThat(single.fraction(667)).isBetween(0.5, 1.0);
    }

    @Test
    void stepsAreRound() {
        assertThat(SvgChart.niceStep(0.3)).isEqualTo(0.5);
        assertThat(SvgChart.niceStep(420)).isEqualTo(500);
        assertThat(SvgChart.niceStep(2100)).isEqualTo(2500);
        assertThat(SvgChart.niceStep(10)).isEqualTo(10);
    }
}
