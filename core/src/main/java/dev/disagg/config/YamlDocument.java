package dev.disagg.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The loader of the small YAML files a user writes besides case files (cluster profiles,
 * baselines), with the case files' rules: one document, no alias bombs, no duplicate keys, no value
 * SnakeYAML would refuse to construct, a size limit; every problem with its line and column. The
 * node tree it gives keeps each node's position, so the reader of a file reports {@code
 * file:line:column: yaml.path: message} ({@link Problem#format()}).
 */
public final class YamlDocument {
    private final Optional<Node> root;
    private final List<Problem> problems;

    private YamlDocument(Optional<Node> root, List<Problem> problems) {
        this.root = root;
        this.problems = List.copyOf(problems);
    }

    /**
     * Parses {@code text} from {@code source} (a file name, for messages).
     *
     * @param maxChars the file's own size limit (SnakeYAML's default is 3 MB)
     * @param expected what the top level must be, for messages ("expected a mapping of ...")
     */
    public static YamlDocument parse(String source, String text, int maxChars, String expected) {
        Problems problems = new Problems(source);
        Node root = compose(text, maxChars, expected, problems);
        return new YamlDocument(Optional.ofNullable(root), problems.list());
    }

    /** The top-level mapping; empty when the file holds none (no document, only comments) or has errors. */
    public Optional<MappingNode> root() {
        return root.filter(MappingNode.class::isInstance).map(MappingNode.class::cast);
    }

    /** The problems found; empty when the document can be read. */
    public List<Problem> problems() {
        return problems;
    }

    /** The problems, one {@code file:line:column: message} per line. */
    public String problemText() {
        return String.join("\n", problems.stream().map(Problem::format).toList());
    }

    /**
     * The document's root; null (with the problem reported) when it is not valid YAML, holds more than
     * one document, expands too far, is not a mapping, or has duplicate keys or bad values; null without
     * a problem when it is empty (callers decide whether that is allowed).
     */
    static Node compose(String text, int maxChars, String expected, Problems problems) {
        CaseConfigLoader.ValueConstructor constructor = new CaseConfigLoader.ValueConstructor(loaderOptions(maxChars));
        List<Node> documents = new ArrayList<>();
        try {
            new Yaml(constructor).composeAll(new StringReader(text)).forEach(documents::add);
        } catch (MarkedYAMLException e) {
            Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(Problem.Severity.ERROR, "yaml", at, "", "not valid YAML: "
                    + Section.shown(String.valueOf(e.getProblem()).replace('\n', ' '), 200));
            return null;
        } catch (YAMLException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            // SnakeYAML lets a few plain exceptions escape on odd input; it is still the file's fault
            problems.add(Problem.Severity.ERROR, "yaml", null, "", "not valid YAML: "
                    + Section.shown(String.valueOf(e.getMessage()).replace('\n', ' '), 200));
            return null;
        }
        if (documents.size() > 1) {
            problems.add(Problem.Severity.ERROR, "yaml", null, "", "the file holds " + documents.size() + " YAML documents; " + expected);
            return null;
        }
        if (documents.isEmpty() || Section.isNull(documents.get(0))) {
            return null;
        }
        Node root = documents.get(0);
        Optional<Located> expansion = Expansion.check(root);
        if (expansion.isPresent()) {
            problems.error("yaml", expansion.get().at(), "", expansion.get().message());
            return null;
        }
        if (!(root instanceof MappingNode)) {
            problems.error("type", root, "", expected + ", got " + Section.describe(root));
            return null;
        }
        boolean duplicates = CaseConfigLoader.duplicateKeys(root, problems);
        List<Located> badValues = ValueChecks.check(root, constructor);
        badValues.forEach(bad -> problems.error("yaml", bad.at(), "", bad.message()));
        return duplicates || !badValues.isEmpty() ? null : root;
    }

    /** The case files' parser limits, with the given size limit. */
    static LoaderOptions loaderOptions(int maxChars) {
        LoaderOptions options = CaseConfigLoader.loaderOptions();
        options.setCodePointLimit(maxChars);
        return options;
    }
}
