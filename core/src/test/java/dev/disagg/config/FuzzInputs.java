package dev.disagg.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile case files. Structure-aware: most inputs are the real case files of the
 * fixtures (and the embedded example) with a few mutations each, so they get past the parser and
 * into the typed reads; the rest are classic attacks on YAML loaders and plain noise.
 */
final class FuzzInputs {
    /** Inputs may be up to 1 MiB; the loader refuses files above its own limit before parsing. */
    static final int MAX_INPUT = 1024 * 1024;

    private static final List<String> FIXTURES = fixtures();
    private static final List<String> KNOWN = knownKeys();

    private FuzzInputs() {
    }

    /** The real case files: every fixture plus the embedded example case. */
    static List<String> fixtures() {
        List<String> texts = new ArrayList<>();
        Path dir = Path.of(System.getProperty("disagg.fixtures"), "trtllm-configs");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixtures in " + dir + " (system property disagg.fixtures)", e);
        }
        try (InputStream in = FuzzInputs.class.getResourceAsStream("/dev/disagg/examples/local-smoke.yaml")) {
            texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (texts.size() < 2) {
            throw new IllegalStateException("expected the trtllm-configs fixtures in " + dir);
        }
        return List.copyOf(texts);
    }

    // ---- mutated fixtures ------------------------------------------------------------------

    enum Kind {
        DELETE_LINE, DUPLICATE_LINE, SWAP_LINES, RENAME_KEY, REPLACE_VALUE, SET_KNOWN, SCALE, INSERT_LINE, ANCHOR_ALIAS, TAB,
        INDENT, DEEP_NEST, LONG_SCALAR, CONTROL_CHAR, TRUNCATE, BOM, BYTE
    }

    /** One change to a text; {@code line}/{@code other} are taken modulo the line count. */
    record Mutation(Kind kind, int line, int other, String payload, int size) {
        @Override
        public String toString() {
            String shown = payload.length() > 60 ? payload.substring(0, 60) + "..." : payload;
            return kind + "@" + line + "/" + other + "[" + shown.replace("\n", "\\n") + "," + size + "]";
        }
    }

    static Arbitrary<FuzzInput> mutatedFixtures() {
        Arbitrary<Integer> fixture = Arbitraries.integers().between(0, FIXTURES.size() - 1);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(fixture, mutations).as((index, list) -> {
            String text = FIXTURES.get(index);
            for (Mutation m : list) {
                if (m.kind() != Kind.BYTE) {
                    text = apply(text, m);
                }
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (Mutation m : list) {
                if (m.kind() == Kind.BYTE && bytes.length > 0) {
                    bytes[Math.floorMod(m.line() * 131 + m.other(), bytes.length)] = (byte) m.size();
                }
            }
            return new FuzzInput("fixture " + index + " with " + list, bytes);
        });
    }

    static Arbitrary<Mutation> mutation() {
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.class);
        Arbitrary<Integer> lines = Arbitraries.integers().between(0, 200);
        Arbitrary<String> payloads = Arbitraries.oneOf(value(), key());
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, MAX_INPUT));
        return Combinators.combine(kinds, lines, lines, payloads, sizes).as(Mutation::new);
    }

    static String apply(String text, Mutation m) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int i = Math.floorMod(m.line(), lines.size());
        int j = Math.floorMod(m.other(), lines.size());
        String line = lines.get(i);
        switch (m.kind()) {
            case DELETE_LINE -> lines.remove(i);
            case DUPLICATE_LINE -> lines.add(i, line);
            case SWAP_LINES -> Collections.swap(lines, i, j);
            case RENAME_KEY -> lines.set(i, indent(line) + m.payload() + line.substring(keyEnd(line)));
            case REPLACE_VALUE -> lines.set(i, keyPart(line) + " " + m.payload());
            case SET_KNOWN -> {
                // A key the loader reads: its value replaced, so the typed reads meet the payload.
                String known = KNOWN.get(Math.floorMod(m.size(), KNOWN.size()));
                for (int k = 0; k < lines.size(); k++) {
                    if (lines.get(k).stripLeading().startsWith(known + ":")) {
                        lines.set(k, keyPart(lines.get(k)) + " " + m.payload());
                        break;
                    }
                }
            }
            case SCALE -> {
                // A size the planner multiplies, set huge: the plan must refuse it, not overflow or run out of memory.
                String key = SIZES.get(Math.floorMod(m.line(), SIZES.size()));
                String value = HUGE.get(Math.floorMod(m.other(), HUGE.size()));
                for (int k = 0; k < lines.size(); k++) {
                    if (lines.get(k).stripLeading().startsWith(key + ":")) {
                        lines.set(k, keyPart(lines.get(k)) + " " + value);
                    }
                }
            }
            case INSERT_LINE -> lines.add(i, indent(line) + m.payload());
            case ANCHOR_ALIAS -> {
                lines.set(i, keyPart(line) + " &x" + m.size() + " " + line.substring(keyPart(line).length()));
                lines.set(j, keyPart(lines.get(j)) + " *x" + (m.size() % 3 == 0 ? m.size() + 1 : m.size()));
            }
            case TAB -> lines.set(i, m.size() % 2 == 0 ? "\t" + line.stripLeading() : line.replaceFirst(": ", ":\t"));
            case INDENT -> lines.set(i, m.size() % 2 == 0 ? " ".repeat(1 + m.size() % 5) + line : line.replaceFirst("^ {1,3}", ""));
            case DEEP_NEST -> lines.set(i, keyPart(line) + " " + nested(m.size(), m.other()));
            case LONG_SCALAR -> lines.set(i, keyPart(line) + " " + longScalar(m.size(), m.other(), indent(line)));
            case CONTROL_CHAR -> {
                int at = Math.floorMod(m.other(), line.length() + 1);
                lines.set(i, line.substring(0, at) + CONTROL.get(Math.floorMod(m.size(), CONTROL.size())) + line.substring(at));
            }
            case TRUNCATE -> {
                return text.substring(0, Math.floorMod(m.size(), text.length() + 1));
            }
            case BOM -> {
                return "\uFEFF" + text;
            }
            case BYTE -> {
                return text;
            }
            default -> throw new IllegalStateException(m.kind().toString());
        }
        return String.join("\n", lines);
    }

    private static final List<String> SIZES = List.of("num_gen_servers", "num_ctx_servers", "tensor_parallel_size",
            "pipeline_parallel_size", "context_parallel_size", "gpus_per_node", "ctx_capacity", "concurrency_list",
            "max_batch_size", "num_nextn_predict_layers", "input_length", "output_length");
    private static final List<String> HUGE = List.of("2147483647", "1073741824", "65536", "100001", "999999999", "'999999999 1'");

    private static final List<String> CONTROL = List.of("\u0000", "\u0001", "\u0007", "\u0008", "\t", "\u000b", "\u000c",
            "\r", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\ud800",
            "\udc00", "\ud83d\ude00");

    private static String indent(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    /** Where a {@code key:} ends (the colon included), or where the text starts. */
    private static int keyEnd(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? indent(line).length() : colon + 1;
    }

    /** {@code   key:} or {@code   - }: what stays when the value is replaced. */
    private static String keyPart(String line) {
        String stripped = line.stripLeading();
        if (stripped.startsWith("- ")) {
            return indent(line) + "-";
        }
        return line.substring(0, keyEnd(line));
    }

    static String nested(int depth, int style) {
        int d = 1 + Math.floorMod(depth, 3000);
        return switch (Math.floorMod(style, 5)) {
            case 0 -> "[".repeat(d) + "]".repeat(d);
            case 1 -> "{a: ".repeat(d) + "1" + "}".repeat(d);
            case 2 -> "- ".repeat(d) + "x";
            case 3 -> "[".repeat(d); // never closed
            default -> {
                StringBuilder block = new StringBuilder();
                for (int k = 0; k < Math.min(d, 600); k++) {
                    block.append('\n').append(" ".repeat(2 * k + 2)).append("a:");
                }
                yield block.append(" 1").toString();
            }
        };
    }

    static String longScalar(int size, int style, String indent) {
        int n = Math.max(1, size);
        return switch (Math.floorMod(style, 5)) {
            case 0 -> "x".repeat(n);
            case 1 -> "\"" + "ab\\n".repeat(n / 4 + 1) + "\"";
            case 2 -> "'" + "it''s ".repeat(n / 6 + 1) + "'";
            case 3 -> "|\n" + (indent + "  " + "y".repeat(77) + "\n").repeat(n / 80 + 1);
            default -> "\u00e9\u4e2d".repeat(n / 5 + 1);
        };
    }

    /** Values that break typed reads and the constructor: wrong types, odd numbers, tags, escapes. */
    static Arbitrary<String> value() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                        "99999999999999999999", "1e400", "-0", "0x1F", "0o17", "017", "1_000", ".inf", "-.inf", ".nan",
                        "1.5", "'8'", "\"8\"", "8 16", "1 2 x", "true", "false", "yes", "no", "on", "~", "null", "", "''",
                        "\"\"", "[]", "{}", "[1, 2, [3]]", "{a: 1, b: [x]}", "[a: 1]", "- a", ": x", "? x", "|", ">-",
                        "&", "*", "*undefined", "&a *a", "&a", "!!binary AAAA", "!!binary ***", "!!int abc",
                        "!!int 99999999999999999999999", "!!float x", "!!bool maybe", "!!timestamp 2020-13-45",
                        "!!timestamp 2001-12-14t21:59:43.10-05:00", "!!set {a, b}", "!!omap [a: 1, a: 2]",
                        "!!omap [x]", "!!pairs [x]", "!!map [1]", "!!seq {a: 1}", "!!str", "!!null x", "!foo bar",
                        "!<tag:yaml.org,2002:java.lang.Runtime> x", "!!python/object/apply:os.system [ls]",
                        "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]",
                        "\"\\x00\"", "\"\\UFFFFFFFF\"", "\"\\U0010FFFF\"", "\"\\uD800\"", "\"\\N\\_\\L\\P\"", "\"\\q\"",
                        "'it''s'", "\"unterminated", "'unterminated", "%YAML 1.1", "--- x", "...", "#", "@x", "`x`",
                        "$(touch PWNED)", "`touch PWNED`", "a; rm -rf /", "{caseDir}", "<partition>", "a\tb",
                        "\"line1\\nline2\"", "HF_TOKEN=x 1BAD=y =z A-B=c", "A=1 B", "{1: a, true: b, ~: c}",
                        "{[a]: 1}", "{? [a, b] : c}", "{a: 1, a: 2}", "<<: {a: 1}", "{<<: [1]}", "\"\\\"\"", "\\"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("{}[]:,-?&*!|>'\"%@`#\\ \t\nab01").ofMaxLength(30));
    }

    /** Every key the loader reads, in any section. */
    private static List<String> knownKeys() {
        List<String> known = new ArrayList<>();
        Stream.of(CaseConfigLoader.TOP_LEVEL, CaseConfigLoader.METADATA, CaseConfigLoader.SLURM, CaseConfigLoader.BENCHMARK,
                CaseConfigLoader.HARDWARE, CaseConfigLoader.ENVIRONMENT, CaseConfigLoader.WORKER_CONFIG).forEach(known::addAll);
        known.addAll(List.of("tensor_parallel_size", "pipeline_parallel_size", "context_parallel_size", "max_batch_size",
                "max_num_tokens", "max_seq_len", "enable_attention_dp", "num_nextn_predict_layers", "max_draft_len",
                "moe_config", "load_balancer", "num_slots", "speculative_config"));
        return List.copyOf(known);
    }

    /** Keys: known ones in the wrong place, near misses, non-strings, merge keys, odd text. */
    static Arbitrary<String> key() {
        return Arbitraries.oneOf(
                Arbitraries.of(KNOWN),
                Arbitraries.of("1", "true", "null", "~", "? [a]", "\"quoted key\"", "<<", "''", "- x", "a b",
                        "concurency_list", "TENSOR_PARALLEL_SIZE", "&k key", "*k", "!!int 3", "[a, b]", "{a: b}"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20));
    }

    // ---- classic attacks and noise -------------------------------------------------------------

    static Arbitrary<FuzzInput> attacks() {
        return Arbitraries.oneOf(aliasBombs(), scalarAliasBombs(), recursion(), nesting(), hugeScalars(), manyKeys(),
                longKeys(), documents(), soup(), bytes(), oversize());
    }

    /** Billion laughs: each level lists the previous one {@code width} times. */
    static Arbitrary<FuzzInput> aliasBombs() {
        return Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.integers().between(2, 12),
                Arbitraries.integers().between(0, FIXTURES.size())).as((levels, width, where) -> {
            StringBuilder bomb = new StringBuilder();
            String pad = where < FIXTURES.size() ? "    " : "";
            bomb.append(pad).append("l0: &l0 [").append(String.join(", ", Collections.nCopies(width, "\"lol\""))).append("]\n");
            for (int level = 1; level < levels; level++) {
                bomb.append(pad).append("l").append(level).append(": &l").append(level).append(" [")
                        .append(String.join(", ", Collections.nCopies(width, "*l" + (level - 1)))).append("]\n");
            }
            return FuzzInput.text("alias bomb " + levels + "x" + width + " in " + placeName(where),
                    place(where, bomb.toString()));
        });
    }

    /** Aliases to one long scalar: not a collection alias, so SnakeYAML's alias limit does not count them. */
    static Arbitrary<FuzzInput> scalarAliasBombs() {
        return Combinators.combine(Arbitraries.integers().between(1, 200_000), Arbitraries.integers().between(1, 60_000),
                Arbitraries.integers().between(0, FIXTURES.size())).as((length, copies, where) -> {
            String pad = where < FIXTURES.size() ? "    " : "";
            String text = pad + "s: &s " + "x".repeat(length) + "\n" + pad + "l: [" + String.join(",", Collections.nCopies(copies, "*s")) + "]\n";
            return FuzzInput.text("scalar alias x" + copies + " of " + length + " chars in " + placeName(where), place(where, text));
        });
    }

    static Arbitrary<FuzzInput> recursion() {
        return Combinators.combine(Arbitraries.of(
                "r: &r [*r]\n", "r: &r {a: *r}\n", "&r [*r]\n", "? &k [*k]\n: v\n", "r: &r {*r : 1}\n",
                "a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n", "a: &a [1]\nb: {<<: *a}\n", "a: &a {<<: *a}\n"),
                Arbitraries.integers().between(0, FIXTURES.size())).as((text, where) ->
                FuzzInput.text("recursion in " + placeName(where), place(where, where < FIXTURES.size() ? indentAll(text, "    ") : text)));
    }

    static Arbitrary<FuzzInput> nesting() {
        return Combinators.combine(Arbitraries.integers().between(1, 100_000), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, FIXTURES.size())).as((depth, style, where) -> {
            String value = style == 4 ? nested(depth, 4) : nestedUnbounded(depth, style);
            String pad = where < FIXTURES.size() ? "    " : "";
            return FuzzInput.text("nesting " + depth + " style " + style + " in " + placeName(where),
                    place(where, pad + "deep: " + value + "\n"));
        });
    }

    private static String nestedUnbounded(int depth, int style) {
        return switch (style) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{a: ".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "- ".repeat(depth) + "x";
            default -> "[".repeat(depth);
        };
    }

    static Arbitrary<FuzzInput> hugeScalars() {
        return Combinators.combine(Arbitraries.integers().between(1, MAX_INPUT), Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, FIXTURES.size())).as((size, style, where) -> {
            String pad = where < FIXTURES.size() ? "    " : "";
            return FuzzInput.text("scalar of " + size + " style " + style + " in " + placeName(where),
                    place(where, pad + "big: " + longScalar(size, style, pad) + "\n"));
        });
    }

    static Arbitrary<FuzzInput> manyKeys() {
        return Combinators.combine(Arbitraries.integers().between(1, 40_000), Arbitraries.integers().between(0, FIXTURES.size()))
                .as((count, where) -> {
                    StringBuilder keys = new StringBuilder();
                    String pad = where < FIXTURES.size() ? "    " : "";
                    for (int k = 0; k < count; k++) {
                        keys.append(pad).append('k').append(k).append(": v\n");
                    }
                    return FuzzInput.text(count + " keys in " + placeName(where), place(where, keys.toString()));
                });
    }

    /** An unknown key of up to 200 KiB: the "did you mean" search and the message must cope. */
    static Arbitrary<FuzzInput> longKeys() {
        return Combinators.combine(Arbitraries.integers().between(1, 200_000), Arbitraries.integers().between(0, FIXTURES.size() - 1),
                Arbitraries.integers().between(0, 2)).as((length, fixture, section) -> {
            String key = "k".repeat(length);
            String text = switch (section) {
                case 0 -> key + ": 1\n" + FIXTURES.get(fixture);
                case 1 -> FIXTURES.get(fixture).replaceFirst("(?m)^benchmark:\n", "benchmark:\n  " + key + ": 1\n");
                default -> FIXTURES.get(fixture).replaceFirst("(?m)^environment:\n", "environment:\n  worker_env_var: \"" + key + "\"\n");
            };
            return FuzzInput.text("key of " + length + " chars in fixture " + fixture + " place " + section, text);
        });
    }

    static Arbitrary<FuzzInput> documents() {
        return Arbitraries.integers().between(2, 5000).map(n ->
                FuzzInput.text(n + " documents", "a: 1\n---\n".repeat(n) + FIXTURES.get(0)));
    }

    /** Random text over YAML's special characters. */
    static Arbitrary<FuzzInput> soup() {
        return Arbitraries.strings().withChars("{}[]:,-?&*!|>'\"%@`#\\ \t\n\r~.0123456789abcxyz=<").ofMaxLength(3000)
                .map(text -> FuzzInput.text("YAML soup", text));
    }

    static Arbitrary<FuzzInput> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).map(b -> new FuzzInput("random bytes", b));
    }

    /** Above the loader's size limit, up to 1 MiB: refused before parsing. */
    static Arbitrary<FuzzInput> oversize() {
        return Arbitraries.integers().between(CaseConfigLoader.MAX_FILE_BYTES - 10, MAX_INPUT).map(size -> {
            String head = FIXTURES.get(0);
            return FuzzInput.text("fixture padded to " + size, head + "#" + "p".repeat(Math.max(0, size - head.length() - 2)) + "\n");
        });
    }

    /** {@code where} below the fixture count: under that fixture's {@code worker_config.gen}; else alone. */
    private static String place(int where, String block) {
        if (where >= FIXTURES.size()) {
            return block;
        }
        String fixture = FIXTURES.get(where);
        int gen = fixture.indexOf("\n  gen:\n");
        if (gen < 0) {
            return fixture + "\n" + block;
        }
        int at = gen + "\n  gen:\n".length();
        return fixture.substring(0, at) + block + fixture.substring(at);
    }

    private static String placeName(int where) {
        return where < FIXTURES.size() ? "worker_config.gen of fixture " + where : "a file of its own";
    }

    private static String indentAll(String text, String pad) {
        return text.lines().map(l -> pad + l).reduce("", (a, b) -> a + b + "\n");
    }
}
