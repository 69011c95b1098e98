package dev.disagg.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.disagg.secret.SecretEnv;
import dev.disagg.secret.SecretNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The plan as one JSON object ({@code disagg plan --json}, {@code plan.json} in the case directory):
 * record components in declaration order, paths as strings, Optionals as value-or-null, enums in
 * lower case, secrets as their carrier names. Written with jackson-core's streaming generator: the data-binding layer costs about
 * 0.4 s of class loading on every cold start, nearly half of a cold {@code plan --json}.
 */
public final class PlanJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    /**
     * Upstream submit.py's {@code total_gpus}: nodes x gpus_per_node, every GPU of the allocation. Written
     * next to the plan's own {@code totalGpus} (the GPUs the servers use) under a name that says whose it is.
     */
    static final String UPSTREAM_TOTAL_GPUS = "upstreamTotalGpus";

    static long upstreamTotalGpus(Plan plan) {
        return (long) plan.totalNodes() * plan.gpusPerNode();
    }

    private PlanJson() {
    }

    public static String write(Plan plan) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            gen.useDefaultPrettyPrinter();
            value(gen, plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof Optional<?> optional) {
            value(gen, optional.orElse(null));
        } else if (value instanceof String || value instanceof Path) {
            gen.writeString(value.toString());
        } else if (value instanceof Integer || value instanceof Long) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean bool) {
            gen.writeBoolean(bool);
        } else if (value instanceof SecretEnv secrets) {
            value(gen, secrets.names()); // the carrier names, never the values
        } else if (value instanceof SecretNames names) {
            value(gen, names.asMap());
        } else if (value instanceof Enum<?> constant) {
            gen.writeString(constant.name().toLowerCase(Locale.ROOT));
        } else if (value instanceof Collection<?> items) {
            gen.writeStartArray();
            for (Object item : items) {
                value(gen, item);
            }
            gen.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeFieldName(String.valueOf(entry.getKey()));
                value(gen, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Record record) {
            gen.writeStartObject();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                gen.writeFieldName(component.getName());
                value(gen, component(record, component));
            }
            if (record instanceof Plan plan) {
                gen.writeNumberField(UPSTREAM_TOTAL_GPUS, upstreamTotalGpus(plan));
            }
            gen.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static Object component(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }
}
