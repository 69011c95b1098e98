package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * bash's pattern matching ({@code case}, {@code [[ == ]]}): {@code *}, {@code ?}, {@code [...]}
 * and backslash escapes. Matched character by character, going back only to the last {@code *}
 * (no regex: a regex of many stars backtracks exponentially), within {@link #MAX_MATCH_STEPS}.
 */
final class Glob {
    /** Character comparisons one match may take: patterns and subjects of submit scripts need a few thousand. */
    static final long MAX_MATCH_STEPS = 50_000_000;

    /** One element of a pattern: {@code *} (STAR) or a test of one character. */
    private sealed interface Atom {
    }

    private enum Star implements Atom { STAR }

    private record Literal(char c) implements Atom {
    }

    private record Any() implements Atom {
    }

    private record Set(Pattern set) implements Atom {
    }

    private final int line;
    private final List<Atom> atoms = new ArrayList<>();

    Glob(int line) {
        this.line = line;
    }

    /** Quoted text: matches itself. */
    void quoted(String text) {
        for (int i = 0; i < text.length(); i++) {
            atoms.add(new Literal(text.charAt(i)));
        }
    }

    /** Unquoted text: {@code * ? [...]} and backslash escapes are pattern syntax. */
    void unquoted(String pattern) {
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*') {
                atoms.add(Star.STAR);
            } else if (c == '?') {
                atoms.add(new Any());
            } else if (c == '\\' && i + 1 < pattern.length()) {
                atoms.add(new Literal(pattern.charAt(++i)));
            } else if (c == '[' && bracketEnd(pattern, i) > 0) {
                int end = bracketEnd(pattern, i);
                try {
                    atoms.add(new Set(Pattern.compile(bracket(pattern.substring(i + 1, end), line), Pattern.DOTALL)));
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new ScriptError(line, "the pattern cannot be read (" + e.getDescription() + ")");
                }
                i = end;
            } else if ((c == '+' || c == '@' || c == '!') && i + 1 < pattern.length() && pattern.charAt(i + 1) == '(') {
                throw new ScriptError(line, "extended patterns ('" + c + "(...)') are not supported");
            } else {
                atoms.add(new Literal(c));
            }
            i++;
        }
    }

    /** Whether the whole of {@code text} matches. */
    boolean matches(String text) {
        int p = 0;
        int s = 0;
        int starAt = -1;
        int starText = 0;
        long steps = 0;
        while (s < text.length()) {
            if (++steps > MAX_MATCH_STEPS) {
                throw new ScriptError(line, "matching the pattern takes more than " + MAX_MATCH_STEPS + " steps; refusing it");
            }
            Atom atom = p < atoms.size() ? atoms.get(p) : null;
            if (atom == Star.STAR) {
                starAt = p++;
                starText = s;
            } else if (atom != null && test(atom, text.charAt(s))) {
                p++;
                s++;
            } else if (starAt >= 0) {
                // let the last star take one more character and try the rest again
                p = starAt + 1;
                s = ++starText;
            } else {
                return false;
            }
        }
        while (p < atoms.size() && atoms.get(p) == Star.STAR) {
            p++;
        }
        return p == atoms.size();
    }

    private static boolean test(Atom atom, char c) {
        if (atom instanceof Literal literal) {
            return literal.c() == c;
        }
        if (atom instanceof Set set) {
            return set.set().matcher(String.valueOf(c)).matches();
        }
        return true;
    }

    /** The index of the {@code ]} closing the bracket expression at {@code start}; a {@code ]} first in it is literal. */
    private static int bracketEnd(String pattern, int start) {
        int i = start + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++;
        }
        int end = pattern.indexOf(']', i);
        return end;
    }

    private static String bracket(String inside, int line) {
        if (inside.contains("[:") || inside.contains("[=") || inside.contains("[.")) {
            throw new ScriptError(line, "character classes ('[[:name:]]') in patterns are not supported");
        }
        StringBuilder set = new StringBuilder("[");
        int i = 0;
        if (inside.startsWith("!") || inside.startsWith("^")) {
            set.append('^');
            i = 1;
        }
        for (; i < inside.length(); i++) {
            char c = inside.charAt(i);
            boolean range = c == '-' && i > 0 && i < inside.length() - 1 && set.length() > 1 && set.charAt(set.length() - 1) != '^';
            set.append(range ? "-" : "\\x{" + Integer.toHexString(c) + "}");
        }
        return set.append(']').toString();
    }
}
