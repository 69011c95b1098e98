package dev.disagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map of core/docs/design.md, read from the sources: {@code cli} is wiring only (no
 * other package uses it), and no two packages depend on each other through any path.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java/dev/disagg");
    /** A use of another package's type: an import or a qualified name in code. */
    private static final Pattern USE = Pattern.compile("(?<![\\w.])dev\\.disagg\\.([a-z]+)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** Each package and the packages its code uses. */
    static Map<String, Set<String>> dependencies(Path sources) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = sources.relativize(file).getName(0).toString();
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = USE.matcher(COMMENTS.matcher(Files.readString(file)).replaceAll(""));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    @Test
    void onlyTheCliUsesTheCli() throws IOException {
        Map<String, Set<String>> uses = dependencies(SOURCES);

        assertThat(uses).containsKeys("cli", "verdict", "run", "sweep", "perf", "report");
        uses.forEach((pkg, used) -> {
            if (!pkg.equals("cli")) {
                assertThat(used).as("packages dev.disagg.%s uses", pkg).doesNotContain("cli");
            }
        });
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() throws IOException {
        Map<String, Set<String>> uses = dependencies(SOURCES);

        for (String start : uses.keySet()) {
            assertThat(pathBack(uses, start)).as("a cycle through dev.disagg.%s", start).isEmpty();
        }
    }

    @Test
    void findsAnImportAQualifiedNameAndACycleButNotAComment(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        write(tmp.resolve("a/A.java"), "package dev.disagg.a;\nimport dev.disagg.b.B;\n// dev.disagg.c.C in a comment\nclass A {}\n");
        write(tmp.resolve("b/B.java"), "package dev.disagg.b;\n/** {@link dev.disagg.c.C} */\nclass B { dev.disagg.a.A a; }\n");
        write(tmp.resolve("c/C.java"), "package dev.disagg.c;\nclass C {}\n");

        Map<String, Set<String>> uses = dependencies(tmp);

        assertThat(uses).isEqualTo(Map.of("a", Set.of("b"), "b", Set.of("a"), "c", Set.of()));
        assertThat(pathBack(uses, "a")).containsExactly("a", "b", "a");
        assertThat(pathBack(uses, "c")).isEmpty();
    }

    /** A path of uses from {@code start} back to itself, or empty. */
    private static List<String> pathBack(Map<String, Set<String>> uses, String start) {
        return search(uses, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
    }

    private static List<String> search(Map<String, Set<String>> uses, String start, String at, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = search(uses, start, next, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
