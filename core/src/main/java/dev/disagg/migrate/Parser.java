package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds statements from tokens. The whole script is checked before anything is evaluated, so
 * an unsupported construct is reported even inside a loop that would never run.
 */
final class Parser {
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(\\+?)=(.*)", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Commands that do not affect what gets submitted. */
    private static final Set<String> NO_OPS = Set.of("echo", "printf", "sleep", "true", ":", "set", "export");

    /** Constructs people do write in these scripts, with what to tell them. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("while", "'while' loops are not supported (only 'for NAME in WORDS')"),
            Map.entry("until", "'until' loops are not supported (only 'for NAME in WORDS')"),
            Map.entry("select", "'select' is not supported"),
            Map.entry("if", "'if' is not supported: the migration does not evaluate conditions"),
            Map.entry("case", "'case' is not supported: the migration does not evaluate conditions"),
            Map.entry("function", "function definitions are not supported"),
            Map.entry("[[", "'[[' tests are not supported: the migration does not evaluate conditions"),
            Map.entry("[", "'[' tests are not supported: the migration does not evaluate conditions"),
            Map.entry("test", "'test' is not supported: the migration does not evaluate conditions"),
            Map.entry("!", "'!' is not supported"),
            Map.entry("eval", "'eval' is not supported: its text cannot be read without running it"),
            Map.entry("source", "'source' is not supported: inline the sourced file's assignments"),
            Map.entry(".", "'.' (source) is not supported: inline the sourced file's assignments"),
            Map.entry("exec", "'exec' is not supported"),
            Map.entry("let", "'let' is not supported; write name=$(( ... ))"),
            Map.entry("declare", "'declare' is not supported; assign directly (name=value, name=(...))"),
            Map.entry("typeset", "'typeset' is not supported; assign directly (name=value, name=(...))"),
            Map.entry("local", "'local' is not supported (functions are not supported)"),
            Map.entry("readonly", "'readonly' is not supported; assign directly"),
            Map.entry("unset", "'unset' is not supported"),
            Map.entry("read", "'read' is not supported: input is not known without running the script"),
            Map.entry("shift", "'shift' is not supported: the script's arguments are not known"),
            Map.entry("exit", "'exit' is not supported"),
            Map.entry("return", "'return' is not supported"),
            Map.entry("break", "'break' is not supported"),
            Map.entry("continue", "'continue' is not supported"),
            Map.entry("trap", "'trap' is not supported"),
            Map.entry("cd", "'cd' is not supported (paths are taken as written)"),
            Map.entry("alias", "'alias' is not supported"));

    private static final Set<String> STRAY_KEYWORDS = Set.of("do", "done", "then", "else", "elif", "fi", "esac", "in");

    /** Loops nested deeper than this are no submit script; the parse and the run recurse once per level. */
    static final int MAX_NESTING = 64;

    private final Lexer lexer;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int nesting;

    private Parser(Lexer lexer) {
        this.lexer = lexer;
    }

    static List<Statement> parse(String script) {
        Parser parser = new Parser(new Lexer(script));
        List<Statement> statements = parser.list(false);
        Token end = parser.peek();
        if (!(end instanceof Token.End)) {
            throw new ScriptError(end.line(), "unexpected '" + keyword(end) + "'");
        }
        return statements;
    }

    /** Statements up to the end of input, or up to {@code done} when inside a loop. */
    private List<Statement> list(boolean inLoop) {
        List<Statement> statements = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token token = peek();
            if (token instanceof Token.End) {
                return statements;
            }
            if (inLoop && "done".equals(keyword(token))) {
                return statements;
            }
            statements.addAll(statement());
        }
    }

    private List<Statement> statement() {
        Token first = peek();
        if (first instanceof Token.ArrayToken array) {
            pos++;
            expectEndOfCommand("array assignment");
            return List.of(new Statement.AssignArray(array.name(), array.append(), array.elements(), array.line()));
        }
        Word firstWord = ((Token.WordToken) first).word();
        String name = firstWord.plainText();
        if ("for".equals(name)) {
            return List.of(forLoop());
        }
        if (name != null && UNSUPPORTED.containsKey(name)) {
            throw new ScriptError(first.line(), UNSUPPORTED.get(name));
        }
        if (name != null && STRAY_KEYWORDS.contains(name)) {
            throw new ScriptError(first.line(), "unexpected '" + name + "'");
        }
        List<Word> words = commandWords();
        List<Statement> assignments = new ArrayList<>();
        int i = 0;
        while (i < words.size() && assignment(words.get(i)) != null) {
            assignments.add(assignment(words.get(i)));
            i++;
        }
        if (i == words.size()) {
            return assignments;
        }
        Word command = words.get(i);
        if (!assignments.isEmpty()) {
            throw new ScriptError(command.line(), "an assignment in front of a command (NAME=value command) is not supported;"
                    + " assign on its own line");
        }
        return command(command, words.subList(1, words.size()));
    }

    private List<Statement> command(Word command, List<Word> arguments) {
        String name = command.plainText();
        if (name == null) {
            throw new ScriptError(command.line(), "the command name must be written out, not built from quotes or variables");
        }
        if (UNSUPPORTED.containsKey(name)) {
            throw new ScriptError(command.line(), UNSUPPORTED.get(name));
        }
        if (name.equals("sbatch") || name.endsWith("/sbatch")) {
            return List.of(new Statement.Sbatch(arguments, command.line()));
        }
        if (name.equals("set")) {
            for (Word argument : arguments) {
                String text = argument.plainText();
                if (text == null || !(text.startsWith("-") || text.startsWith("+"))) {
                    throw new ScriptError(argument.line(), "'set' with arguments (setting $1, $2, ...) is not supported");
                }
            }
        }
        if (name.equals("export")) {
            return exportStatement(arguments);
        }
        if (NO_OPS.contains(name)) {
            return List.of(new Statement.NoOp(name, command.line()));
        }
        throw new ScriptError(command.line(), "command '" + name + "' is not understood: only variable assignments,"
                + " 'for' loops and sbatch (plus echo, printf, sleep, set, export) can be converted");
    }

    /** {@code export a=1 b} assigns like {@code a=1}; exporting changes nothing for the submission. */
    private List<Statement> exportStatement(List<Word> arguments) {
        List<Statement> assignments = new ArrayList<>();
        for (Word argument : arguments) {
            Statement.Assign assign = assignment(argument);
            if (assign != null) {
                assignments.add(assign);
            } else if (argument.plainText() == null || !NAME.matcher(argument.plainText()).matches()) {
                throw new ScriptError(argument.line(), "'export' takes NAME or NAME=value here");
            }
        }
        return assignments;
    }

    private Statement forLoop() {
        int line = peek().line();
        pos++;
        Token variable = next();
        String name = variable instanceof Token.WordToken w ? w.word().plainText() : null;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScriptError(variable.line(), "expected a variable name after 'for' (C-style for ((...)) loops are not supported)");
        }
        Token in = next();
        if (!"in".equals(keyword(in))) {
            throw new ScriptError(in.line(), "expected 'in' after 'for " + name + "' (looping over the script's arguments is not supported)");
        }
        List<Word> words = new ArrayList<>();
        while (peek() instanceof Token.WordToken w) {
            words.add(w.word());
            pos++;
        }
        if (peek() instanceof Token.ArrayToken array) {
            throw new ScriptError(array.line(), "unexpected '(' in the word list of 'for " + name + "'");
        }
        skipSeparators();
        Token doToken = next();
        if (!"do".equals(keyword(doToken))) {
            throw new ScriptError(doToken.line(), "expected 'do' to start the body of 'for " + name + "' (line " + line + ")");
        }
        if (++nesting > MAX_NESTING) {
            throw new ScriptError(line, "'for' loops nested more than " + MAX_NESTING + " deep; refusing them");
        }
        List<Statement> body = list(true);
        nesting--;
        Token done = next();
        if (!"done".equals(keyword(done))) {
            throw new ScriptError(line, "'for " + name + "' is never closed with 'done'");
        }
        expectEndOfCommand("done");
        return new Statement.ForLoop(name, words, body, line);
    }

    private List<Word> commandWords() {
        List<Word> words = new ArrayList<>();
        while (true) {
            Token token = peek();
            if (token instanceof Token.WordToken w) {
                words.add(w.word());
                pos++;
            } else if (token instanceof Token.ArrayToken array) {
                throw new ScriptError(array.line(), "an array assignment must stand on its own");
            } else {
                return words;
            }
        }
    }

    private static Statement.Assign assignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Word.Literal first) || first.quoted()) {
            return null;
        }
        Matcher m = ASSIGNMENT.matcher(first.text());
        if (!m.matches()) {
            return null;
        }
        List<Word.Part> value = new ArrayList<>();
        if (!m.group(3).isEmpty()) {
            value.add(new Word.Literal(m.group(3), false));
        }
        value.addAll(word.parts().subList(1, word.parts().size()));
        return new Statement.Assign(m.group(1), !m.group(2).isEmpty(), new Word(value, word.line()), word.line());
    }

    private void expectEndOfCommand(String after) {
        Token token = peek();
        if (!(token instanceof Token.Separator) && !(token instanceof Token.End)) {
            throw new ScriptError(token.line(), "unexpected '" + keyword(token) + "' after " + after);
        }
    }

    private void skipSeparators() {
        while (peek() instanceof Token.Separator) {
            pos++;
        }
    }

    private Token peek() {
        while (tokens.size() <= pos) {
            Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
            tokens.add(last instanceof Token.End ? last : lexer.next());
        }
        return tokens.get(pos);
    }

    private Token next() {
        Token token = peek();
        if (!(token instanceof Token.End)) {
            pos++;
        }
        return token;
    }

    private static String keyword(Token token) {
        if (token instanceof Token.WordToken w) {
            String text = w.word().plainText();
            return text == null ? "(quoted word)" : text;
        }
        if (token instanceof Token.ArrayToken array) {
            return array.name() + "=(";
        }
        return token instanceof Token.End ? "end of file" : "end of line";
    }
}
