package dev.disagg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A small inline SVG line chart: measured points and baseline points, one per concurrency. */
final class SvgChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 20;
    private static final int BOTTOM = 60;
    static final String MEASURED_COLOR = "#1f6feb";
    static final String REGRESSED_COLOR = "#d1242f";
    static final String BASELINE_COLOR = "#9a6700";

    /**
     * @param flagged drawn in the regression colour
     * @param estimated one coordinate is not from the baseline but from this run
     */
    record Point(int concurrency, double x, double y, boolean flagged, boolean estimated) {
    }

    private SvgChart() {
    }

    static String render(String xLabel, String yLabel, List<Point> measured, List<Point> baseline) {
        List<Point> all = new ArrayList<>(measured);
        all.addAll(baseline);
        Axis xAxis = Axis.of(all.stream().mapToDouble(Point::x).min().orElse(0), all.stream().mapToDouble(Point::x).max().orElse(1));
        Axis yAxis = Axis.of(all.stream().mapToDouble(Point::y).min().orElse(0), all.stream().mapToDouble(Point::y).max().orElse(1));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(yLabel + " vs " + xLabel)).append("\">\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth()).append("\" height=\"")
                .append(plotHeight()).append("\" fill=\"#fff\" stroke=\"#d0d7de\"/>\n");
        axes(s, xAxis, yAxis, xLabel, yLabel);
        series(s, baseline, xAxis, yAxis, BASELINE_COLOR, true);
        series(s, measured, xAxis, yAxis, MEASURED_COLOR, false);
        legend(s, !baseline.isEmpty(), measured.stream().anyMatch(Point::flagged));
        s.append("</svg>\n");
        return s.toString();
    }

    private static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static double px(double x, Axis a) {
        return LEFT + a.fraction(x) * plotWidth();
    }

    private static double py(double y, Axis a) {
        return TOP + plotHeight() - a.fraction(y) * plotHeight();
    }

    private static void axes(StringBuilder s, Axis xAxis, Axis yAxis, String xLabel, String yLabel) {
        for (double xv : xAxis.ticks()) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eaeef2\"/>%n",
                    px(xv, xAxis), TOP, px(xv, xAxis), TOP + plotHeight()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n",
                    px(xv, xAxis), TOP + plotHeight() + 18, Fmt.num(xv)));
        }
        for (double yv : yAxis.ticks()) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eaeef2\"/>%n",
                    LEFT, py(yv, yAxis), LEFT + plotWidth(), py(yv, yAxis)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, py(yv, yAxis) + 4, Fmt.num(yv)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotWidth() / 2, HEIGHT - 16, Html.escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                TOP + plotHeight() / 2, TOP + plotHeight() / 2, Html.escape(yLabel)));
    }

    private static void series(StringBuilder s, List<Point> points, Axis xAxis, Axis yAxis, String color, boolean baseline) {
        List<Point> sorted = points.stream().sorted(Comparator.comparingInt(Point::concurrency)).toList();
        if (sorted.size() > 1) {
            StringBuilder path = new StringBuilder();
            sorted.forEach(p -> path.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(p.x(), xAxis), py(p.y(), yAxis))));
            s.append("<polyline class=\"").append(baseline ? "baseline" : "measured").append("\" fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\"").append(baseline ? " stroke-dasharray=\"6 4\"" : "")
                    .append(" points=\"").append(path.toString().trim()).append("\"/>\n");
        }
        for (Point p : sorted) {
            String fill = baseline ? "#fff" : p.flagged() ? REGRESSED_COLOR : color;
            String stroke = baseline ? color : p.flagged() ? REGRESSED_COLOR : color;
            s.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">"
                            + "<title>%s</title></circle>%n",
                    baseline ? "baseline-point" : "measured-point", px(p.x(), xAxis), py(p.y(), yAxis), baseline ? 4 : 5, fill, stroke,
                    Html.escape((baseline ? "baseline" : "measured") + " at concurrency " + p.concurrency() + ": "
                            + Fmt.num(p.x()) + ", " + Fmt.num(p.y()) + (p.estimated() ? " (one axis from this run)" : ""))));
            if (!baseline) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#57606a\">c=%d</text>%n",
                        px(p.x(), xAxis) + 7, py(p.y(), yAxis) - 7, p.concurrency()));
            }
        }
    }

    private static void legend(StringBuilder s, boolean withBaseline, boolean withRegressions) {
        int x = LEFT + 12;
        int y = TOP + 16;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"12\">this run</text>%n", x, y, x + 24, y, MEASURED_COLOR, x + 30, y + 4));
        if (withBaseline) {
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
                    + "<text x=\"%d\" y=\"%d\" font-size=\"12\">baseline</text>%n", x, y + 18, x + 24, y + 18, BASELINE_COLOR, x + 30, y + 22));
        }
        if (withRegressions) {
            int ry = y + (withBaseline ? 36 : 18);
            s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">"
                    + "regressed</text>%n", x + 12, ry, REGRESSED_COLOR, x + 30, ry + 4));
        }
    }

    /**
     * A linear axis with round ticks. It starts at 0 unless the data sit far from 0 (then it
     * zooms in, so a 5 % change stays visible).
     */
    record Axis(double lo, double hi, double step) {
        static Axis of(double min, double max) {
            if (!Double.isFinite(min) || !Double.isFinite(max) || max <= 0) {
                return new Axis(0, 1, 0.2);
            }
            double lo = min < 0.5 * max || min == max ? 0 : min - 0.1 * (max - min);
            double step = niceStep(Math.max(max - lo, max * 0.01) / 5);
            lo = Math.floor(lo / step) * step;
            double hi = Math.ceil(max * 1.02 / step) * step;
            return new Axis(lo, hi, step);
        }

        double fraction(double v) {
            return (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            List<Double> out = new ArrayList<>();
            for (int i = 0; lo + i * step <= hi + step / 1000; i++) {
                out.add(lo + i * step);
            }
            return out;
        }
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v}. */
    static double niceStep(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
