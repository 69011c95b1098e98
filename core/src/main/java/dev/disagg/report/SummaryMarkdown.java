package dev.disagg.report;

import dev.disagg.perf.MetricVerdict;
import dev.disagg.perf.PerfCheckResult;
import dev.disagg.perf.PerfComparison;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import java.util.List;

/** {@code summary.md}: a few lines for a build description or the console. */
public final class SummaryMarkdown {
    public static final String FILE_NAME = dev.disagg.plan.CaseLayout.SUMMARY;
    private static final List<Metric> COLUMNS = List.of(Metric.OUTPUT_THROUGHPUT, Metric.TOTAL_THROUGHPUT, Metric.MEDIAN_TTFT, Metric.MEDIAN_E2EL);
    private static final int MAX_LISTED = 5;

    private SummaryMarkdown() {
    }

    public static String render(CaseReport r) {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(md(r.caseName())).append(": ").append(r.decision().verdict()).append(" (exit ")
                .append(r.decision().exitCode()).append(")\n\n");
        TestOutcome t = r.test();
        b.append("- Test: ").append(t.passed() ? "passed" : "**FAILED** " + md(t.message())).append('\n');
        b.append("- Perf check: ").append(perfLine(r.perf())).append('\n');
        b.append("  - Reference: ").append(md(r.perf().referenceDescription())).append('\n');
        r.baselineCoverage().forEach(line -> b.append("  - ").append(md(line).replaceFirst("^Warning:", "**Warning**:")).append('\n'));
        r.jobState().ifPresentOrElse(j -> b.append("- Job: ").append(md(j.describeEnd())).append('\n'),
                () -> r.jobId().ifPresent(id -> b.append("- Job: ").append(md(id)).append('\n')));
        if (!r.steps().isEmpty()) {
            b.append("- Steps (exit status): ").append(md(r.steps().stream().map(StepStatus::describe)
                    .collect(java.util.stream.Collectors.joining(", ")))).append('\n');
        }
        if (!t.passed()) {
            t.firstLog().ifPresent(f -> {
                b.append("- Open first: `").append(f).append('`');
                List<String> rest = t.logOrder().stream().filter(l -> !l.equals(f)).toList();
                if (!rest.isEmpty()) {
                    b.append(" (then ").append(String.join(", ", rest)).append(')');
                }
                b.append('\n');
            });
            t.reasons().stream().skip(1).limit(MAX_LISTED).forEach(reason -> b.append("  - ").append(md(reason)).append('\n'));
        }
        List<PerfComparison> regressions = r.perf().regressions();
        regressions.stream().limit(MAX_LISTED).forEach(c -> b.append("- Regression: ").append(md(Fmt.comparison(c))).append('\n'));
        if (regressions.size() > MAX_LISTED) {
            b.append("- ... and ").append(regressions.size() - MAX_LISTED).append(" more regressions (report.html)\n");
        }
        if (!r.benchmark().results().isEmpty()) {
            b.append('\n').append("| concurrency |");
            COLUMNS.forEach(m -> b.append(' ').append(m.key()).append(" (").append(m.unit()).append(") |"));
            b.append(" perf |\n|---:|");
            COLUMNS.forEach(m -> b.append("---:|"));
            b.append("---|\n");
            for (ConcurrencyResult c : r.benchmark().results()) {
                b.append("| ").append(c.concurrency()).append(" |");
                COLUMNS.forEach(m -> b.append(' ').append(Fmt.num(c.value(m))).append(" |"));
                b.append(' ').append(perfCell(r.perf(), c.concurrency())).append(" |\n");
            }
        }
        b.append("\nFiles: report.html, results.xml, result.json, perf_script_test_results.csv in ").append(md(r.caseDir().toString())).append('\n');
        return b.toString();
    }

    static String perfLine(PerfCheckResult p) {
        return switch (p.status()) {
            case SKIPPED -> "skipped (" + p.skip().describe() + ")";
            case PASSED -> "passed (" + count(p, MetricVerdict.PASS) + " metrics within tolerance"
                    + (count(p, MetricVerdict.NO_BASELINE) > 0 ? "; some concurrencies have no baseline" : "") + ")";
            case REGRESSED -> "**REGRESSED** (" + p.regressions().size() + " of " + (count(p, MetricVerdict.PASS) + p.regressions().size())
                    + " metrics beyond tolerance)";
            case NO_BASELINE -> "no baseline" + (p.notes().isEmpty() ? "" : " (" + md(p.notes().get(0)) + ")");
        };
    }

    private static long count(PerfCheckResult p, MetricVerdict v) {
        return p.comparisons().stream().filter(c -> c.verdict() == v).count();
    }

    private static String perfCell(PerfCheckResult p, int concurrency) {
        List<PerfComparison> at = p.comparisons().stream().filter(c -> c.concurrency() == concurrency).toList();
        if (at.stream().anyMatch(c -> c.verdict() == MetricVerdict.REGRESSION)) {
            return "**regressed**";
        }
        if (at.stream().anyMatch(c -> c.verdict() == MetricVerdict.PASS)) {
            return "pass";
        }
        return at.isEmpty() ? "-" : at.get(0).verdict().label();
    }

    /** Keeps table pipes and markup characters from breaking the Markdown. */
    static String md(String s) {
        return s.replace("|", "\\|").replace("*", "\\*").replace("`", "'").replace("\n", " ");
    }
}
