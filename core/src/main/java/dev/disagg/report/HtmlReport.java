package dev.disagg.report;

import dev.disagg.history.HistoryRecord;
import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.MetricVerdict;
import dev.disagg.perf.PerfComparison;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import dev.disagg.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no network) with
 * the verdict, the failure, a throughput-vs-latency chart with the baseline, and the tables.
 */
public final class HtmlReport {
    public static final String FILE_NAME = dev.disagg.plan.CaseLayout.REPORT;
    static final Metric Y_METRIC = Metric.OUTPUT_THROUGHPUT;
    private static final List<Metric> X_CANDIDATES = List.of(Metric.MEDIAN_E2EL, Metric.MEDIAN_TTFT, Metric.MEAN_E2EL,
            Metric.MEAN_TTFT, Metric.MEDIAN_TPOT, Metric.MEAN_TPOT);
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1f2328;max-width:1100px}
            h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px}
            .verdict{display:inline-block;padding:4px 10px;border-radius:6px;font-weight:600;color:#fff}
            .PASS{background:#1a7f37}.PERF_REGRESSION{background:#bc4c00}.other{background:#cf222e}
            table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:right}
            th{background:#f6f8fa}td.l,th.l{text-align:left}tr.REGRESSION td{background:#ffebe9}tr.PASS td{background:#f6fff8}
            .failure{border-left:4px solid #cf222e;background:#fff8f8;padding:8px 12px}code,pre{font-family:ui-monospace,monospace;font-size:12px}
            .note{color:#57606a;font-size:13px}.trends{display:flex;flex-wrap:wrap;gap:8px}
            """;

    private HtmlReport() {
    }

    public static String render(CaseReport r) {
        StringBuilder h = new StringBuilder();
        Verdict v = r.decision().verdict();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(e(r.caseName() + ": " + v)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(e(r.caseName())).append("</h1>\n");
        String cls = v == Verdict.PASS || v == Verdict.PERF_REGRESSION ? v.name() : "other";
        h.append("<p><span class=\"verdict ").append(cls).append("\">").append(e(v.name())).append("</span> exit status ")
                .append(r.decision().exitCode()).append(" (test ").append(r.decision().testExitCode()).append(", perf check ")
                .append(r.decision().perfCheckExitCode()).append(")</p>\n<ul>\n");
        li(h, "Test", r.test().passed() ? "passed" : "FAILED: " + r.test().message());
        li(h, "Perf check", SummaryMarkdown.perfLine(r.perf()).replace("**", ""));
        li(h, "Perf reference", r.perf().referenceDescription());
        li(h, "Baseline", r.perf().baselineSource().isEmpty() ? "none" : r.perf().baselineSource());
        r.baselineCoverage().forEach(line -> {
            int colon = line.indexOf(": ");
            li(h, line.substring(0, colon), line.substring(colon + 2));
        });
        li(h, "GPU type", r.gpuType().orElse("any"));
        r.jobState().ifPresentOrElse(j -> li(h, "Job", j.describeEnd()), () -> li(h, "Job", r.jobId().orElse("unknown")));
        li(h, "Case directory", r.caseDir().toString());
        h.append("</ul>\n");
        failure(h, r.test());
        chart(h, r);
        trend(h, r);
        comparisons(h, r.perf().comparisons());
        measured(h, r.benchmark().results());
        List<String> notes = new ArrayList<>(r.notes());
        notes.addAll(r.perf().notes());
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul class=\"note\">\n");
            notes.forEach(n -> h.append("<li>").append(e(n)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void failure(StringBuilder h, TestOutcome t) {
        if (t.passed()) {
            return;
        }
        h.append("<h2>Why the test failed</h2>\n<div class=\"failure\">\n<p><b>").append(e(t.cause().map(Enum::name).orElse("FAILED")))
                .append("</b>: <code>").append(e(t.firstError())).append("</code></p>\n");
        t.firstLog().ifPresent(f -> h.append("<p>Open first: <code>").append(e(f)).append("</code></p>\n"));
        if (!t.logOrder().isEmpty()) {
            h.append("<p>Logs in reading order: ").append(e(String.join(", ", t.logOrder()))).append("</p>\n");
        }
        h.append("<ul>\n");
        t.reasons().forEach(reason -> h.append("<li>").append(e(reason)).append("</li>\n"));
        h.append("</ul>\n</div>\n");
    }

    private static void chart(StringBuilder h, CaseReport r) {
        h.append("<h2>Throughput vs latency</h2>\n");
        List<ConcurrencyResult> results = r.benchmark().results();
        Optional<Metric> x = X_CANDIDATES.stream().filter(m -> !results.isEmpty() && results.stream().allMatch(c -> c.value(m).isPresent())).findFirst();
        if (x.isEmpty() || results.stream().anyMatch(c -> c.value(Y_METRIC).isEmpty())) {
            h.append("<p class=\"note\">No chart: the benchmark output has no throughput and latency to draw.</p>\n");
            return;
        }
        List<SvgChart.Point> measured = new ArrayList<>();
        List<SvgChart.Point> baseline = new ArrayList<>();
        boolean estimated = false;
        for (ConcurrencyResult c : results) {
            double mx = c.value(x.get()).getAsDouble();
            double my = c.value(Y_METRIC).getAsDouble();
            boolean regressed = r.perf().comparisons().stream().anyMatch(p -> p.concurrency() == c.concurrency() && p.verdict() == MetricVerdict.REGRESSION);
            measured.add(new SvgChart.Point(c.concurrency(), mx, my, regressed, false));
            Optional<BaselineEntry> bx = baselineOf(r, c.concurrency(), x.get());
            Optional<BaselineEntry> by = baselineOf(r, c.concurrency(), Y_METRIC);
            if (bx.isPresent() || by.isPresent()) {
                boolean est = bx.isEmpty() || by.isEmpty();
                estimated |= est;
                baseline.add(new SvgChart.Point(c.concurrency(), bx.map(BaselineEntry::value).orElse(mx), by.map(BaselineEntry::value).orElse(my), false, est));
            }
        }
        h.append(SvgChart.render(x.get().label(), Y_METRIC.label(), measured, baseline));
        h.append("<p class=\"note\">One point per concurrency (c=N).");
        if (baseline.isEmpty()) {
            h.append(" No baseline to draw.");
        } else if (estimated) {
            h.append(" Where the baseline has no value for one axis, its point uses this run's value on that axis.");
        }
        h.append("</p>\n");
    }

    private static Optional<BaselineEntry> baselineOf(CaseReport r, int concurrency, Metric metric) {
        return r.perf().comparisons().stream().filter(p -> p.concurrency() == concurrency && p.metric() == metric)
                .flatMap(p -> p.baseline().stream()).findFirst();
    }

    /** Each gated metric at each concurrency across the last runs in the history, with its references and bands. */
    private static void trend(StringBuilder h, CaseReport r) {
        if (r.trend().isEmpty()) {
            return;
        }
        h.append("<h2>Trend</h2>\n");
        List<HistoryRecord> past = r.trend().get();
        if (past.isEmpty()) {
            h.append("<p class=\"note\">No earlier run of this case in the history yet.</p>\n");
            return;
        }
        h.append("<div class=\"trends\">\n");
        for (ConcurrencyResult c : r.benchmark().results()) {
            for (Metric m : Metric.DEFAULT_GATED) {
                if (c.value(m).isEmpty()) {
                    continue;
                }
                List<TrendChart.Run> runs = new ArrayList<>();
                for (HistoryRecord p : past) {
                    p.value(c.concurrency(), m).ifPresent(v -> runs.add(new TrendChart.Run(p.time() + p.jobId().map(j -> " job " + j).orElse("")
                            + p.commit().map(x -> " commit " + x).orElse(""), v, p.passing(), false)));
                }
                runs.add(new TrendChart.Run("this run" + r.jobId().map(j -> " (job " + j + ")").orElse(""), c.value(m).getAsDouble(), true, true));
                List<TrendChart.Reference> refs = new ArrayList<>();
                boolean regressed = false;
                for (PerfComparison p : r.perf().comparisons()) {
                    if (p.concurrency() == c.concurrency() && p.metric() == m) {
                        regressed |= p.verdict() == MetricVerdict.REGRESSION;
                        p.baseline().ifPresent(b -> refs.add(new TrendChart.Reference(
                                p.reference() == dev.disagg.perf.PerfReference.HISTORY ? "history median" : "baseline", b.value(), b.limit())));
                    }
                }
                h.append(TrendChart.render(m.key() + " (" + m.unit() + ") at concurrency " + c.concurrency(), runs, refs, regressed));
            }
        }
        h.append("</div>\n<p class=\"note\">The last ").append(past.size()).append(" earlier run(s) of this case in the history"
                + " (hollow: a failed or regressed run), then this run; solid line: the reference, dashed: its limit, shaded: the allowed band.</p>\n");
    }

    private static void comparisons(StringBuilder h, List<PerfComparison> rows) {
        h.append("<h2>Perf check</h2>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"note\">Nothing was compared.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>concurrency</th><th class=\"l\">metric</th><th>baseline</th><th>measured</th><th>change</th>"
                + "<th>allowed</th><th class=\"l\">verdict</th></tr>\n");
        for (PerfComparison c : rows) {
            h.append("<tr class=\"").append(c.verdict().name()).append("\"><td>").append(c.concurrency()).append("</td><td class=\"l\">")
                    .append(e(Fmt.metricName(c) + " (" + c.metric().unit() + ")")).append("</td><td>")
                    .append(c.baseline().map(b -> Fmt.num(b.value())).orElse("-")).append("</td><td>").append(Fmt.num(c.measured()))
                    .append("</td><td>").append(Fmt.percent(c.changePercent())).append("</td><td>").append(e(Fmt.allowed(c)))
                    .append("</td><td class=\"l\">").append(e(c.verdict().label())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** One row per metric and one column per concurrency, so many metrics stay readable. */
    private static void measured(StringBuilder h, List<ConcurrencyResult> results) {
        h.append("<h2>Measured</h2>\n");
        if (results.isEmpty()) {
            h.append("<p class=\"note\">No benchmark results were read.</p>\n");
            return;
        }
        TreeSet<Metric> present = new TreeSet<>();
        results.forEach(c -> present.addAll(c.metrics().keySet()));
        h.append("<table>\n<tr><th class=\"l\">concurrency</th>");
        results.forEach(c -> h.append("<th>").append(c.concurrency()).append("</th>"));
        h.append("</tr>\n");
        row(h, "successful requests", results, c -> Long.toString(c.successfulRequests()));
        row(h, "failed requests", results, c -> Long.toString(c.failedRequests()));
        row(h, "generated tokens", results, c -> Long.toString(c.generatedTokens()));
        row(h, "duration (s)", results, c -> Fmt.num(c.durationSeconds()));
        present.forEach(m -> row(h, m.label(), results, c -> Fmt.num(c.value(m))));
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String label, List<ConcurrencyResult> results, Function<ConcurrencyResult, String> cell) {
        h.append("<tr><td class=\"l\">").append(e(label)).append("</td>");
        results.forEach(c -> h.append("<td>").append(e(cell.apply(c))).append("</td>"));
        h.append("</tr>\n");
    }

    private static void li(StringBuilder h, String label, String value) {
        h.append("<li><b>").append(e(label)).append(":</b> ").append(e(value)).append("</li>\n");
    }

    private static String e(String s) {
        return Html.escape(s);
    }
}
