package dev.disagg.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.disagg.results.Metric;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A history record as one small JSON object (format 1), and back. */
final class HistoryJson {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryJson() {
    }

    static String write(HistoryRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("caseName", r.caseName());
        o.put("gpuType", r.gpuType());
        o.put("time", r.time().toString());
        o.put("jobId", r.jobId().orElse(null));
        o.put("commit", r.commit().orElse(null));
        o.put("passing", r.passing());
        o.put("verdict", r.verdict());
        ArrayNode values = o.putArray("values");
        for (HistoryRecord.Value v : r.values()) {
            values.addObject().put("concurrency", v.concurrency()).put("metric", v.metric().key()).put("value", v.value());
        }
        return o.toString() + "\n";
    }

    /** The record, or empty when the text is not a record of a format this version reads. */
    static Optional<HistoryRecord> read(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            if (o == null || o.path("format").asInt() != FORMAT || !o.path("caseName").isTextual() || !o.path("gpuType").isTextual()
                    || !o.path("time").isTextual() || !o.path("values").isArray()) {
                return Optional.empty();
            }
            List<HistoryRecord.Value> values = new ArrayList<>();
            for (JsonNode v : o.path("values")) {
                Optional<Metric> metric = Metric.byKey(v.path("metric").asText(""));
                // a metric a later version added is skipped, not an error
                if (metric.isPresent() && v.path("value").isNumber() && v.path("concurrency").canConvertToInt()) {
                    values.add(new HistoryRecord.Value(v.path("concurrency").asInt(), metric.get(), v.path("value").asDouble()));
                }
            }
            return Optional.of(new HistoryRecord(o.path("caseName").asText(), o.path("gpuType").asText(),
                    Instant.parse(o.path("time").asText()), text(o, "jobId"), text(o, "commit"), o.path("passing").asBoolean(false),
                    o.path("verdict").asText(""), values));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode o, String field) {
        JsonNode n = o.path(field);
        return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }
}
