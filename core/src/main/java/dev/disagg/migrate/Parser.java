package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds statements from tokens. The whole script is checked before anything is evaluated, so
 * an unsupported construct is reported even inside a loop or branch that would never run.
 */
final class Parser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern POSITIONAL = Pattern.compile("[0-9]+|[#@*]");

    /** Commands that do not affect what gets submitted, with their exit status. */
    private static final Map<String, Integer> NO_OPS = Map.of("echo", 0, "printf", 0, "sleep", 0, "true", 0, ":", 0, "false", 1);

    private static final Set<String> DECLARATIONS = Set.of("declare", "typeset", "local", "readonly", "export");

    /** Constructs people do write in these scripts, with what to tell them. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("while", "'while' loops are not supported (only 'for NAME in WORDS')"),
            Map.entry("until", "'until' loops are not supported (only 'for NAME in WORDS')"),
            Map.entry("select", "'select' is not supported"),
            Map.entry("eval", "'eval' is not supported: its text cannot be read without running it"),
            Map.entry("source", "'source' is not supported: inline the sourced file's assignments"),
            Map.entry(".", "'.' (source) is not supported: inline the sourced file's assignments"),
            Map.entry("exec", "'exec' is not supported"),
            Map.entry("let", "'let' is not supported; write name=$(( ... ))"),
            Map.entry("unset", "'unset' is not supported"),
            Map.entry("read", "'read' is not supported: input is not known without running the script"),
            Map.entry("mapfile", "'mapfile' is not supported: input is not known without running the script"),
            Map.entry("readarray", "'readarray' is not supported: input is not known without running the script"),
            Map.entry("shift", "'shift' is not supported"),
            Map.entry("return", "'return' is not supported"),
            Map.entry("trap", "'trap' is not supported"),
            Map.entry("cd", "'cd' is not supported (paths are taken as written)"),
            Map.entry("alias", "'alias' is not supported"));

    private static final Set<String> STRAY_KEYWORDS = Set.of("do", "done", "then", "else", "elif", "fi", "esac", "in", "}", "]]");

    private static final Set<String> REDIRECTIONS = Set.of("<", ">", ">>", ">&", "<&", "&>", ">|", "<<", "<<<");
    private static final Set<String> OUTPUT_REDIRECTIONS = Set.of(">", ">>", ">&", "&>", ">|");
    private static final Set<String> FILE_TESTS = Set.of("-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-p", "-r", "-s",
            "-t", "-u", "-w", "-x", "-G", "-L", "-N", "-O", "-S");
    static final Set<String> STRING_COMPARISONS = Set.of("=", "==", "!=");
    static final Set<String> NUMBER_COMPARISONS = Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");

    /**
     * Loops, ifs, cases, function bodies and '!' nested deeper than this, or and-or lists longer,
     * are no submit script; the parse and the run recurse once per level.
     */
    static final int MAX_NESTING = 64;

    private final Lexer lexer;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int nesting;
    /** Inside a function body, $1, $# and $@ mean the call's arguments; outside, the script's (unknown). */
    private int functionDepth;
    private final Set<String> functions = new HashSet<>();
    /** Calls inside function bodies of names not defined yet; checked once the whole script is read. */
    private final List<Statement.Call> laterCalls = new ArrayList<>();

    private Parser(Lexer lexer) {
        this.lexer = lexer;
    }

    static List<Statement> parse(String script) {
        Parser parser = new Parser(new Lexer(script));
        List<Statement> statements = parser.list(Set.of());
        Token end = parser.peek();
        if (!(end instanceof Token.End)) {
            throw new ScriptError(end.line(), "unexpected '" + keyword(end) + "'");
        }
        for (Statement.Call call : parser.laterCalls) {
            if (!parser.functions.contains(call.name())) {
                throw notUnderstood(call.name(), call.line());
            }
        }
        return statements;
    }

    /** Statements up to the end of input or up to one of {@code stop} (a keyword at a command's start or an operator). */
    private List<Statement> list(Set<String> stop) {
        List<Statement> statements = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token token = peek();
            if (token instanceof Token.End || stop.contains(keyword(token))) {
                return statements;
            }
            statements.addAll(andOr());
            Token after = peek();
            if (after instanceof Token.Separator || after instanceof Token.End) {
                continue;
            }
            if (after instanceof Token.Operator op) {
                if (stop.contains(op.text())) {
                    return statements;
                }
                if (op.text().equals("&")) {
                    throw new ScriptError(op.line(), "background jobs ('&') are not supported");
                }
            }
            throw new ScriptError(after.line(), "unexpected '" + keyword(after) + "'");
        }
    }

    /** Enters one more level of a construct that the parse and the run recurse into. */
    private void enter(String construct, int line) {
        if (++nesting > MAX_NESTING) {
            throw new ScriptError(line, construct + " nested more than " + MAX_NESTING + " deep; refusing them");
        }
    }

    private void leave() {
        nesting--;
    }

    /** {@code a && b || c}: left-associative, as in bash. */
    private List<Statement> andOr() {
        List<Statement> first = pipeline();
        Statement left = null;
        int operators = 0;
        while (peek() instanceof Token.Operator op && (op.text().equals("&&") || op.text().equals("||"))) {
            // each operator nests the list one level deeper (a left-deep tree the run recurses through)
            if (++operators > MAX_NESTING) {
                throw new ScriptError(op.line(), "more than " + MAX_NESTING + " '&&'/'||' in one list; refusing it");
            }
            pos++;
            skipSeparators();
            Statement right = single(pipeline(), op.line());
            left = new Statement.AndOr(op.text().equals("&&"), left == null ? single(first, op.line()) : left, right, op.line());
        }
        return left == null ? first : List.of(left);
    }

    private List<Statement> pipeline() {
        Token first = peek();
        if ("!".equals(keyword(first))) {
            pos++;
            enter("'!'", first.line());
            Statement negated = single(pipeline(), first.line());
            leave();
            return List.of(new Statement.Not(negated, first.line()));
        }
        List<Statement> command = command();
        if (peek() instanceof Token.Operator op && op.text().equals("|")) {
            throw new ScriptError(op.line(), "pipes ('|') are not supported");
        }
        return command;
    }

    private static Statement single(List<Statement> statements, int line) {
        return statements.size() == 1 ? statements.get(0) : new Statement.Group(statements, line);
    }

    private List<Statement> command() {
        Token first = peek();
        if (first instanceof Token.ArithCommand arith) {
            pos++;
            return List.of(new Statement.Arith(arithmetic(arith.source(), arith.line()), arith.source().trim(), arith.line()));
        }
        if (first instanceof Token.Operator op) {
            if (op.text().equals("(")) {
                throw new ScriptError(op.line(), "'(' starts a subshell; it is not supported");
            }
            throw new ScriptError(op.line(), "unexpected '" + op.text() + "'");
        }
        if (first instanceof Token.ArrayToken array) {
            pos++;
            return List.of(new Statement.AssignArray(array.name(), array.append(), array.elements(), array.line()));
        }
        String name = keyword(first);
        switch (name) {
            case "for" -> {
                return List.of(forLoop());
            }
            case "if" -> {
                return List.of(ifStatement());
            }
            case "case" -> {
                return List.of(caseStatement());
            }
            case "[[" -> {
                return List.of(doubleBracket());
            }
            case "function" -> {
                return List.of(functionDefinition(true));
            }
            case "{" -> throw new ScriptError(first.line(), "command groups ('{ ...; }') are only supported as a function body");
            default -> {
            }
        }
        if (UNSUPPORTED.containsKey(name)) {
            throw new ScriptError(first.line(), UNSUPPORTED.get(name));
        }
        if (STRAY_KEYWORDS.contains(name)) {
            throw new ScriptError(first.line(), "unexpected '" + name + "'");
        }
        if (NAME.matcher(name).matches() && peek(1) instanceof Token.Operator op && op.text().equals("(")) {
            return List.of(functionDefinition(false));
        }
        return simpleCommand();
    }

    private List<Statement> simpleCommand() {
        List<Token> words = new ArrayList<>();
        String redirection = null;
        int redirectionLine = 0;
        while (true) {
            Token token = peek();
            if (token instanceof Token.WordToken || token instanceof Token.ArrayToken) {
                words.add(token);
                pos++;
            } else if (token instanceof Token.Operator op && REDIRECTIONS.contains(op.text())) {
                if (redirection == null) {
                    redirection = op.text();
                    redirectionLine = op.line();
                }
                pos++;
                if (peek() instanceof Token.WordToken) {
                    pos++;
                }
            } else {
                break;
            }
        }
        List<Statement> assignments = new ArrayList<>();
        int i = 0;
        while (i < words.size() && words.get(i) instanceof Token.WordToken w && assignment(w.word()) != null) {
            assignments.add(assignment(w.word()));
            i++;
        }
        if (i == words.size()) {
            if (redirection != null) {
                throw redirectionError(redirection, redirectionLine);
            }
            return assignments;
        }
        if (!(words.get(i) instanceof Token.WordToken commandToken)) {
            throw new ScriptError(words.get(i).line(), "an array assignment must stand on its own");
        }
        Word command = commandToken.word();
        if (!assignments.isEmpty()) {
            throw new ScriptError(command.line(), "an assignment in front of a command (NAME=value command) is not supported;"
                    + " assign on its own line");
        }
        String name = command.plainText();
        if (name == null) {
            throw new ScriptError(command.line(), "the command name must be written out, not built from quotes or variables");
        }
        // echo, printf and tests only print: where their output goes changes nothing submitted.
        if (redirection != null && !(OUTPUT_REDIRECTIONS.contains(redirection)
                && (NO_OPS.containsKey(name) || name.equals("[") || name.equals("test")))) {
            throw redirectionError(redirection, redirectionLine);
        }
        List<Token> rest = words.subList(i + 1, words.size());
        if (DECLARATIONS.contains(name)) {
            return List.of(declaration(name, rest, command.line()));
        }
        List<Word> arguments = new ArrayList<>();
        for (Token token : rest) {
            if (!(token instanceof Token.WordToken w)) {
                throw new ScriptError(token.line(), "an array assignment must stand on its own");
            }
            arguments.add(w.word());
        }
        return List.of(command(name, arguments, command.line()));
    }

    private static ScriptError redirectionError(String op, int line) {
        return new ScriptError(line, "redirections ('" + op + "') are not supported (except output redirections of echo, printf and tests)");
    }

    private Statement command(String name, List<Word> arguments, int line) {
        if (UNSUPPORTED.containsKey(name)) {
            throw new ScriptError(line, UNSUPPORTED.get(name));
        }
        if (name.equals("sbatch") || name.endsWith("/sbatch")) {
            arguments.forEach(Parser::refuseGlob);
            return new Statement.Sbatch(arguments, line);
        }
        if (name.equals("[") || name.equals("test")) {
            List<Word> operands = arguments;
            if (name.equals("[")) {
                if (arguments.isEmpty() || !"]".equals(arguments.get(arguments.size() - 1).plainText())) {
                    throw new ScriptError(line, "'[' without its closing ']'");
                }
                operands = arguments.subList(0, arguments.size() - 1);
            }
            operands.forEach(Parser::refuseGlob);
            return new Statement.Test(operands, line);
        }
        if (name.equals("set")) {
            return setOptions(arguments, line);
        }
        if (name.equals("exit")) {
            if (arguments.size() > 1 || arguments.size() == 1
                    && (arguments.get(0).plainText() == null || !arguments.get(0).plainText().matches("[0-9]{1,3}"))) {
                throw new ScriptError(line, "'exit' takes no argument or a number written out");
            }
            return new Statement.ExitScript(arguments.isEmpty() ? 0 : Integer.parseInt(arguments.get(0).plainText()), line);
        }
        if (name.equals("break") || name.equals("continue")) {
            int levels = 1;
            if (arguments.size() > 1 || arguments.size() == 1
                    && (arguments.get(0).plainText() == null || !arguments.get(0).plainText().matches("[1-9][0-9]{0,3}"))) {
                throw new ScriptError(line, "'" + name + "' takes no argument or a number of loops");
            }
            if (arguments.size() == 1) {
                levels = Integer.parseInt(arguments.get(0).plainText());
            }
            return new Statement.LoopControl(name.equals("break"), levels, line);
        }
        if (NO_OPS.containsKey(name)) {
            return new Statement.NoOp(name, NO_OPS.get(name), line);
        }
        if (functions.contains(name) || functionDepth > 0) {
            arguments.forEach(Parser::refuseGlob);
            Statement.Call call = new Statement.Call(name, arguments, line);
            if (!functions.contains(name)) {
                laterCalls.add(call);
            }
            return call;
        }
        throw notUnderstood(name, line);
    }

    private static ScriptError notUnderstood(String name, int line) {
        return new ScriptError(line, "command '" + name + "' is not understood: only variable assignments, 'for' loops,"
                + " if/case/tests, functions the script defines and sbatch (plus echo, printf, sleep, set, export,"
                + " declare, local, readonly) can be converted");
    }

    /** {@code set -e}, {@code set -euo pipefail}, {@code set +e}: only errexit changes what runs. */
    private static Statement setOptions(List<Word> arguments, int line) {
        Boolean errexit = null;
        for (int i = 0; i < arguments.size(); i++) {
            String text = arguments.get(i).plainText();
            if (text == null || text.length() < 2 || !(text.startsWith("-") || text.startsWith("+"))) {
                throw new ScriptError(arguments.get(i).line(), "'set' with arguments (setting $1, $2, ...) is not supported");
            }
            boolean on = text.startsWith("-");
            for (char flag : text.substring(1).toCharArray()) {
                if (flag == 'e') {
                    errexit = on;
                } else if (flag == 'o') {
                    i++;
                    String option = i < arguments.size() ? arguments.get(i).plainText() : null;
                    if (option == null) {
                        throw new ScriptError(line, "'set -o' needs an option name");
                    }
                    if (option.equals("errexit")) {
                        errexit = on;
                    }
                }
            }
        }
        return new Statement.SetOptions(errexit, line);
    }

    private Statement declaration(String builtin, List<Token> arguments, int line) {
        if (builtin.equals("local") && functionDepth == 0) {
            throw new ScriptError(line, "'local' can only be used in a function");
        }
        StringBuilder flags = new StringBuilder();
        int i = 0;
        while (i < arguments.size() && arguments.get(i) instanceof Token.WordToken w && w.word().plainText() != null
                && w.word().plainText().matches("[-+][A-Za-z]+")) {
            String text = w.word().plainText();
            if (text.startsWith("+")) {
                throw new ScriptError(line, "'" + builtin + " " + text + "' (removing an attribute) is not supported");
            }
            for (char flag : text.substring(1).toCharArray()) {
                String allowed = builtin.equals("export") ? "" : builtin.equals("readonly") ? "a" : "arxg";
                if (allowed.indexOf(flag) < 0) {
                    throw new ScriptError(line, switch (flag) {
                        case 'i' -> "'" + builtin + " -i' (integer variables) is not supported; assign name=$(( ... ))";
                        case 'A' -> "associative arrays ('" + builtin + " -A') are not supported";
                        default -> "'" + builtin + " -" + flag + "' is not supported";
                    });
                }
                flags.append(flag);
            }
            i++;
        }
        List<Statement> assignments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Token token : arguments.subList(i, arguments.size())) {
            if (token instanceof Token.ArrayToken array) {
                assignments.add(new Statement.AssignArray(array.name(), array.append(), array.elements(), array.line()));
                continue;
            }
            Word word = ((Token.WordToken) token).word();
            Statement.Assign assign = assignment(word);
            if (assign != null && assign.index() == null) {
                assignments.add(assign);
            } else if (word.plainText() != null && NAME.matcher(word.plainText()).matches()) {
                names.add(word.plainText());
            } else {
                throw new ScriptError(word.line(), "'" + builtin + "' takes NAME, NAME=value or NAME=(...) here");
            }
        }
        return new Statement.Declare(builtin, flags.toString(), assignments, names, line);
    }

    private Statement forLoop() {
        int line = peek().line();
        pos++;
        Token variable = next();
        if (variable instanceof Token.ArithCommand) {
            throw new ScriptError(variable.line(), "C-style for loops (for ((...))) are not supported; loop over words or \"${!array[@]}\"");
        }
        String name = variable instanceof Token.WordToken w ? w.word().plainText() : null;
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScriptError(variable.line(), "expected a variable name after 'for'");
        }
        Token in = next();
        if (!"in".equals(keyword(in))) {
            throw new ScriptError(in.line(), "expected 'in' after 'for " + name + "' (looping over the script's arguments is not supported)");
        }
        List<Word> words = new ArrayList<>();
        while (peek() instanceof Token.WordToken w) {
            refuseGlob(w.word());
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
        enter("'for' loops", line);
        List<Statement> body = list(Set.of("done"));
        leave();
        expectKeyword("done", "'for " + name + "' (line " + line + ")");
        return new Statement.ForLoop(name, words, body, line);
    }

    private Statement ifStatement() {
        int line = next().line();
        enter("'if' statements", line);
        Statement ifStatement = ifBody(line);
        leave();
        return ifStatement;
    }

    private Statement ifBody(int line) {
        List<Statement.Branch> branches = new ArrayList<>();
        List<Statement> orElse = List.of();
        while (true) {
            List<Statement> condition = list(Set.of("then"));
            if (condition.isEmpty()) {
                throw new ScriptError(peek().line(), "expected a condition before 'then' (the 'if' of line " + line + ")");
            }
            expectKeyword("then", "the 'if' of line " + line);
            branches.add(new Statement.Branch(condition, list(Set.of("elif", "else", "fi"))));
            String keyword = keyword(next());
            if (keyword.equals("elif")) {
                continue;
            }
            if (keyword.equals("else")) {
                orElse = list(Set.of("fi"));
                expectKeyword("fi", "the 'if' of line " + line);
            } else if (!keyword.equals("fi")) {
                throw new ScriptError(line, "'if' is never closed with 'fi'");
            }
            return new Statement.If(branches, orElse, line);
        }
    }

    private Statement caseStatement() {
        int line = next().line();
        enter("'case' statements", line);
        Statement caseStatement = caseBody(line);
        leave();
        return caseStatement;
    }

    private Statement caseBody(int line) {
        Token subject = next();
        if (!(subject instanceof Token.WordToken subjectWord)) {
            throw new ScriptError(subject.line(), "expected a word after 'case'");
        }
        expectKeyword("in", "'case' (line " + line + ")");
        List<Statement.CaseItem> items = new ArrayList<>();
        while (true) {
            skipSeparators();
            Token token = peek();
            if ("esac".equals(keyword(token))) {
                pos++;
                return new Statement.Case(subjectWord.word(), items, line);
            }
            if (token instanceof Token.Operator op && op.text().equals("(")) {
                pos++;
            }
            List<Word> patterns = new ArrayList<>();
            while (true) {
                Token pattern = next();
                if (!(pattern instanceof Token.WordToken w)) {
                    throw new ScriptError(pattern instanceof Token.End ? line : pattern.line(), "expected a pattern in the 'case' of line " + line
                            + (pattern instanceof Token.End ? " (never closed with 'esac')" : ""));
                }
                patterns.add(w.word());
                Token after = next();
                if (after instanceof Token.Operator op && op.text().equals(")")) {
                    break;
                }
                if (!(after instanceof Token.Operator op && op.text().equals("|"))) {
                    throw new ScriptError(after.line(), "expected ')' or '|' after a pattern of the 'case' of line " + line);
                }
            }
            List<Statement> body = list(Set.of(";;", ";&", ";;&", "esac"));
            String terminator = ";;";
            if (peek() instanceof Token.Operator op) {
                terminator = op.text();
                pos++;
            } else if (!"esac".equals(keyword(peek()))) {
                throw new ScriptError(line, "'case' is never closed with 'esac'");
            }
            items.add(new Statement.CaseItem(patterns, body, terminator));
        }
    }

    private Statement functionDefinition(boolean keyword) {
        int line = peek().line();
        if (keyword) {
            pos++;
        }
        String name = keyword(next());
        if (!NAME.matcher(name).matches()) {
            throw new ScriptError(line, "expected a function name");
        }
        if (peek() instanceof Token.Operator open && open.text().equals("(")) {
            pos++;
            if (!(next() instanceof Token.Operator close && close.text().equals(")"))) {
                throw new ScriptError(line, "expected '()' after the function name '" + name + "'");
            }
        }
        skipSeparators();
        if (!"{".equals(keyword(peek()))) {
            throw new ScriptError(peek().line(), "a function body must be a '{ ...; }' group (function '" + name + "')");
        }
        pos++;
        functions.add(name);
        functionDepth++;
        enter("function definitions", line);
        List<Statement> body = list(Set.of("}"));
        leave();
        expectKeyword("}", "the function '" + name + "' (line " + line + ")");
        functionDepth--;
        return new Statement.FunctionDef(name, body, line);
    }

    /** {@code [[ ... ]]}: operators are tokens here, words are neither split nor globbed. */
    private Statement doubleBracket() {
        int line = next().line();
        List<Token> inside = new ArrayList<>();
        while (!"]]".equals(keyword(peek()))) {
            Token token = next();
            if (token instanceof Token.Separator || token instanceof Token.End || token instanceof Token.ArrayToken
                    || token instanceof Token.ArithCommand) {
                throw new ScriptError(token.line(), "'[[' of line " + line + " is not closed with ']]' on its line");
            }
            inside.add(token);
        }
        pos++;
        if (inside.isEmpty()) {
            throw new ScriptError(line, "empty '[[ ]]'");
        }
        CondParser cond = new CondParser(inside, line);
        Statement.Cond condition = cond.or();
        if (cond.at < inside.size()) {
            throw new ScriptError(line, "unexpected '" + keyword(inside.get(cond.at)) + "' in '[[ ]]'");
        }
        return new Statement.DoubleBracket(condition, line);
    }

    /** Recursive descent over the tokens between {@code [[} and {@code ]]}. */
    private static final class CondParser {
        private final List<Token> tokens;
        private final int line;
        private int at;
        private int steps;

        CondParser(List<Token> tokens, int line) {
            this.tokens = tokens;
            this.line = line;
        }

        /** One operator or parenthesis more: each deepens the condition tree by one at most. */
        private void step() {
            if (++steps > ArithParser.MAX_STEPS) {
                throw new ScriptError(line, "'[[ ]]' with more than " + ArithParser.MAX_STEPS
                        + " operators and parentheses; refusing it");
            }
        }

        Statement.Cond or() {
            Statement.Cond left = and();
            while (isOperator("||")) {
                at++;
                step();
                left = new Statement.Cond.Or(left, and());
            }
            return left;
        }

        Statement.Cond and() {
            Statement.Cond left = not();
            while (isOperator("&&")) {
                at++;
                step();
                left = new Statement.Cond.And(left, not());
            }
            return left;
        }

        Statement.Cond not() {
            if (at < tokens.size() && "!".equals(keyword(tokens.get(at)))) {
                at++;
                step();
                return new Statement.Cond.Not(not());
            }
            return primary();
        }

        Statement.Cond primary() {
            if (isOperator("(")) {
                at++;
                step();
                Statement.Cond inner = or();
                if (!isOperator(")")) {
                    throw new ScriptError(line, "missing ')' in '[[ ]]'");
                }
                at++;
                return inner;
            }
            Word first = word();
            if (at < tokens.size() && tokens.get(at) instanceof Token.Operator op && (op.text().equals("<") || op.text().equals(">"))) {
                throw new ScriptError(line, "string ordering ('" + op.text() + "') in '[[ ]]' depends on the locale;"
                        + " compare numbers with -lt/-gt or (( ))");
            }
            String op = first.plainText();
            if (op != null && (op.equals("-z") || op.equals("-n")) && startsOperand()) {
                return new Statement.Cond.Unary(op, word());
            }
            if (op != null && (FILE_TESTS.contains(op) || op.equals("-v") || op.equals("-o")) && startsOperand()) {
                throw new ScriptError(line, "'" + op + "' in '[[ ]]' tests " + (op.equals("-v") || op.equals("-o")
                        ? "the shell's state" : "a file") + "; the migration does not look at the outside world");
            }
            if (at < tokens.size() && tokens.get(at) instanceof Token.WordToken w && w.word().plainText() != null) {
                String binary = w.word().plainText();
                if (STRING_COMPARISONS.contains(binary) || NUMBER_COMPARISONS.contains(binary)) {
                    at++;
                    return new Statement.Cond.Binary(binary, first, word());
                }
                if (binary.equals("=~")) {
                    throw new ScriptError(line, "'=~' (regular expressions) in '[[ ]]' is not supported; use == with a pattern");
                }
                if (binary.equals("-nt") || binary.equals("-ot") || binary.equals("-ef")) {
                    throw new ScriptError(line, "'" + binary + "' compares files; the migration does not look at files");
                }
            }
            return new Statement.Cond.NonEmpty(first);
        }

        private boolean startsOperand() {
            return at < tokens.size() && tokens.get(at) instanceof Token.WordToken;
        }

        private Word word() {
            if (at >= tokens.size() || !(tokens.get(at) instanceof Token.WordToken w)) {
                throw new ScriptError(line, "expected a word in '[[ ]]'"
                        + (at < tokens.size() ? ", found '" + keyword(tokens.get(at)) + "'" : " before ']]'"));
            }
            at++;
            return w.word();
        }

        private boolean isOperator(String text) {
            return at < tokens.size() && tokens.get(at) instanceof Token.Operator op && op.text().equals(text);
        }
    }

    private Expr arithmetic(String source, int line) {
        String trimmed = source.trim();
        if (trimmed.isEmpty()) {
            throw new ScriptError(line, "empty arithmetic command (( ))");
        }
        return ArithParser.parse(source, line);
    }

    private static void refuseGlob(Word word) {
        if (word.hasGlob()) {
            for (Word.Part part : word.parts()) {
                if (part instanceof Word.Literal l && !l.quoted()) {
                    for (char c : l.text().toCharArray()) {
                        if (c == '*' || c == '?' || c == '[') {
                            throw new ScriptError(word.line(), "'" + c + "' would be a filename pattern (globbing);"
                                    + " quote it if it is meant literally");
                        }
                    }
                }
            }
        }
    }

    private static Statement.Assign assignment(Word word) {
        if (word.parts().isEmpty() || !(word.parts().get(0) instanceof Word.Literal first) || first.quoted()) {
            return null;
        }
        String text = first.text();
        Matcher name = NAME.matcher(text);
        if (!name.lookingAt()) {
            return null;
        }
        int at = name.end();
        String subscript = null;
        if (at < text.length() && text.charAt(at) == '[') {
            int depth = 0;
            for (int i = at; i < text.length() && subscript == null; i++) {
                if (text.charAt(i) == '[') {
                    depth++;
                } else if (text.charAt(i) == ']' && --depth == 0) {
                    subscript = text.substring(at + 1, i);
                    at = i + 1;
                }
            }
            if (subscript == null) {
                return null;
            }
        }
        boolean append = text.startsWith("+=", at);
        if (!append && !text.startsWith("=", at)) {
            return null;
        }
        String rest = text.substring(at + (append ? 2 : 1));
        List<Word.Part> value = new ArrayList<>();
        if (!rest.isEmpty()) {
            value.add(new Word.Literal(rest, false));
        }
        value.addAll(word.parts().subList(1, word.parts().size()));
        Expr index = subscript == null ? null : ArithParser.parse(subscript, word.line());
        return new Statement.Assign(name.group(), index, subscript, append, new Word(value, word.line()), word.line());
    }

    private void expectKeyword(String keyword, String of) {
        Token token = next();
        if (!keyword.equals(keyword(token))) {
            throw new ScriptError(token.line(), "expected '" + keyword + "' to close " + of + ", found '" + keyword(token) + "'");
        }
    }

    private void skipSeparators() {
        while (peek() instanceof Token.Separator) {
            pos++;
        }
    }

    private Token peek() {
        return peek(0);
    }

    private Token peek(int ahead) {
        while (tokens.size() <= pos + ahead) {
            Token last = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
            Token token = last instanceof Token.End ? last : lexer.next();
            if (functionDepth == 0) {
                refusePositional(token);
            }
            tokens.add(token);
        }
        return tokens.get(pos + ahead);
    }

    /** Outside a function, $1, $#, $@ are the script's own arguments, which the migration cannot know. */
    private static void refusePositional(Token token) {
        List<Word> words = token instanceof Token.WordToken w ? List.of(w.word())
                : token instanceof Token.ArrayToken a ? a.elements() : List.of();
        for (Word word : words) {
            for (Word.Part part : word.parts()) {
                String name = part instanceof Word.Parameter p && POSITIONAL.matcher(p.name()).matches() ? p.name()
                        : part instanceof Word.Arithmetic a ? positionalIn(a.expr()) : null;
                if (name != null) {
                    throw scriptArgument(name, word.line());
                }
            }
        }
        if (token instanceof Token.ArithCommand arith && arith.source().matches("(?s).*\\$[0-9#@*].*")) {
            throw scriptArgument(arith.source().replaceAll("(?s).*?\\$([0-9#@*]).*", "$1"), arith.line());
        }
    }

    private static ScriptError scriptArgument(String name, int line) {
        return new ScriptError(line, "'$" + name + "' (a script argument or special parameter) is not supported:"
                + " the migration does not know the script's arguments or process state");
    }

    private static String positionalIn(Expr expr) {
        if (expr instanceof Expr.Ref ref) {
            return POSITIONAL.matcher(ref.name()).matches() ? ref.name() : null;
        }
        List<Expr> children = List.of();
        if (expr instanceof Expr.Element e) {
            children = List.of(e.index());
        } else if (expr instanceof Expr.Negate n) {
            children = List.of(n.operand());
        } else if (expr instanceof Expr.Not n) {
            children = List.of(n.operand());
        } else if (expr instanceof Expr.Binary b) {
            children = List.of(b.left(), b.right());
        } else if (expr instanceof Expr.Compare c) {
            children = List.of(c.left(), c.right());
        } else if (expr instanceof Expr.Logical l) {
            children = List.of(l.left(), l.right());
        }
        for (Expr child : children) {
            String name = positionalIn(child);
            if (name != null) {
                return name;
            }
        }
        return null;
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
        if (token instanceof Token.Operator op) {
            return op.text();
        }
        if (token instanceof Token.ArithCommand arith) {
            return "((" + arith.source() + "))";
        }
        return token instanceof Token.End ? "end of file" : "end of line";
    }
}
