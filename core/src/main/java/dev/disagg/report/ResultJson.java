package dev.disagg.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.disagg.perf.PerfCheckResult;
import dev.disagg.perf.PerfComparison;
import dev.disagg.results.ConcurrencyResult;
import java.util.OptionalDouble;

/**
 * {@code result.json} (docs/design.md): {@code caseName, jobId, verdict, exitCode, testExitCode,
 * message, perfCheck{status, ...}, caseDir, metrics{<concurrency>: {<metric key>: value}}}, plus
 * the failure and the benchmark's validity.
 */
public final class ResultJson {
    public static final String FILE_NAME = dev.disagg.plan.CaseLayout.RESULT;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultJson() {
    }

    public static String render(CaseReport r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("caseName", r.caseName());
        if (r.jobId().isPresent()) {
            root.put("jobId", r.jobId().get());
        } else {
            root.putNull("jobId");
        }
        root.put("verdict", r.decision().verdict().name());
        root.put("exitCode", r.decision().exitCode());
        root.put("testExitCode", r.decision().testExitCode());
        root.put("message", r.message());
        root.set("perfCheck", perf(r.perf(), r.decision().perfCheckExitCode(), r));
        root.put("caseDir", r.caseDir().toString());
        ObjectNode metrics = root.putObject("metrics");
        for (ConcurrencyResult c : r.benchmark().results()) {
            ObjectNode at = metrics.putObject(Integer.toString(c.concurrency()));
            at.put("successful_requests", c.successfulRequests());
            at.put("failed_requests", c.failedRequests());
            at.put("generated_tokens", c.generatedTokens());
            at.put("duration_s", c.durationSeconds());
            c.metrics().forEach((m, v) -> at.put(m.key(), v));
        }
        TestOutcome t = r.test();
        if (t.passed()) {
            root.putNull("failure");
        } else {
            ObjectNode f = root.putObject("failure");
            f.put("cause", t.cause().map(Enum::name).orElse("FAILED"));
            f.put("message", t.message());
            ArrayNode reasons = f.putArray("reasons");
            t.reasons().forEach(reasons::add);
            if (t.firstLog().isPresent()) {
                f.put("openFirst", t.firstLog().get());
            }
            ArrayNode order = f.putArray("logOrder");
            t.logOrder().forEach(order::add);
        }
        ArrayNode steps = root.putArray("steps");
        r.steps().forEach(step -> {
            ObjectNode s = steps.addObject();
            s.put("role", step.role());
            if (step.exitCode().isPresent()) {
                s.put("exitCode", step.exitCode().getAsInt());
            } else {
                s.putNull("exitCode");
            }
            s.put("how", step.how());
        });
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing result.json to a string failed", e);
        }
    }

    private static ObjectNode perf(PerfCheckResult p, int exitCode, CaseReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", p.status().name());
        o.put("exitCode", exitCode);
        o.put("skipped", p.skip().skip());
        o.put("skipReason", p.skip().describe());
        o.put("reference", p.reference().key());
        o.put("referenceDescription", p.referenceDescription());
        o.put("baseline", p.baselineSource().isEmpty() ? null : p.baselineSource());
        o.put("gpuType", r.gpuType().orElse(null));
        o.put("regressions", p.regressions().size());
        o.put("missingBaselinePolicy", p.missingBaselinePolicy().key());
        coverage(o.putArray("compared"), p.compared());
        coverage(o.putArray("missingBaseline"), p.missingBaseline());
        ArrayNode rows = o.putArray("comparisons");
        for (PerfComparison c : p.comparisons()) {
            ObjectNode row = rows.addObject();
            row.put("concurrency", c.concurrency());
            row.put("metric", c.metric().key());
            row.put("verdict", c.verdict().name());
            row.put("reference", c.reference().key());
            put(row, "measured", c.measured());
            if (c.baseline().isPresent()) {
                row.put("baseline", c.baseline().get().value());
                row.put("limit", c.baseline().get().limit());
                row.put("tolerance", c.baseline().get().tolerance());
                row.put("absoluteTolerance", c.baseline().get().absoluteTolerance());
                row.put("direction", c.baseline().get().direction().key());
                row.put("baselineOrigin", c.baseline().get().origin());
            }
            put(row, "changePercent", c.changePercent());
        }
        ArrayNode notes = o.putArray("notes");
        p.notes().forEach(notes::add);
        return o;
    }

    private static void coverage(ArrayNode into, java.util.List<PerfComparison> rows) {
        rows.forEach(c -> into.addObject().put("concurrency", c.concurrency()).put("metric", c.metric().key()));
    }

    private static void put(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            o.put(field, v.getAsDouble());
        } else {
            o.putNull(field);
        }
    }
}
