package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a script into words the way bash would for the subset the migration understands:
 * quoting, comments, line continuations, {@code $name}, {@code ${name[@]}}, {@code $(( ))} and
 * array assignments. Anything that would make bash do more (pipes, redirections, command
 * substitution, globbing, subshells) stops with the line it is on.
 */
final class Lexer {
    private static final Pattern ASSIGNMENT_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BRACED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(@|\\*|[0-9]+)])?");

    private final String text;
    private int pos;
    private int line = 1;

    Lexer(String text) {
        this.text = text;
    }

    /** The next token; called on demand so that the first problem in reading order is the one reported. */
    Token next() {
        skipBlanks();
        if (pos >= text.length()) {
            return new Token.End(line);
        }
        char c = text.charAt(pos);
        if (c == '\n') {
            pos++;
            line++;
            return new Token.Separator(line - 1);
        }
        if (c == ';') {
            if (peekAt(pos + 1) == ';') {
                throw new ScriptError(line, "';;' (case statements) is not supported");
            }
            pos++;
            return new Token.Separator(line);
        }
        refuseOperator(c);
        if (c == '[' && (text.startsWith("[[", pos) || " \t".indexOf(peekAt(pos + 1)) >= 0)) {
            // '[' and '[[' as commands: a word of their own, so the parser can name the test.
            String test = text.startsWith("[[", pos) ? "[[" : "[";
            pos += test.length();
            return new Token.WordToken(new Word(List.of(new Word.Literal(test, false)), line));
        }
        int start = line;
        WordBuilder word = new WordBuilder(start);
        readWord(word, false);
        if (word.arrayName != null) {
            return readArray(word.arrayName, word.arrayAppend, start);
        }
        return new Token.WordToken(word.build());
    }

    /** Skips spaces, tabs, line continuations and comments; stops at a newline. */
    private void skipBlanks() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && peekAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void refuseOperator(char c) {
        switch (c) {
            case '|' -> throw new ScriptError(line, peekAt(pos + 1) == '|'
                    ? "'||' (command lists) is not supported" : "pipes ('|') are not supported");
            case '&' -> throw new ScriptError(line, peekAt(pos + 1) == '&'
                    ? "'&&' (command lists) is not supported" : "background jobs ('&') are not supported");
            case '<', '>' -> throw new ScriptError(line, "redirections ('" + c + "') are not supported");
            case '(' -> throw new ScriptError(line, "'(' starts a subshell, a (( )) arithmetic command or a C-style for loop;"
                    + " none is supported (use $(( )) in an assignment)");
            case ')' -> throw new ScriptError(line, "unexpected ')'");
            default -> {
            }
        }
    }

    /** Reads one word; {@code inArray} is true for the elements of {@code name=( ... )}. */
    private void readWord(WordBuilder word, boolean inArray) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
                return;
            }
            if (c == '\\') {
                if (peekAt(pos + 1) == '\n') {
                    pos += 2;
                    line++;
                } else if (pos + 1 < text.length()) {
                    word.literal(text.charAt(pos + 1), true);
                    pos += 2;
                } else {
                    pos++;
                }
            } else if (c == '\'') {
                readSingleQuoted(word);
            } else if (c == '"') {
                readDoubleQuoted(word);
            } else if (c == '$') {
                readDollar(word, false);
            } else if (c == '`') {
                throw new ScriptError(line, "command substitution (`...`) is not supported");
            } else if (c == '(') {
                if (!inArray && word.isAssignmentPrefix()) {
                    pos++;
                    word.startArray();
                    return;
                }
                if (word.isName()) {
                    throw new ScriptError(line, "function definitions ('" + word.plain + "()') are not supported");
                }
                refuseOperator(c);
            } else if (c == ')') {
                if (inArray) {
                    return;
                }
                refuseOperator(c);
            } else if ("|&<>".indexOf(c) >= 0) {
                refuseOperator(c);
            } else if (c == '{' || c == '}') {
                throw new ScriptError(line, "'" + c + "' (brace expansion or a command group) is not supported");
            } else if (c == '*' || c == '?' || c == '[') {
                throw new ScriptError(line, "'" + c + "' would be a filename pattern (globbing); quote it if it is meant literally");
            } else if (c == '~' && (word.isEmpty() || word.isAssignmentPrefix())) {
                throw new ScriptError(line, "tilde expansion ('~') is not supported; write the path out");
            } else {
                word.literal(c, false);
                pos++;
            }
        }
    }

    private void readSingleQuoted(WordBuilder word) {
        int startLine = line;
        pos++;
        word.quotedEmpty();
        while (pos < text.length() && text.charAt(pos) != '\'') {
            countNewline(text.charAt(pos));
            word.literal(text.charAt(pos), true);
            pos++;
        }
        if (pos >= text.length()) {
            throw new ScriptError(startLine, "unterminated single quote");
        }
        pos++;
    }

    private void readDoubleQuoted(WordBuilder word) {
        int startLine = line;
        pos++;
        word.quotedEmpty();
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next == '\n') {
                    line++;
                } else if ("$`\"\\".indexOf(next) >= 0) {
                    word.literal(next, true);
                } else {
                    word.literal(c, true);
                    word.literal(next, true);
                }
                pos += 2;
            } else if (c == '$') {
                readDollar(word, true);
            } else if (c == '`') {
                throw new ScriptError(line, "command substitution (`...`) is not supported");
            } else {
                countNewline(c);
                word.literal(c, true);
                pos++;
            }
        }
        if (pos >= text.length()) {
            throw new ScriptError(startLine, "unterminated double quote");
        }
        pos++;
    }

    private void readDollar(WordBuilder word, boolean quoted) {
        char next = peekAt(pos + 1);
        if (next == '(' && peekAt(pos + 2) == '(') {
            readArithmetic(word, quoted);
        } else if (next == '(') {
            throw new ScriptError(line, "command substitution ($(...)) is not supported; only $(( )) arithmetic is");
        } else if (next == '{') {
            readBraced(word, quoted);
        } else if (Character.isLetter(next) || next == '_') {
            int start = pos + 1;
            pos = start;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            word.part(new Word.Parameter(text.substring(start, pos), null, quoted));
        } else if (Character.isDigit(next) || "@*#?$!-".indexOf(next) >= 0 && next != '\0') {
            throw new ScriptError(line, "'$" + next + "' (a script argument or special parameter) is not supported:"
                    + " the migration does not know the script's arguments or process state");
        } else if (!quoted && (next == '\'' || next == '"')) {
            throw new ScriptError(line, "$'...' and $\"...\" quoting are not supported");
        } else {
            // A lone '$' is literal in bash.
            word.literal('$', quoted);
            pos++;
        }
    }

    private void readArithmetic(WordBuilder word, boolean quoted) {
        int startLine = line;
        int start = pos + 3;
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    if (peekAt(i + 1) != ')') {
                        throw new ScriptError(startLine, "'$((' closed by a single ')'; expected '))'");
                    }
                    break;
                }
                depth--;
            } else if (c == '\n') {
                line++;
            } else if (c == '`' || c == '$' && peekAt(i + 1) == '(') {
                throw new ScriptError(line, "command substitution inside $(( )) is not supported");
            } else if (c == '"' || c == '\'' || c == '\\') {
                throw new ScriptError(line, "quotes and backslashes inside $(( )) are not supported");
            }
            i++;
        }
        if (i >= text.length()) {
            throw new ScriptError(startLine, "unterminated $(( ))");
        }
        String source = text.substring(start, i);
        word.part(new Word.Arithmetic(ArithParser.parse(source, startLine), source.trim(), quoted));
        pos = i + 2;
    }

    private void readBraced(WordBuilder word, boolean quoted) {
        int close = text.indexOf('}', pos);
        int newline = text.indexOf('\n', pos);
        if (close < 0 || newline >= 0 && newline < close) {
            throw new ScriptError(line, "unterminated ${");
        }
        String inside = text.substring(pos + 2, close);
        Matcher m = BRACED.matcher(inside);
        if (!m.matches()) {
            throw new ScriptError(line, "parameter expansion ${" + inside + "} is not supported"
                    + " (only ${name}, ${name[@]}, ${name[*]} and ${name[N]})");
        }
        Word.Index index = null;
        if (m.group(2) != null) {
            index = switch (m.group(2)) {
                case "@" -> new Word.Index.All(false);
                case "*" -> new Word.Index.All(true);
                default -> new Word.Index.At((int) ArithParser.integer(m.group(2), line));
            };
        }
        word.part(new Word.Parameter(m.group(1), index, quoted));
        pos = close + 1;
    }

    private Token readArray(String name, boolean append, int startLine) {
        List<Word> elements = new ArrayList<>();
        while (true) {
            while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == '#'
                    || text.charAt(pos) == '\\' && peekAt(pos + 1) == '\n')) {
                if (text.charAt(pos) == '#') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    if (text.charAt(pos) == '\\') {
                        pos++;
                    }
                    countNewline(text.charAt(pos));
                    pos++;
                }
            }
            if (pos >= text.length()) {
                throw new ScriptError(startLine, "array '" + name + "=(' is never closed with ')'");
            }
            if (text.charAt(pos) == ')') {
                pos++;
                char after = peekAt(pos);
                if (after != '\0' && " \t\r\n;#".indexOf(after) < 0) {
                    throw new ScriptError(line, "unexpected '" + after + "' after the closing ')' of array '" + name + "'");
                }
                return new Token.ArrayToken(name, append, elements, startLine);
            }
            if (text.charAt(pos) == ';') {
                throw new ScriptError(line, "';' inside the array '" + name + "=( ... )'");
            }
            WordBuilder element = new WordBuilder(line);
            readWord(element, true);
            if (element.isEmpty()) {
                throw new ScriptError(line, "unexpected '" + text.charAt(pos) + "' inside the array '" + name + "=( ... )'");
            }
            elements.add(element.build());
        }
    }

    private void countNewline(char c) {
        if (c == '\n') {
            line++;
        }
    }

    private char peekAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    /** Collects a word's parts, merging adjacent literal characters with the same quoting. */
    private static final class WordBuilder {
        private final int line;
        private final List<Word.Part> parts = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        private boolean pendingQuoted;
        /** The unquoted text read so far while the word is still all unquoted literal. */
        private String plain = "";
        private boolean onlyPlain = true;
        private String arrayName;
        private boolean arrayAppend;
        private boolean emptyQuoted;

        WordBuilder(int line) {
            this.line = line;
        }

        void literal(char c, boolean quoted) {
            if (pending.length() > 0 && pendingQuoted != quoted) {
                flush();
            }
            pendingQuoted = quoted;
            pending.append(c);
            if (quoted) {
                onlyPlain = false;
            } else if (onlyPlain) {
                plain += c;
            }
        }

        /** An empty quoted string ("" or '') is still a word. */
        void quotedEmpty() {
            onlyPlain = false;
            emptyQuoted = true;
        }

        void part(Word.Part part) {
            flush();
            onlyPlain = false;
            parts.add(part);
        }

        boolean isEmpty() {
            return parts.isEmpty() && pending.length() == 0 && !emptyQuoted;
        }

        boolean isAssignmentPrefix() {
            return onlyPlain && ASSIGNMENT_PREFIX.matcher(plain).matches();
        }

        boolean isName() {
            return onlyPlain && NAME.matcher(plain).matches();
        }

        void startArray() {
            arrayAppend = plain.endsWith("+=");
            arrayName = plain.substring(0, plain.length() - (arrayAppend ? 2 : 1));
        }

        private void flush() {
            if (pending.length() > 0) {
                parts.add(new Word.Literal(pending.toString(), pendingQuoted));
                pending.setLength(0);
            }
        }

        Word build() {
            flush();
            if (parts.isEmpty() && emptyQuoted) {
                parts.add(new Word.Literal("", true));
            }
            return new Word(parts, line);
        }
    }
}
