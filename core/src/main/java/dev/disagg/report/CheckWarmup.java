package dev.disagg.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.Writer;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.FactoryConfigurationError;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.TransformerFactoryConfigurationError;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Loads the libraries the end of a followed job needs (Jackson's data binding for job_state.json and the case's
 * JSON files, the JDK's XML parser and serializer for pytest's JUnit files) while the process has nothing else to
 * do: right after submitting, as the job waits in SLURM's queue. A cold start of them costs some 0.3 s of the time
 * between the job's end and the verdict. Done on the calling thread, so no class is initialized by two threads.
 */
public final class CheckWarmup {
    private CheckWarmup() {
    }

    /** Best effort: whatever fails here, the check loads it again and reports it then. */
    public static void loadLibraries() {
        try {
            ObjectMapper json = new ObjectMapper();
            JsonNode node = json.readTree("{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": -1}}");
            json.writerWithDefaultPrettyPrinter().writeValue(Writer.nullWriter(), node);
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader("<testsuites><testsuite name=\"a\"/></testsuites>")));
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(Writer.nullWriter()));
        } catch (Exception | FactoryConfigurationError | TransformerFactoryConfigurationError e) {
            // nothing lost: the check does the same work later and says what went wrong there
        }
    }
}
