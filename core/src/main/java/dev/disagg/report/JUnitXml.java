package dev.disagg.report;

import dev.disagg.perf.MetricVerdict;
import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.PerfCheckStatus;
import dev.disagg.perf.PerfComparison;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code results.xml} in the JUnit format Jenkins' junit step reads: one testcase for the case
 * itself and one per gated metric and concurrency (a regression is a failure; skipped checks
 * and missing baselines are skipped testcases).
 */
public final class JUnitXml {
    public static final String FILE_NAME = dev.disagg.plan.CaseLayout.RESULTS_XML;

    private JUnitXml() {
    }

    public static String render(CaseReport r) {
        List<PerfComparison> rows = r.perf().comparisons();
        boolean missingFails = r.perf().status() != PerfCheckStatus.SKIPPED
                && r.perf().missingBaselinePolicy() == MissingBaselinePolicy.FAIL;
        int failures = (r.test().passed() ? 0 : 1) + (int) rows.stream().filter(c -> failed(c, missingFails)).count();
        int skipped = (int) rows.stream().filter(c -> !failed(c, missingFails) && c.verdict() != MetricVerdict.PASS).count();
        String suite = "disagg." + r.caseName();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            nl(x, 0);
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "disagg");
            counts(x, rows.size() + 1, failures, skipped, r.benchmarkSeconds());
            nl(x, 1);
            x.writeStartElement("testsuite");
            x.writeAttribute("name", clean(suite));
            counts(x, rows.size() + 1, failures, skipped, r.benchmarkSeconds());
            nl(x, 2);
            x.writeStartElement("properties");
            property(x, "caseName", r.caseName());
            property(x, "jobId", r.jobId().orElse(""));
            property(x, "verdict", r.decision().verdict().name());
            property(x, "exitCode", Integer.toString(r.decision().exitCode()));
            property(x, "testExitCode", Integer.toString(r.decision().testExitCode()));
            property(x, "perfCheck", r.perf().status().name());
            property(x, "perfReference", r.perf().referenceDescription());
            property(x, "skipPerfCheck", r.perf().skip().describe());
            property(x, "missingBaseline", r.perf().missingBaselinePolicy().key());
            property(x, "comparedMetrics", Fmt.coverage(r.perf().compared()));
            property(x, "metricsWithoutBaseline", Fmt.coverage(r.perf().missingBaseline()));
            for (StepStatus step : r.steps()) {
                property(x, "step." + step.role(), step.exitCode().isPresent()
                        ? step.exitCode().getAsInt() + " " + step.how() : step.how());
            }
            nl(x, 2);
            x.writeEndElement();
            caseTestcase(x, r, suite);
            for (PerfComparison c : rows) {
                perfTestcase(x, r, c, suite + ".perf", missingFails);
            }
            nl(x, 1);
            x.writeEndElement();
            nl(x, 0);
            x.writeEndElement();
            nl(x, 0);
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing JUnit XML to a string failed", e);
        }
        return out.toString();
    }

    private static boolean failed(PerfComparison c, boolean missingFails) {
        return c.verdict() == MetricVerdict.REGRESSION || (missingFails && c.verdict() == MetricVerdict.NO_BASELINE);
    }

    private static void caseTestcase(XMLStreamWriter x, CaseReport r, String suite) throws XMLStreamException {
        nl(x, 2);
        x.writeStartElement("testcase");
        x.writeAttribute("classname", clean(suite));
        x.writeAttribute("name", "case");
        x.writeAttribute("time", seconds(r.benchmarkSeconds()));
        TestOutcome t = r.test();
        if (!t.passed()) {
            nl(x, 3);
            x.writeStartElement("failure");
            x.writeAttribute("message", clean(t.message()));
            x.writeAttribute("type", t.cause().map(Enum::name).orElse("FAILED"));
            StringBuilder body = new StringBuilder();
            t.reasons().forEach(reason -> body.append(reason).append('\n'));
            t.firstLog().ifPresent(f -> body.append("Open first: ").append(f).append('\n'));
            if (!t.logOrder().isEmpty()) {
                body.append("Logs in reading order: ").append(String.join(", ", t.logOrder())).append('\n');
            }
            if (!r.steps().isEmpty()) {
                body.append("Steps (exit status): ").append(String.join(", ",
                        r.steps().stream().map(StepStatus::describe).toList())).append('\n');
            }
            x.writeCharacters(clean(body.toString()));
            x.writeEndElement();
        }
        nl(x, 3);
        x.writeStartElement("system-out");
        x.writeCharacters(clean("verdict " + r.decision().verdict() + " (exit " + r.decision().exitCode() + "); perf check "
                + r.perf().status().label() + "; case directory " + r.caseDir() + "\n"
                + r.baselineCoverage().stream().map(l -> l + "\n").collect(java.util.stream.Collectors.joining())));
        x.writeEndElement();
        nl(x, 2);
        x.writeEndElement();
    }

    private static void perfTestcase(XMLStreamWriter x, CaseReport r, PerfComparison c, String className, boolean missingFails)
            throws XMLStreamException {
        nl(x, 2);
        x.writeStartElement("testcase");
        x.writeAttribute("classname", clean(className));
        x.writeAttribute("name", "con=" + c.concurrency() + " " + Fmt.metricName(c));
        x.writeAttribute("time", "0");
        String line = Fmt.comparison(c);
        if (failed(c, missingFails)) {
            nl(x, 3);
            x.writeStartElement("failure");
            x.writeAttribute("message", clean(line));
            x.writeAttribute("type", c.verdict() == MetricVerdict.REGRESSION ? "PerfRegression" : "MissingBaseline");
            x.writeCharacters(clean(line + c.baseline().map(b -> "\nbaseline: " + b.origin()).orElse("") + "\n"));
            x.writeEndElement();
        } else if (c.verdict() != MetricVerdict.PASS) {
            nl(x, 3);
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", clean(skipMessage(r, c)));
        }
        nl(x, 3);
        x.writeStartElement("system-out");
        x.writeCharacters(clean(line + "\n"));
        x.writeEndElement();
        nl(x, 2);
        x.writeEndElement();
    }

    private static String skipMessage(CaseReport r, PerfComparison c) {
        return switch (c.verdict()) {
            case SKIPPED -> "perf check skipped: " + r.perf().skip().describe();
            case NO_BASELINE -> (c.reference() == dev.disagg.perf.PerfReference.HISTORY ? "too few passing runs in the history for "
                    : "no baseline for ") + c.metric().key() + " at concurrency " + c.concurrency();
            case NOT_MEASURED -> "not measured in this run";
            default -> c.verdict().label();
        };
    }

    private static void counts(XMLStreamWriter x, int tests, int failures, int skipped, double seconds) throws XMLStreamException {
        x.writeAttribute("tests", Integer.toString(tests));
        x.writeAttribute("failures", Integer.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", Integer.toString(skipped));
        x.writeAttribute("time", seconds(seconds));
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        nl(x, 3);
        x.writeEmptyElement("property");
        x.writeAttribute("name", clean(name));
        x.writeAttribute("value", clean(value));
    }

    private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
        x.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** Drops characters XML 1.0 cannot hold (log lines may carry terminal control codes). */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            if (ok) {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
