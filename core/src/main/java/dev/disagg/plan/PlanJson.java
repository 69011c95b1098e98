package dev.disagg.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The plan as one JSON object ({@code disagg plan --json}, {@code plan.json} in the case directory). */
public final class PlanJson {
    private static final ObjectMapper MAPPER = mapper();

    private PlanJson() {
    }

    public static String write(Plan plan) {
        try {
            return MAPPER.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths as plain strings, Optionals as value-or-null, enums as lower case. */
    private static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule("disagg-plan");
        module.addSerializer(Path.class, new JsonSerializer<>() {
            @Override
            public void serialize(Path value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        @SuppressWarnings({"rawtypes", "unchecked"})
        JsonSerializer<Optional> optional = new JsonSerializer<>() {
            @Override
            public void serialize(Optional value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value.isPresent()) {
                    serializers.defaultSerializeValue(value.get(), gen);
                } else {
                    gen.writeNull();
                }
            }
        };
        module.addSerializer(Optional.class, optional);
        module.addSerializer(Plan.CtxCountSource.class, new JsonSerializer<>() {
            @Override
            public void serialize(Plan.CtxCountSource value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        });
        return new ObjectMapper().registerModule(module).enable(SerializationFeature.INDENT_OUTPUT);
    }
}
