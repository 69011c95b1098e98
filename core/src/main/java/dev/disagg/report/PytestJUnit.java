package dev.disagg.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Adds the JUnit files each role's pytest wrote ({@code junit/pytest_<ROLE>.xml}) to {@code results.xml}, so
 * Jenkins shows upstream's own test names next to the case's verdict. Each role's suites are renamed
 * {@code pytest.<ROLE>} and its testcases' class names prefixed with the role, as all roles run the same test id.
 * A file that is not JUnit XML is left out with a property saying so; it never hides the case's verdict.
 */
public final class PytestJUnit {
    private static final Pattern FILE = Pattern.compile("pytest_([A-Za-z0-9_]+)\\.xml");
    /** Far larger than a role's JUnit file (one test case); a larger one is left out with a note. */
    private static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    private PytestJUnit() {
    }

    public static String merge(String resultsXml, Path junitDir) {
        List<Path> files = roleFiles(junitDir);
        if (files.isEmpty()) {
            return resultsXml;
        }
        try {
            DocumentBuilder builder = builder();
            Document results = builder.parse(new InputSource(new StringReader(resultsXml)));
            Element root = results.getDocumentElement();
            for (Path file : files) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                m.matches();
                String role = m.group(1);
                Document pytest;
                try {
                    // capped, and no FIFO or device: the roles write these files, the tool only reads them
                    pytest = builder.parse(new java.io.ByteArrayInputStream(dev.disagg.io.InputFiles.read(file, MAX_FILE_BYTES)));
                } catch (SAXException | IOException e) {
                    note(results, root, role, file.getFileName() + " is not readable JUnit XML: " + e.getMessage());
                    continue;
                }
                Element top = pytest.getDocumentElement();
                List<Element> suites = top.getTagName().equals("testsuite") ? List.of(top) : children(top, "testsuite");
                for (Element suite : suites) {
                    Element copy = (Element) results.importNode(suite, true);
                    copy.setAttribute("name", "pytest." + role);
                    NodeList cases = copy.getElementsByTagName("testcase");
                    for (int i = 0; i < cases.getLength(); i++) {
                        Element testcase = (Element) cases.item(i);
                        testcase.setAttribute("classname", role + "." + testcase.getAttribute("classname"));
                    }
                    root.appendChild(copy);
                    for (String count : List.of("tests", "failures", "errors", "skipped")) {
                        add(root, count, suite.getAttribute(count));
                    }
                }
            }
            return serialize(results);
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("results.xml as written cannot be read back: " + e.getMessage(), e);
        }
    }

    private static List<Path> roleFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> FILE.matcher(f.getFileName().toString()).matches()).filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String tag) {
        NodeList nodes = parent.getChildNodes();
        java.util.ArrayList<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static void add(Element root, String attribute, String value) {
        if (value == null || !value.matches("[0-9]{1,9}")) {
            return;
        }
        String current = root.getAttribute(attribute);
        long sum = (current.matches("[0-9]{1,18}") ? Long.parseLong(current) : 0) + Long.parseLong(value);
        root.setAttribute(attribute, Long.toString(sum));
    }

    private static void note(Document doc, Element root, String role, String message) {
        Element suite = doc.createElement("testsuite");
        suite.setAttribute("name", "pytest." + role);
        suite.setAttribute("tests", "0");
        Element properties = doc.createElement("properties");
        Element property = doc.createElement("property");
        property.setAttribute("name", "unreadable");
        property.setAttribute("value", message);
        properties.appendChild(property);
        suite.appendChild(properties);
        root.appendChild(suite);
    }

    /** No DTDs, no external entities: the files come from the job. */
    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write results.xml: " + e.getMessage(), e);
        }
    }
}
