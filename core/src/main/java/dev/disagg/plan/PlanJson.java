package dev.disagg.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.io.InputFiles;
import dev.disagg.secret.SecretEnv;
import dev.disagg.secret.SecretNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The plan as one JSON object ({@code disagg plan --json}, {@code plan.json} in the case directory):
 * record components in declaration order, paths as strings, Optionals as value-or-null, enums in
 * lower case, secrets as their carrier names. Written with jackson-core's streaming generator: the data-binding layer costs about
 * 0.4 s of class loading on every cold start, nearly half of a cold {@code plan --json}. This class owns the
 * format both ways: {@link #read} gives the check what it takes from a case directory's plan.json.
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

    /**
     * What the check takes from a plan.json, each as written (text fields that are not text read as absent).
     *
     * @param caseName       {@code caseName}
     * @param concurrency    {@code concurrency}, empty when absent
     * @param mode           {@code mode} ({@code e2e} when absent)
     * @param testOutputDir  {@code layout.testOutputDir}; empty text when it is written but not as text
     */
    public record Written(Optional<String> caseName, List<Integer> concurrency, String mode, Optional<String> testOutputDir) {
        public Written {
            concurrency = List.copyOf(concurrency);
        }
    }

    /** A plan.json that is not what {@link #write} writes; the message names the file and what is wrong. */
    public static final class NotAPlanException extends RuntimeException {
        NotAPlanException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file}, a plan.json {@link #write} wrote.
     *
     * @throws NotAPlanException when it is not JSON, not an object, too large, or its concurrency is no list of positive whole numbers
     * @throws UncheckedIOException when it cannot be read
     */
    public static Written read(Path file) {
        return Reader.read(file); // the data-binding classes load only here, not on a cold plan --json
    }

    private static final class Reader {
        private static final ObjectMapper JSON = new ObjectMapper();
        /** The tool writes a few KiB; a far larger file is not its own. */
        private static final int MAX_BYTES = 16 * 1024 * 1024;

        static Written read(Path file) {
            JsonNode root;
            try {
                root = JSON.readTree(InputFiles.read(file, MAX_BYTES));
            } catch (JsonProcessingException e) {
                root = null;
            } catch (InputFiles.RefusedException e) {
                throw new NotAPlanException(file + ": " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new NotAPlanException(file + ": not valid JSON; expected the plan written by disagg");
            }
            JsonNode name = root.path("caseName");
            JsonNode tod = root.path("layout").path("testOutputDir");
            return new Written(name.isTextual() ? Optional.of(name.asText()) : Optional.empty(),
                    concurrencies(file, root.path("concurrency")), root.path("mode").asText("e2e"),
                    tod.isMissingNode() ? Optional.empty() : Optional.of(tod.isTextual() ? tod.asText() : ""));
        }

        private static List<Integer> concurrencies(Path plan, JsonNode node) {
            List<Integer> out = new ArrayList<>();
            if (node.isMissingNode() || node.isNull()) {
                return out;
            }
            if (node.isTextual()) {
                for (String token : node.asText().trim().split("\\s+")) {
                    try {
                        out.add(Integer.parseInt(token));
                    } catch (NumberFormatException e) {
                        throw new NotAPlanException(plan + ": concurrency must be a list of whole numbers, got '" + node.asText() + "'");
                    }
                }
                return out;
            }
            if (!node.isArray()) {
                throw new NotAPlanException(plan + ": concurrency must be a list of whole numbers, got " + node);
            }
            for (JsonNode c : node) {
                if (!c.canConvertToExactIntegral() || !c.canConvertToInt() || c.asInt() < 1) {
                    throw new NotAPlanException(plan + ": concurrency must be a list of positive whole numbers, got " + node);
                }
                out.add(c.asInt());
            }
            return out;
        }
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
