package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a script into words and operators the way bash would for the subset the migration
 * understands: quoting, comments, line continuations, {@code $name}, {@code ${name[i]}},
 * {@code ${!name[@]}}, {@code ${#name[@]}}, {@code $(( ))}, {@code (( ))}, array assignments
 * and {@code name[i]=}. Operators ({@code && || | ; ;; ( ) < >}) become tokens for the parser to
 * accept or refuse; expansions that need the outside world (command substitution, {@code $0},
 * {@code $?}, ...) and forms whose meaning it does not model stop with the line they are on.
 */
final class Lexer {
    private static final Pattern ASSIGNMENT_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** {@code [!#]?name([subscript])?}; the subscript is arithmetic unless {@code @} or {@code *}. */
    private static final Pattern BRACED = Pattern.compile("([!#]?)([A-Za-z_][A-Za-z0-9_]*)(?:\\[(.*)])?", Pattern.DOTALL);
    /** Longest first, so {@code &&} is not read as two {@code &}. */
    private static final List<String> OPERATORS = List.of(
            "&&", "||", "&>", "<<<", "<<", "<&", ">>", ">&", ">|", "|", "&", "(", ")", "<", ">");

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
            for (String op : List.of(";;&", ";;", ";&")) {
                if (text.startsWith(op, pos)) {
                    pos += op.length();
                    return new Token.Operator(op, line);
                }
            }
            pos++;
            return new Token.Separator(line);
        }
        if (text.startsWith("((", pos)) {
            return readArithCommand();
        }
        int digits = pos;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits > pos && (peekAt(digits) == '<' || peekAt(digits) == '>')) {
            // 2>/dev/null: the file descriptor belongs to the redirection, it is not a word.
            pos = digits;
        }
        for (String op : OPERATORS) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return new Token.Operator(op, line);
            }
        }
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
            } else if (c == '(' && !inArray && word.isAssignmentPrefix()) {
                pos++;
                word.startArray();
                return;
            } else if ("()|&<>".indexOf(c) >= 0) {
                // Shell metacharacters end a word; the parser decides what the operator may do there.
                return;
            } else if (c == '{') {
                refuseBraceExpansion();
                word.literal(c, false);
                pos++;
            } else if (c == '[' && word.isName() && subscriptEnd() > 0) {
                // name[subscript]=value: the subscript is arithmetic, read by the parser.
                int end = subscriptEnd();
                word.plainText(text.substring(pos, end));
                pos = end;
            } else if (c == '~' && (word.isEmpty() || word.isAssignmentPrefix())) {
                throw new ScriptError(line, "tilde expansion ('~') is not supported; write the path out");
            } else {
                // '*', '?' and '[' stay as pattern characters: fine in case patterns, [[ ]] and
                // assignments, refused by the parser where bash would expand them to file names.
                word.literal(c, false);
                pos++;
            }
        }
    }

    /** {@code {a,b}} and {@code {1..4}} are brace expansion; a lone brace is a literal (or the reserved word of a group). */
    private void refuseBraceExpansion() {
        for (int i = pos + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (" \t\r\n;|&<>()".indexOf(c) >= 0 || c == '}') {
                String inside = text.substring(pos + 1, i);
                if (c == '}' && (inside.contains(",") || inside.contains(".."))) {
                    throw new ScriptError(line, "'{' (brace expansion) is not supported; write the words out");
                }
                return;
            }
        }
    }

    /** The index just after {@code [subscript]} when it is followed by {@code =} or {@code +=}; else -1. */
    private int subscriptEnd() {
        int depth = 0;
        for (int i = pos; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return -1;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                boolean assignment = peekAt(i + 1) == '=' || peekAt(i + 1) == '+' && peekAt(i + 2) == '=';
                return assignment ? i + 1 : -1;
            }
        }
        return -1;
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
        } else if (next >= '1' && next <= '9' || next == '#' || next == '@' || next == '*') {
            // Positional parameters: only inside a function, which the parser checks.
            pos += 2;
            word.part(positional(String.valueOf(next), quoted));
        } else if (next == '0' || "?$!-".indexOf(next) >= 0 && next != '\0') {
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

    private static Word.Parameter positional(String name, boolean quoted) {
        return switch (name) {
            case "@" -> new Word.Parameter("@", new Word.Index.All(false), quoted);
            case "*" -> new Word.Parameter("*", new Word.Index.All(true), quoted);
            default -> new Word.Parameter(name, null, quoted);
        };
    }

    private Token readArithCommand() {
        int startLine = line;
        int end = arithmeticEnd(pos + 2, "((");
        String source = text.substring(pos + 2, end);
        pos = end + 2;
        return new Token.ArithCommand(source, startLine);
    }

    /** The index of the {@code ))} that closes an arithmetic text starting at {@code start}; counts lines on the way. */
    private int arithmeticEnd(int start, String opener) {
        int startLine = line;
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    if (peekAt(i + 1) != ')') {
                        throw new ScriptError(startLine, "'" + opener + "' closed by a single ')'; expected '))'");
                    }
                    return i;
                }
                depth--;
            } else if (c == '\n') {
                line++;
            } else if (c == '`' || c == '$' && peekAt(i + 1) == '(' && peekAt(i + 2) != '(') {
                throw new ScriptError(line, "command substitution inside " + opener + " )) is not supported");
            } else if (c == '"' || c == '\'' || c == '\\') {
                throw new ScriptError(line, "quotes and backslashes inside " + opener + " )) are not supported");
            }
            i++;
        }
        throw new ScriptError(startLine, "unterminated " + opener + " ))");
    }

    private void readArithmetic(WordBuilder word, boolean quoted) {
        int startLine = line;
        int end = arithmeticEnd(pos + 3, "$((");
        String source = text.substring(pos + 3, end);
        word.part(new Word.Arithmetic(ArithParser.parse(source, startLine), source.trim(), quoted));
        pos = end + 2;
    }

    private void readBraced(WordBuilder word, boolean quoted) {
        int depth = 0;
        int close = -1;
        for (int i = pos + 1; i < text.length() && close < 0; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                break;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                close = i;
            }
        }
        if (close < 0) {
            throw new ScriptError(line, "unterminated ${");
        }
        String inside = text.substring(pos + 2, close);
        Matcher m = BRACED.matcher(inside);
        if (inside.matches("[1-9][0-9]{0,5}|[#@*]")) {
            word.part(positional(inside, quoted));
        } else if (m.matches() && (m.group(1).isEmpty() || m.group(3) != null && !m.group(3).isEmpty())) {
            String name = m.group(2);
            String sub = m.group(3);
            Word.Index index;
            if (m.group(1).isEmpty()) {
                index = sub == null ? null : switch (sub) {
                    case "@" -> new Word.Index.All(false);
                    case "*" -> new Word.Index.All(true);
                    default -> new Word.Index.At(ArithParser.parse(sub, line), sub.trim());
                };
            } else if (sub.equals("@") || sub.equals("*")) {
                index = m.group(1).equals("!") ? new Word.Index.Keys(sub.equals("*")) : new Word.Index.Count();
            } else {
                throw unsupportedBraced(inside);
            }
            word.part(new Word.Parameter(name, index, quoted));
        } else {
            throw unsupportedBraced(inside);
        }
        pos = close + 1;
    }

    private ScriptError unsupportedBraced(String inside) {
        return new ScriptError(line, "parameter expansion ${" + inside + "} is not supported (only ${name}, ${name[@]},"
                + " ${name[*]}, ${name[i]}, ${!name[@]} and ${#name[@]})");
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

        /** Unquoted text taken as written (a subscript in {@code name[i]=}); keeps the word an assignment prefix. */
        void plainText(String raw) {
            for (char c : raw.toCharArray()) {
                literal(c, false);
            }
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
