package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Each kind of run (regression, invalid benchmark, pass) gives valid results.xml, summary.md and report.html. */
class ReportsTest {
    private static Schema junitSchema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadSchema() throws Exception {
        junitSchema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(ReportsTest.class.getResource("junit.xsd"));
    }

    private Path run(String kind) {
        Function<Path, CaseDirFixture> scenario = switch (kind) {
            case "regression" -> Scenarios::regressed;
            case "invalid" -> Scenarios::invalid;
            default -> Scenarios::passing;
        };
        Path dir = scenario.apply(tmp).dir();
        CaseChecker.check(dir, Scenarios.options(Scenarios.baseline(tmp), Map.of()));
        return dir;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // kind, testcases, failures, skipped, failing testcase
            "regression, 5, 1, 0, con=16 output_throughput",
            "invalid,    5, 1, 0, case",
            "pass,       5, 0, 0, -",
    })
    void resultsXmlIsValidJUnitWithConsistentCounts(String kind, int tests, int failures, int skipped, String failing) throws Exception {
        Path dir = run(kind);
        String xml = Files.readString(dir.resolve("results.xml"));

        junitSchema.newValidator().validate(new StreamSource(new StringReader(xml)));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        NodeList cases = suite.getElementsByTagName("testcase");
        NodeList failureElements = suite.getElementsByTagName("failure");
        assertThat(cases.getLength()).isEqualTo(tests).isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
        assertThat(failureElements.getLength()).isEqualTo(failures).isEqualTo(Integer.parseInt(suite.getAttribute("failures")));
        assertThat(suite.getElementsByTagName("skipped").getLength()).isEqualTo(skipped).isEqualTo(Integer.parseInt(suite.getAttribute("skipped")));
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("case");
        if (failures > 0) {
            Element testcase = (Element) failureElements.item(0).getParentNode();
            assertThat(testcase.getAttribute("name")).isEqualTo(failing);
        }
        if (kind.equals("invalid")) {
            Element failure = (Element) failureElements.item(0);
            assertThat(failure.getAttribute("type")).isEqualTo("BENCHMARK_INVALID");
            assertThat(failure.getAttribute("message")).startsWith("BENCHMARK_INVALID: concurrency 16: 3 failed requests");
            assertThat(failure.getTextContent()).contains("Open first: benchmark.log");
        }
        if (kind.equals("regression")) {
            assertThat(((Element) failureElements.item(0)).getAttribute("type")).isEqualTo("PerfRegression");
            assertThat(((Element) failureElements.item(0)).getAttribute("message"))
                    .isEqualTo("output_throughput at concurrency 16: measured 1500 tok/s, baseline 2000 (-25.0%), allowed >= 1900 (-5%) -> REGRESSION");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "testcase without name | <testsuites><testsuite name='s' tests='1'><testcase classname='c'/></testsuite></testsuites>",
            "two outcomes | <testsuites><testsuite name='s' tests='1'><testcase name='t'><failure/><skipped/></testcase></testsuite></testsuites>",
            "negative count | <testsuites><testsuite name='s' tests='-1'/></testsuites>",
            "unknown element | <testsuites><testsuite name='s' tests='0'><result/></testsuite></testsuites>",
    })
    void theSchemaRejectsWhatJenkinsWouldNotRead(String what, String xml) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> junitSchema.newValidator().validate(new StreamSource(new StringReader(xml))))
                .isInstanceOf(org.xml.sax.SAXParseException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"regression, PERF_REGRESSION, 1", "invalid, TEST_FAILED, 0", "pass, PASS, 0"})
    void reportHtmlIsSelfContainedWithAChartOfEveryConcurrencyAndTheBaseline(String kind, String verdict, int flagged) throws Exception {
        Path dir = run(kind);
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<span class=\"verdict").contains(verdict)
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("<link");
        Matcher svg = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        assertThat(svg.find()).isTrue();
        Document chart = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg.group())));
        NodeList circles = chart.getElementsByTagName("circle");
        int measured = 0;
        int baseline = 0;
        int red = 0;
        for (int i = 0; i < circles.getLength(); i++) {
            Element c = (Element) circles.item(i);
            measured += c.getAttribute("class").equals("measured-point") ? 1 : 0;
            baseline += c.getAttribute("class").equals("baseline-point") ? 1 : 0;
            red += c.getAttribute("class").equals("measured-point") && c.getAttribute("fill").equals(SvgChart.REGRESSED_COLOR) ? 1 : 0;
        }
        assertThat(measured).isEqualTo(2);
        assertThat(baseline).isEqualTo(2);
        assertThat(red).isEqualTo(flagged);
        assertThat(svg.group()).contains("class=\"baseline\"").contains("stroke-dasharray").contains(">c=16<")
                .contains("Median E2EL (ms)").contains("Output token throughput (tok/s)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"regression, PERF_REGRESSION (exit 3)", "invalid, TEST_FAILED (exit 1)", "pass, PASS (exit 0)"})
    void summaryIsShortAndLeadsWithTheVerdict(String kind, String head) throws IOException {
        String md = Files.readString(run(kind).resolve("summary.md"));

        assertThat(md.lines().findFirst()).hasValue("## " + Scenarios.CASE + ": " + head);
        assertThat(md.lines().count()).isLessThan(20);
        assertThat(md).contains("| concurrency |");
    }
}
