package dev.disagg.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of one file, so a user sees them all at once instead of one per run. */
final class Problems {
    private final String file;
    /** In the order found; a set, so the same problem seen twice is kept once without a linear search. */
    private final Set<Problem> problems = new LinkedHashSet<>();

    Problems(String file) {
        this.file = file;
    }

    void error(String rule, Node at, String path, String message) {
        add(Problem.Severity.ERROR, rule, at == null ? null : at.getStartMark(), path, message);
    }

    void warning(String rule, Node at, String path, String message) {
        add(Problem.Severity.WARNING, rule, at == null ? null : at.getStartMark(), path, message);
    }

    void add(Problem.Severity severity, String rule, Mark mark, String path, String message) {
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        Problem problem = new Problem(severity, rule, file, line, column, path, message);
        // A section can be read by more than one rule; its problem is still one problem.
        problems.add(problem);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    List<Problem> list() {
        return List.copyOf(problems);
    }
}
