package dev.disagg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A small inline SVG of one metric across the last runs (oldest left, this run right), with the
 * baseline (solid), its allowed limit (dashed) and the allowed band (shaded between the
 * reference and the limit), so a slow drift shows before it fails.
 */
final class TrendChart {
    static final int WIDTH = 380;
    static final int HEIGHT = 190;
    private static final int LEFT = 62;
    private static final int RIGHT = 12;
    private static final int TOP = 24;
    private static final int BOTTOM = 30;
    static final String BAND_COLOR = "#fff8c5";
    static final String PAST_COLOR = "#57606a";

    /**
     * @param passing a passing past run (others are drawn hollow)
     * @param current this run (drawn in the measured or regression colour)
     */
    record Run(String label, double value, boolean passing, boolean current) {
    }

    /** The reference drawn: a value (baseline or history median) and the worst value that passes. */
    record Reference(String name, double value, double limit) {
    }

    private TrendChart() {
    }

    static String render(String title, List<Run> runs, List<Reference> references, boolean regressed) {
        List<Double> all = new ArrayList<>();
        runs.forEach(r -> all.add(r.value()));
        references.forEach(r -> {
            all.add(r.value());
            all.add(r.limit());
        });
        double min = all.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = all.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        SvgChart.Axis y = SvgChart.Axis.of(min, max);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape("trend of " + title)).append("\">\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"15\" font-size=\"12\" font-weight=\"bold\">").append(Html.escape(title)).append("</text>\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth()).append("\" height=\"")
                .append(plotHeight()).append("\" fill=\"#fff\" stroke=\"#d0d7de\"/>\n");
        for (double t : y.ticks()) {
            s.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(f(py(t, y) + 4)).append("\" font-size=\"10\" text-anchor=\"end\">")
                    .append(Html.escape(Fmt.num(OptionalDouble.of(t)))).append("</text>\n");
        }
        for (Reference r : references) {
            double top = Math.min(py(r.value(), y), py(r.limit(), y));
            double h = Math.abs(py(r.value(), y) - py(r.limit(), y));
            s.append("<rect class=\"band\" x=\"").append(LEFT).append("\" y=\"").append(f(top)).append("\" width=\"").append(plotWidth())
                    .append("\" height=\"").append(f(h)).append("\" fill=\"").append(BAND_COLOR).append("\" opacity=\"0.8\"><title>")
                    .append(Html.escape(r.name() + ": allowed band " + Fmt.num(OptionalDouble.of(r.value())) + " .. "
                            + Fmt.num(OptionalDouble.of(r.limit())))).append("</title></rect>\n");
            line(s, r.value(), y, SvgChart.BASELINE_COLOR, "", r.name() + " " + Fmt.num(OptionalDouble.of(r.value())));
            line(s, r.limit(), y, SvgChart.BASELINE_COLOR, " stroke-dasharray=\"5 3\"", r.name() + " limit " + Fmt.num(OptionalDouble.of(r.limit())));
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            path.append(i == 0 ? "M" : " L").append(f(px(i, runs.size()))).append(' ').append(f(py(runs.get(i).value(), y)));
        }
        if (runs.size() > 1) {
            s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(PAST_COLOR).append("\" stroke-width=\"1.2\"/>\n");
        }
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            String color = r.current() ? (regressed ? SvgChart.REGRESSED_COLOR : SvgChart.MEASURED_COLOR) : PAST_COLOR;
            s.append("<circle class=\"").append(r.current() ? "current" : r.passing() ? "past" : "past-failed").append("\" cx=\"")
                    .append(f(px(i, runs.size()))).append("\" cy=\"").append(f(py(r.value(), y))).append("\" r=\"").append(r.current() ? 5 : 3.5)
                    .append("\" fill=\"").append(r.passing() || r.current() ? color : "#fff").append("\" stroke=\"").append(color)
                    .append("\"><title>").append(Html.escape(r.label() + ": " + Fmt.num(OptionalDouble.of(r.value()))
                            + (r.passing() || r.current() ? "" : " (failed run)"))).append("</title></circle>\n");
        }
        s.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 10).append("\" font-size=\"10\">")
                .append(runs.size() - 1).append(" earlier run(s), oldest left; this run right</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }

    private static void line(StringBuilder s, double v, SvgChart.Axis y, String color, String extra, String title) {
        s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth()).append("\" y1=\"").append(f(py(v, y)))
                .append("\" y2=\"").append(f(py(v, y))).append("\" stroke=\"").append(color).append('"').append(extra)
                .append("><title>").append(Html.escape(title)).append("</title></line>\n");
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static double px(int i, int n) {
        return n <= 1 ? LEFT + plotWidth() / 2.0 : LEFT + 10 + i * (plotWidth() - 20.0) / (n - 1);
    }

    private static double py(double v, SvgChart.Axis a) {
        return TOP + plotHeight() - Math.max(0, Math.min(1, a.fraction(v))) * plotHeight();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
