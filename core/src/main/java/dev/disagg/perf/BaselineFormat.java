package dev.disagg.perf;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The two baseline file forms, told apart by the file name's extension. */
public enum BaselineFormat {
    CSV,
    YAML;

    public static BaselineFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        }
        throw new InvalidInputException(file + ": baseline files end in .yaml/.yml (readable form) or .csv (upstream's base CSV form)");
    }

    public Baseline read(String source, String text) {
        return this == CSV ? BaselineCsv.read(source, text) : BaselineYaml.read(source, text);
    }

    /**
     * The new file text: {@code entries} replace entries with the same key in {@code existing},
     * everything else is kept.
     */
    public String write(String source, Optional<String> existing, List<BaselineEntry> entries) {
        if (this == CSV) {
            return BaselineCsv.update(source, existing, entries);
        }
        List<BaselineEntry> kept = existing.map(t -> BaselineYaml.read(source, t).entries()).orElse(List.of());
        return BaselineYaml.write(BaselineMerge.merge(kept, entries));
    }
}
