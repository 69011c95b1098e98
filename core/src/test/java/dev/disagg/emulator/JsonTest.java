package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsEveryKindOfValueAndWritesItBackAsJacksonReadsIt() throws Exception {
        String text = "{\"s\": \"a \\\"q\\\" \\u00e9\", \"i\": 32, \"big\": 12345678901234567890, \"d\": 0.5,"
                + " \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [], {}], \"o\": {\"k\": \"v\"}}";

        Object value = Json.parse(text.getBytes(StandardCharsets.UTF_8));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a \"q\" \u00e9");
        expected.put("i", 32L);
        expected.put("big", new BigInteger("12345678901234567890"));
        expected.put("d", 0.5);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("a", List.of(1L, List.of(), Map.of()));
        expected.put("o", Map.of("k", "v"));
        assertThat(value).isEqualTo(expected);
        List<Object> keys = new ArrayList<>(((Map<?, ?>) value).keySet());
        assertThat(keys).as("document order").containsExactly("s", "i", "big", "d", "t", "f", "n", "a", "o");
        ObjectMapper jackson = new ObjectMapper();
        assertThat(jackson.readTree(Json.write(value))).isEqualTo(jackson.readTree(text));
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    @Test
    void malformedTextIsAParseError() {
        for (String text : Arrays.asList("{", "", "{\"a\": 1} {}", "[1,]", "{\"a\" 1}")) {
            assertThatThrownBy(() -> Json.parse(text)).as(text).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void pathsThroughAnAnswerYieldNullWhereTheShapeDiffers() throws Exception {
        Object answer = Json.parse("{\"choices\": [{\"text\": \"x \"}], \"usage\": {\"completion_tokens\": 3}}");

        assertThat(Json.field(Json.element(Json.field(answer, "choices"), 0), "text")).isEqualTo("x ");
        assertThat(Json.intValue(Json.field(Json.field(answer, "usage"), "completion_tokens"))).isEqualTo(3);
        assertThat(Json.element(Json.field(answer, "choices"), 1)).isNull();
        assertThat(Json.field(Json.field(answer, "choices"), "text")).as("a list has no fields").isNull();
        assertThat(Json.field("text", "x")).isNull();
        assertThat(Json.intValue(3.0)).as("not a whole number in JSON").isNull();
        assertThat(Json.intValue(1L << 40)).as("beyond an int").isNull();
        assertThat(Json.intValue("3")).isNull();
    }

    @Test
    void writingSomethingThatIsNotJsonFails() {
        assertThatThrownBy(() -> Json.write(Map.of("when", new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
