package dev.disagg.sweep;

import dev.disagg.report.Html;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.Metric;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A sweep's combined result: sweep.md, index.html, one JUnit file, and the exit status. */
public final class SweepReport {
    public static final String MARKDOWN = "sweep.md";
    public static final String HTML = "index.html";
    public static final String JUNIT = "sweep-results.xml";
    /** The most severe first: an interrupted sweep, infrastructure, a user mistake, a failed test, a perf failure. */
    private static final List<Metric> KEY = List.of(Metric.OUTPUT_THROUGHPUT, Metric.MEDIAN_E2EL);

    private SweepReport() {
    }

    /** The worst case's status by the exit table ({@link Verdict#worst}; a status not in it is an infrastructure error). */
    public static int exitCode(List<SweepRow> rows) {
        return Verdict.worst(rows.stream().map(r -> Verdict.ofExitCode(r.exitCode())).toList()).exitCode();
    }

    static String keyMetrics(SweepRow r) {
        StringBuilder b = new StringBuilder();
        for (ConcurrencyResult c : r.metrics()) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append("c=").append(c.concurrency());
            for (Metric m : KEY) {
                c.value(m).ifPresent(v -> b.append(' ').append(num(v)).append(' ').append(m.unit()));
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    /** Relative to the directory the sweep's files are written to. */
    static String reportLink(SweepRow r, Path outDir) {
        return r.caseDir().map(d -> outDir.toAbsolutePath().relativize(d.toAbsolutePath().resolve("report.html")).toString().replace('\\', '/'))
                .orElse("");
    }

    public static String markdown(List<SweepRow> rows, Path outDir) {
        int exit = exitCode(rows);
        StringBuilder b = new StringBuilder("## Sweep: ").append(rows.size()).append(" case(s), exit ").append(exit).append("\n\n");
        b.append("| case | verdict | exit | job | key metrics | report |\n|---|---|---:|---|---|---|\n");
        for (SweepRow r : rows) {
            String link = reportLink(r, outDir);
            b.append("| ").append(md(r.caseName())).append(" | ").append(r.verdict()).append(" | ").append(r.exitCode()).append(" | ")
                    .append(md(r.jobId().orElse("-"))).append(" | ").append(md(keyMetrics(r))).append(" | ")
                    .append(link.isEmpty() ? "-" : "[report](" + link + ")").append(" |\n");
        }
        rows.stream().filter(r -> r.exitCode() != 0).forEach(r -> b.append("\n- ").append(md(r.caseName())).append(": ").append(md(r.message())));
        return b.append('\n').toString();
    }

    public static String html(List<SweepRow> rows, Path outDir) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sweep</title>\n<style>\n"
                + "body{font-family:system-ui,sans-serif;margin:24px;color:#1f2328}table{border-collapse:collapse;font-size:13px}"
                + "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}th{background:#f6f8fa}"
                + "tr.PASS td{background:#f6fff8}tr.fail td{background:#ffebe9}\n</style>\n</head>\n<body>\n");
        h.append("<h1>Sweep: ").append(rows.size()).append(" case(s), exit status ").append(exitCode(rows)).append("</h1>\n");
        h.append("<table>\n<tr><th>case</th><th>verdict</th><th>exit</th><th>job</th><th>key metrics</th><th>message</th></tr>\n");
        for (SweepRow r : rows) {
            String link = reportLink(r, outDir);
            h.append("<tr class=\"").append(r.exitCode() == 0 ? "PASS" : "fail").append("\"><td>")
                    .append(link.isEmpty() ? Html.escape(r.caseName()) : "<a href=\"" + Html.escape(link) + "\">" + Html.escape(r.caseName()) + "</a>")
                    .append("</td><td>").append(Html.escape(r.verdict())).append("</td><td>").append(r.exitCode()).append("</td><td>")
                    .append(Html.escape(r.jobId().orElse("-"))).append("</td><td>").append(Html.escape(keyMetrics(r))).append("</td><td>")
                    .append(Html.escape(r.message())).append("</td></tr>\n");
        }
        return h.append("</table>\n</body>\n</html>\n").toString();
    }

    /**
     * Every case's test suites (from its results.xml) under one {@code <testsuites>}; a case that
     * ended before its check gets a suite with one failed test saying why.
     */
    public static String junit(List<SweepRow> rows) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            Document out = f.newDocumentBuilder().newDocument();
            Element root = out.createElement("testsuites");
            root.setAttribute("name", "disagg sweep");
            out.appendChild(root);
            for (SweepRow r : rows) {
                Path xml = r.caseDir().map(d -> d.resolve("results.xml")).filter(Files::isRegularFile).orElse(null);
                boolean imported = false;
                if (xml != null && r.verdict().matches("PASS|TEST_FAILED|PERF_REGRESSION")) {
                    Document in = f.newDocumentBuilder().parse(xml.toFile());
                    Element top = in.getDocumentElement();
                    List<Node> suites = top.getNodeName().equals("testsuite") ? List.of(top) : children(top, "testsuite");
                    for (Node s : suites) {
                        root.appendChild(out.importNode(s, true));
                        imported = true;
                    }
                }
                if (!imported) {
                    Element suite = out.createElement("testsuite");
                    suite.setAttribute("name", r.caseName());
                    suite.setAttribute("tests", "1");
                    suite.setAttribute("failures", r.exitCode() == 0 ? "0" : "1");
                    Element tc = out.createElement("testcase");
                    tc.setAttribute("classname", r.caseName());
                    tc.setAttribute("name", "case");
                    if (r.exitCode() != 0) {
                        Element fail = out.createElement("failure");
                        fail.setAttribute("type", r.verdict());
                        fail.setAttribute("message", r.message());
                        tc.appendChild(fail);
                    }
                    suite.appendChild(tc);
                    root.appendChild(suite);
                }
            }
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(out), new StreamResult(w));
            return w + "\n";
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException
                 | javax.xml.transform.TransformerException e) {
            throw new IllegalStateException("combining the cases' results.xml failed: " + e.getMessage(), e);
        }
    }

    private static List<Node> children(Element e, String name) {
        List<Node> out = new java.util.ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(name)) {
                out.add(n);
            }
        }
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
