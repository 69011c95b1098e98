package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrendChartTest {
    private static double attr(String svg, String element, String cls, String name) {
        Matcher m = Pattern.compile("<" + element + " class=\"" + cls + "\"[^>]*? " + name + "=\"([0-9.]+)\"").matcher(svg);
        assertThat(m.find()).as(element + "." + cls + " " + name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void drawsPastRunsThisRunAndTheBandBetweenReferenceAndLimit() {
        String svg = TrendChart.render("output_throughput (tok/s) at concurrency 8", List.of(
                        new TrendChart.Run("t1", 100, true, false), new TrendChart.Run("t2", 80, false, false),
                        new TrendChart.Run("this run", 90, true, true)),
                List.of(new TrendChart.Reference("baseline", 100, 95)), true);

        double bandTop = attr(svg, "rect", "band", "y");
        double bandHeight = attr(svg, "rect", "band", "height");
        double firstY = attr(svg, "circle", "past", "cy");      // value 100 = the reference
        double currentY = attr(svg, "circle", "current", "cy"); // value 90, below the limit 95
        assertThat(bandTop).isEqualTo(firstY);
        assertThat(bandHeight).isPositive();
        assertThat(currentY).isGreaterThan(bandTop + bandHeight); // drawn below the band: worse than the limit
        assertThat(svg).contains("<circle class=\"past-failed\"").contains("fill=\"#fff\" stroke=\"" + TrendChart.PAST_COLOR + "\"");
        assertThat(svg).contains("fill=\"" + SvgChart.REGRESSED_COLOR + "\"");
        assertThat(svg).contains("<title>baseline 100</title>").contains("<title>baseline limit 95</title>");
        assertThat(svg).contains("2 earlier run(s)");
    }

    @Test
    void aPassingRunIsDrawnInTheMeasuredColourAndOneRunAloneIsCentred() {
        String svg = TrendChart.render("m", List.of(new TrendChart.Run("this run", 5, true, true)), List.of(), false);

        assertThat(svg).contains("fill=\"" + SvgChart.MEASURED_COLOR + "\"").doesNotContain("class=\"band\"").doesNotContain("<path");
        assertThat(attr(svg, "circle", "current", "cx")).isEqualTo(62 + (380 - 62 - 12) / 2.0);
    }
}
