package dev.disagg.io;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The one SnakeYAML set-up for the YAML the tool writes (planned case files, role configs, migrated
 * cases, baselines, the emulator's configs): block style, lines never folded (a long command stays one
 * line), and text with control characters written as escapes ("\e"), not as {@code !!binary} that a
 * reader would take for bytes. Maps keep their order, so the same data always gives the same text.
 */
public final class YamlDump {
    private YamlDump() {
    }

    /** {@code data} (maps, lists, text, numbers, booleans) as one YAML document. */
    public static String dump(Object data) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return new Yaml(options).dump(data);
    }
}
