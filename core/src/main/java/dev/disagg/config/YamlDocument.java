package dev.disagg.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The loader of every YAML file a user writes: case files ({@link CaseConfigLoader}), cluster profiles
 * ({@link SettingsFile}) and baselines ({@code perf/BaselineYaml}), with one set of rules: one document,
 * no alias bombs, no duplicate keys, no value SnakeYAML would refuse to construct, a size limit; every
 * problem with its line and column. The node tree it gives keeps each node's position, so the reader
 * of a file reports {@code file:line:column: yaml.path: message} ({@link Problem#format()}).
 */
public final class YamlDocument {
    private final Optional<MappingNode> root;
    private final List<Problem> problems;

    private YamlDocument(Optional<MappingNode> root, List<Problem> problems) {
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
        Node root = compose(text, new CaseConfigLoader.ValueConstructor(loaderOptions(maxChars)), "expected one", expected, problems);
        return new YamlDocument(Optional.ofNullable((MappingNode) root), problems.list()); // compose gives a mapping or null
    }

    /** The top-level mapping; empty when the file holds none (no document, only comments) or has errors. */
    public Optional<MappingNode> root() {
        return root;
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
     *
     * @param oneDocument what to say after "the file holds N YAML documents ('---'); "
     * @param mapping     what to say before ", got ..." when the top level is not a mapping
     */
    static Node compose(String text, CaseConfigLoader.ValueConstructor constructor, String oneDocument, String mapping,
            Problems problems) {
        List<Node> documents = new ArrayList<>();
        try {
            new Yaml(constructor).composeAll(new StringReader(text)).forEach(documents::add);
        } catch (YAMLException e) {
            // The alias limit comes without a mark; find the alias that broke it.
            Mark at = e instanceof MarkedYAMLException ? markOf(e) : aliasLimitMark(text).orElse(CaseConfigLoader.mark(1));
            problems.add(Problem.Severity.ERROR, "yaml", at, "", message(e));
            return null;
        } catch (RuntimeException e) {
            // SnakeYAML's scanner lets a few exceptions of its own escape on odd input (e.g. a
            // NumberFormatException for the escape \UFFFFFFFF); it is still the file's fault.
            problems.add(Problem.Severity.ERROR, "yaml", CaseConfigLoader.mark(1), "", "not valid YAML: the parser stopped with "
                    + e.getClass().getSimpleName() + ": " + Section.shown(String.valueOf(e.getMessage()), 200)
                    + " (look for an escape such as \\U... in a double-quoted text)");
            return null;
        }
        if (documents.size() > 1) {
            problems.error("yaml", documents.get(1), "", "the file holds " + documents.size() + " YAML documents ('---'); " + oneDocument);
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
            problems.error("type", root, "", mapping + ", got " + Section.describe(root));
            return null;
        }
        boolean duplicates = CaseConfigLoader.duplicateKeys(root, problems);
        List<Located> badValues = ValueChecks.check(root, constructor);
        badValues.forEach(bad -> problems.error("yaml", bad.at(), "", bad.message()));
        return duplicates || !badValues.isEmpty() ? null : root;
    }

    /** Where the alias that broke the alias limit is, so the error points at it rather than at line 1. */
    private static Optional<Mark> aliasLimitMark(String text) {
        Set<String> collectionAnchors = new HashSet<>();
        int aliases = 0;
        try {
            for (Event event : new Yaml().parse(new StringReader(text))) {
                if (event instanceof CollectionStartEvent start && start.getAnchor() != null) {
                    collectionAnchors.add(start.getAnchor());
                } else if (event instanceof AliasEvent alias && collectionAnchors.contains(alias.getAnchor())
                        && ++aliases > CaseConfigLoader.MAX_ALIASES) {
                    return Optional.of(alias.getStartMark());
                }
            }
        } catch (YAMLException e) {
            // fall back to the file start
        }
        return Optional.empty();
    }

    /** SnakeYAML's complaint as a user's message: the usual mistakes (a tab, an alias bomb) said plainly. */
    static String message(YAMLException e) {
        String message = e instanceof MarkedYAMLException marked
                ? (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem()
                : e.getMessage();
        if (message == null) {
            return "not valid YAML";
        }
        if (message.contains("'\\t'") || message.contains("\\t(TAB)")) {
            return "a tab character here: YAML indentation must use spaces";
        }
        if (message.contains("Number of aliases")) {
            return "too many aliases (*name) to collections: refusing what looks like an alias bomb (" + message.trim() + ")";
        }
        if (message.contains("Nesting Depth")) {
            return "nesting is too deep (" + message.trim() + ")";
        }
        return "not valid YAML: " + Section.shown(message.replace('\n', ' ').trim(), 300);
    }

    /** Where SnakeYAML saw the problem, else where it was looking, else the file's start. */
    static Mark markOf(YAMLException e) {
        if (e instanceof MarkedYAMLException marked) {
            if (marked.getProblemMark() != null) {
                return marked.getProblemMark();
            }
            if (marked.getContextMark() != null) {
                return marked.getContextMark();
            }
        }
        return CaseConfigLoader.mark(1);
    }

    /** The case files' parser limits, with the given size limit. */
    static LoaderOptions loaderOptions(int maxChars) {
        LoaderOptions options = CaseConfigLoader.loaderOptions();
        options.setCodePointLimit(maxChars);
        return options;
    }
}
