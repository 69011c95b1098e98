package dev.disagg.migrate;

import java.util.regex.Pattern;

/** bash's pattern matching ({@code case}, {@code [[ == ]]}): {@code *}, {@code ?}, {@code [...]} and backslash escapes. */
final class Glob {
    private Glob() {
    }

    /** The Java regex for an unquoted piece of pattern. */
    static String toRegex(String pattern, int line) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '[' && bracketEnd(pattern, i) > 0) {
                int end = bracketEnd(pattern, i);
                regex.append(bracket(pattern.substring(i + 1, end), line));
                i = end;
            } else if ((c == '+' || c == '@' || c == '!') && i + 1 < pattern.length() && pattern.charAt(i + 1) == '(') {
                throw new ScriptError(line, "extended patterns ('" + c + "(...)') are not supported");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return regex.toString();
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
