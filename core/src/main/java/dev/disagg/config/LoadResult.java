package dev.disagg.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The outcome of loading one case file: the config when it is valid, and every problem found. */
public record LoadResult(Path file, Optional<CaseConfig> config, List<Problem> problems) {
    public boolean valid() {
        return config.isPresent();
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
