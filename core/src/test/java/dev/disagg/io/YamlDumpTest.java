package dev.disagg.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class YamlDumpTest {
    @Test
    void blockStyleInTheMapsOrderWithLongLinesKeptAndControlCharactersEscaped() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("zeta", List.of(1, 2));
        data.put("alpha", Map.of("on", true));
        String command = "x".repeat(200) + " --flag";
        data.put("command", command);
        data.put("colour", "\u001b[31mred");

        String yaml = YamlDump.dump(data);

        assertThat(yaml).startsWith("zeta:\n- 1\n- 2\nalpha:\n  'on': true\n")
                .contains("command: " + command + "\n")
                .contains("colour: \"\\e[31mred\"").doesNotContain("!!binary");
        Map<String, Object> read = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        assertThat(read).isEqualTo(data);
    }
}
