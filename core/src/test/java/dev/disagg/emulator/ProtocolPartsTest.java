package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Address files, atomic writes, request bodies and server_config.yaml. */
class ProtocolPartsTest {
    private final Completions completions = new Completions();

    @TempDir
    Path dir;

    @Test
    void addresses() {
        assertThat(Address.parseOrNull("node3:8000\n")).isEqualTo(new Address("node3", 8000));
        assertThat(Address.parseOrNull("node3")).isNull();
        assertThat(Address.parseOrNull("node3:")).isNull();
        assertThat(Address.parseOrNull(":80")).isNull();
        assertThat(Address.parseOrNull("node3:http")).isNull();
        assertThat(Address.parseOrNull("node3:70000")).isNull();
        assertThat(new Address("h", 1).uri("/health").toString()).isEqualTo("http://h:1/health");
    }

    @Test
    void aFileNotWrittenYetReadsAsAbsent() throws Exception {
        assertThat(BenchmarkRole.readIfPresent(dir.resolve("missing"))).isEmpty();
        Path written = Files.writeString(dir.resolve("DISAGG_SERVER.0.addr"), "h:1");
        assertThat(BenchmarkRole.readIfPresent(written)).contains("h:1");
    }

    @Test
    void requestsCountPromptTokensAndValidateMaxTokens() throws Exception {
        Completions.Request words = completions.parse(completions.readBody(
                "{\"prompt\": \"  one two\\nthree \", \"max_tokens\": 7, \"stream\": true}".getBytes()));
        assertThat(words).isEqualTo(new Completions.Request(3, 7, true));
        assertThat(completions.parse(completions.readBody("{\"prompt\": [1, 2, 3, 4]}".getBytes())))
                .isEqualTo(new Completions.Request(4, Completions.DEFAULT_MAX_TOKENS, false));
        assertThatThrownBy(() -> completions.parse(completions.readBody("{\"prompt\": \"a\", \"max_tokens\": 0}".getBytes())))
                .hasMessage("'max_tokens' must be a whole number >= 1, got 0");
        assertThatThrownBy(() -> completions.parse(completions.readBody("{\"prompt\": 5}".getBytes())))
                .hasMessage("'prompt' must be a string or an array of token ids");
        assertThatThrownBy(() -> completions.readBody("[1]".getBytes())).hasMessage("the body must be a JSON object");
        assertThatThrownBy(() -> completions.readBody("{".getBytes())).hasMessageStartingWith("the body is not valid JSON");
    }

    @Test
    void responsesCarryTextAndUsage() throws Exception {
        var body = new ObjectMapper().readTree(completions.response("id-1", 12, 3));
        assertThat(body.at("/choices/0/text").asText()).isEqualTo("x x x ");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(completions.chunk("id-1", 12, 1, 2)).startsWith("data: {").endsWith("}\n\n").doesNotContain("usage");
        assertThat(completions.chunk("id-1", 12, 2, 2)).contains("\"completion_tokens\":2").contains("\"length\"");
    }

    @Test
    void serverConfigHasUpstreamsKeysSortedAsYamlDumpWritesThem() {
        String yaml = ServerRole.serverConfig("node1", "k3y", 1, List.of("node2:40001"), 2,
                List.of("node3:40002", "node4:40003"));

        assertThat(yaml).isEqualTo("""
                backend: pytorch
                context_servers:
                  num_instances: 1
                  urls:
                  - node2:40001
                generation_servers:
                  num_instances: 2
                  urls:
                  - node3:40002
                  - node4:40003
                hostname: node1
                internal_request_auth_key: k3y
                port: 0
                """);
    }

    @Test
    void aGenOnlyNoContextConfigListsNoContextUrls() {
        Map<String, Object> parsed = new Yaml().load(ServerRole.serverConfig("h", "k", 0, List.of(), 1, List.of("g:1")));
        assertThat(parsed.get("context_servers")).isEqualTo(Map.of("num_instances", 0, "urls", List.of()));
    }
}
