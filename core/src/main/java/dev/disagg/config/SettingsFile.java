package dev.disagg.config;

import dev.disagg.io.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A small YAML file of flat settings (a cluster profile) read with the case files' rules: a byte
 * limit, UTF-8, one document, no alias bombs, no duplicate keys, no unknown keys, every value of
 * the expected type; every problem with its line. Typed reads report a wrong value and return
 * empty, so all problems are found in one pass ({@link #errors()}).
 */
public final class SettingsFile {
    private final Problems problems;
    private final Section section;

    private SettingsFile(Problems problems, Section section) {
        this.problems = problems;
        this.section = section;
    }

    /** Reads {@code file}, a mapping of the {@code keys} (described as {@code what} in messages). */
    public static SettingsFile read(Path file, int maxBytes, String what, Collection<String> keys) {
        Problems problems = new Problems(file.toString());
        Node root = document(file, maxBytes, what, keys, problems);
        Section section = Section.of(root, "", problems);
        if (root != null) {
            section.checkKeys(keys.stream().sorted().toList(), ValidationPolicy.STRICT);
        }
        return new SettingsFile(problems, section);
    }

    private static Node document(Path file, int maxBytes, String what, Collection<String> keys, Problems problems) {
        String text;
        try {
            byte[] bytes = InputFiles.read(file, maxBytes);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", "no such file");
            return null;
        } catch (InputFiles.RefusedException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", e.getMessage() + " (expected a " + what + ")");
            return null;
        } catch (CharacterCodingException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", "not UTF-8 text (expected a " + what + ")");
            return null;
        } catch (IOException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", "cannot read the file: " + e.getMessage());
            return null;
        }
        String expected = "expected a mapping of settings (" + String.join(", ", keys.stream().sorted().toList()) + ")";
        Node root = YamlDocument.compose(text, new CaseConfigLoader.ValueConstructor(YamlDocument.loaderOptions(maxBytes)),
                expected, expected, problems);
        if (root == null && !problems.hasErrors()) {
            problems.add(Problem.Severity.ERROR, "yaml", null, "", "the file is empty; " + expected);
        }
        return root;
    }

    /** The errors, one {@code file:line:column: key: message} per line; empty when the file is fine. */
    public List<String> errors() {
        return problems.list().stream().filter(Problem::isError).map(Problem::format).toList();
    }

    public String errorText() {
        return errors().stream().collect(Collectors.joining("\n"));
    }

    public boolean has(String key) {
        return section.has(key);
    }

    /** One line of text without control characters (NUL, newline, escape, ...). */
    public Optional<String> text(String key) {
        return section.optionText(key);
    }

    /** Text that may span lines (a shell command); no NUL. */
    public Optional<String> programText(String key) {
        return section.programText(key);
    }

    /** A plain word matching {@code allowed}, described as {@code expected} when it does not. */
    public Optional<String> word(String key, Pattern allowed, String expected) {
        return text(key).filter(value -> {
            if (!allowed.matcher(value).matches()) {
                error(key, "expected " + expected + ", got '" + Section.shown(value) + "'");
                return false;
            }
            return true;
        });
    }

    public Optional<Boolean> bool(String key) {
        return section.bool(key);
    }

    /** A whole number within {@code [min, max]}, compared in 64 bits. */
    public Optional<Integer> integer(String key, long min, long max) {
        return section.integer(key).flatMap(number -> {
            if (number < min || number > max) {
                error(key, "expected a whole number from " + min + " to " + max + ", got " + number);
                return Optional.empty();
            }
            return Optional.of(number.intValue());
        });
    }

    /**
     * Words: a list of texts, or one text split on whitespace; each without control characters.
     * Empty when the key is absent or a value is wrong (reported).
     */
    public Optional<List<String>> words(String key) {
        Optional<Node> value = section.valueNode(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        if (value.get() instanceof ScalarNode scalar) {
            for (String word : scalar.getValue().trim().split("[ \t\n\r]+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        } else if (value.get() instanceof SequenceNode) {
            words.addAll(section.strings(key));
        } else {
            error(key, "expected a list of words, got " + Section.describe(value.get()));
            return Optional.empty();
        }
        for (String word : words) {
            int bad = Section.firstControl(word, "");
            if (bad >= 0 || word.isEmpty()) {
                error(key, bad >= 0 ? "'" + Section.shown(word) + "' contains a control character" : "an empty word");
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(words));
    }

    /**
     * A mapping of names (each matching {@code names}, described as {@code expected}) to program text
     * (a shell snippet or an environment value: no NUL), in file order. Empty when absent; wrong
     * entries are reported and left out.
     */
    public Map<String, String> programTextMap(String key, Pattern names, String expected) {
        if (!section.has(key)) {
            return Map.of();
        }
        Section map = section.section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : map.keys()) {
            if (!names.matcher(name).matches()) {
                problems.error("value", map.valueNode(name).orElse(map.node()), map.childPath(name),
                        "expected " + expected + " as the key, got '" + Section.shown(name) + "'");
                continue;
            }
            out.put(name, map.valueNode(name).isEmpty() ? "" : map.programText(name).orElse(""));
        }
        return out;
    }

    /** Reports {@code message} at {@code key}'s value (a check of the caller's). */
    public void error(String key, String message) {
        problems.error("value", section.valueNode(key).orElse(section.node()), key, message);
    }
}
