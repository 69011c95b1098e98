package dev.disagg.migrate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates parsed statements without running anything: assignments, loops, conditions,
 * functions and expansions are done here, and each {@code sbatch} becomes a {@link SbatchCall}
 * with the arguments bash would pass. Everything evaluated depends only on values the script
 * itself sets; what depends on the outside world (the environment, files, an sbatch's exit
 * status) is an error naming the line. A variable the script never set is such an error: bash
 * would silently expand it to nothing, the migration cannot know the environment it ran in.
 */
final class Interpreter {
    /** Guards against a script whose loops (and function calls) would expand to an absurd number of jobs. */
    static final int MAX_ITERATIONS = 100_000;
    /** Guards against runaway recursion of the script's functions. */
    static final int MAX_CALL_DEPTH = 200;
    /** Statements run in all; a submit script runs a few thousand at most. */
    static final int MAX_STEPS = 1_000_000;
    /**
     * Statements running inside each other at once (nesting within function calls within nesting):
     * the run recurses a few Java frames per level, this keeps it well off the stack's end.
     */
    static final int MAX_DEPTH = 1_000;
    /** Characters all variables, function arguments (and the sbatch calls found) may hold together: text doubling in a loop stops here. */
    static final int MAX_TEXT_CHARS = 8 * 1024 * 1024;
    /** Elements of one array, and fields of one expanded word. */
    static final int MAX_ELEMENTS = 100_000;
    /** A value computed through more steps than this is kept as a named number of its own (its term is not followed). */
    private static final int MAX_TERM_DEPTH = 200;

    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private record Value(String text, Optional<Term> term) {
    }

    /** {@code exit 0}, or {@code set -e} and a failing command: bash stops there, so does the evaluation. */
    private static final class Exit extends RuntimeException {
        Exit() {
            super(null, null, false, false);
        }
    }

    /** {@code break N} / {@code continue N} on their way to the loop they leave. */
    private static final class LoopJump extends RuntimeException {
        private final boolean isBreak;
        private final int levels;

        LoopJump(boolean isBreak, int levels) {
            super(null, null, false, false);
            this.isBreak = isBreak;
            this.levels = levels;
        }
    }

    private final Map<String, List<Value>> variables = new HashMap<>();
    /** Readonly variables and the line that made them so. */
    private final Map<String, Integer> readonly = new HashMap<>();
    private final Map<String, Statement.FunctionDef> functions = new HashMap<>();
    /** The arguments of each function call in progress, innermost first. */
    private final Deque<List<Value>> positionals = new ArrayDeque<>();
    /** Per call in progress: the values {@code local} hid, restored when the call returns (empty: it was unset). */
    private final Deque<Map<String, Optional<List<Value>>>> locals = new ArrayDeque<>();
    private final List<SbatchCall> calls = new ArrayList<>();
    private boolean errexit;
    private int loopDepth;
    private int atoms;
    private int iterations;
    private int steps;
    private int depth;
    private long heldChars;
    private final Map<String, Long> charsOf = new HashMap<>();

    private Interpreter() {
    }

    static List<SbatchCall> run(List<Statement> statements) {
        Interpreter interpreter = new Interpreter();
        try {
            interpreter.execute(statements, null);
        } catch (Exit e) {
            // set -e and a failing command: bash submits nothing after it either.
        }
        return List.copyOf(interpreter.calls);
    }

    /**
     * Runs statements and returns the last one's exit status. {@code condition} names the
     * construct whose decision the status feeds (an if condition, the left of {@code &&}, ...),
     * null when nothing tests it: only then does {@code set -e} end the script on a failure.
     */
    private int execute(List<Statement> statements, String condition) {
        int status = 0;
        for (Statement statement : statements) {
            status = execute(statement, condition);
        }
        return status;
    }

    private int execute(Statement statement, String condition) {
        if (++steps > MAX_STEPS) {
            throw new ScriptError(statement.line(), "the script runs more than " + MAX_STEPS + " statements; refusing to expand it");
        }
        if (++depth > MAX_DEPTH) {
            throw new ScriptError(statement.line(), "statements and function calls nested more than " + MAX_DEPTH
                    + " deep while running; refusing to follow");
        }
        try {
            return executeOne(statement, condition);
        } finally {
            depth--;
        }
    }

    private int executeOne(Statement statement, String condition) {
        if (statement instanceof Statement.Assign assign) {
            assign(assign);
            return 0;
        }
        if (statement instanceof Statement.AssignArray array) {
            assignArray(array);
            return 0;
        }
        if (statement instanceof Statement.Declare declare) {
            declare(declare);
            return 0;
        }
        if (statement instanceof Statement.ForLoop loop) {
            return forLoop(loop, condition);
        }
        if (statement instanceof Statement.If ifStatement) {
            for (Statement.Branch branch : ifStatement.branches()) {
                if (execute(branch.condition(), "the condition of 'if'") == 0) {
                    return execute(branch.body(), condition);
                }
            }
            return execute(ifStatement.orElse(), condition);
        }
        if (statement instanceof Statement.Case caseStatement) {
            return caseStatement(caseStatement, condition);
        }
        if (statement instanceof Statement.Test test) {
            List<String> arguments = new ArrayList<>();
            expandAll(test.arguments(), test.line()).forEach(field -> arguments.add(field.text()));
            return leaf(new TestCommand(arguments, test.line()).status(), condition);
        }
        if (statement instanceof Statement.DoubleBracket test) {
            return leaf(evaluate(test.condition(), test.line()) ? 0 : 1, condition);
        }
        if (statement instanceof Statement.Arith arith) {
            return leaf(evaluate(arith.expr(), arith.source(), arith.line()).value() != 0 ? 0 : 1, condition);
        }
        if (statement instanceof Statement.AndOr list) {
            int left = execute(list.left(), "the left of '" + (list.and() ? "&&" : "||") + "'");
            return list.and() == (left == 0) ? execute(list.right(), condition) : left;
        }
        if (statement instanceof Statement.Not not) {
            return execute(not.command(), "'!'") == 0 ? 1 : 0;
        }
        if (statement instanceof Statement.Group group) {
            return execute(group.body(), condition);
        }
        if (statement instanceof Statement.FunctionDef function) {
            functions.put(function.name(), function);
            return 0;
        }
        if (statement instanceof Statement.Call call) {
            return leaf(call(call, condition), condition);
        }
        if (statement instanceof Statement.LoopControl control) {
            if (loopDepth == 0) {
                throw new ScriptError(control.line(), "'" + (control.isBreak() ? "break" : "continue") + "' outside a loop");
            }
            throw new LoopJump(control.isBreak(), control.levels());
        }
        if (statement instanceof Statement.ExitScript exit) {
            if (exit.status() != 0) {
                // The script's own failure path: there is no submission list bash would complete.
                throw new ScriptError(exit.line(), "the script exits with status " + exit.status() + " here"
                        + " (its own error path); nothing after it would be submitted");
            }
            throw new Exit();
        }
        if (statement instanceof Statement.SetOptions set) {
            if (set.errexit() != null) {
                errexit = set.errexit();
            }
            return 0;
        }
        if (statement instanceof Statement.NoOp noOp) {
            return leaf(noOp.status(), condition);
        }
        Statement.Sbatch sbatch = (Statement.Sbatch) statement;
        if (condition != null) {
            throw new ScriptError(sbatch.line(), "sbatch in " + condition + ": its exit status decides what runs next,"
                    + " and that depends on the cluster");
        }
        List<Field> arguments = expandAll(sbatch.arguments(), sbatch.line());
        Map<String, String> context = new HashMap<>();
        for (String name : SbatchCall.CONTEXT_VARIABLES) {
            List<Value> value = variables.get(name);
            if (value != null && !value.isEmpty() && !value.get(0).text().isEmpty()) {
                context.put(name, value.get(0).text());
            }
        }
        hold(arguments.stream().mapToLong(a -> a.text().length()).sum(), sbatch.line());
        calls.add(new SbatchCall(sbatch.line(), arguments, context));
        return 0;
    }

    /** The status of a simple command; with {@code set -e} a failure nothing tests ends the script. */
    private int leaf(int status, String condition) {
        if (status != 0 && errexit && condition == null) {
            throw new Exit();
        }
        return status;
    }

    private int forLoop(Statement.ForLoop loop, String condition) {
        List<Field> values = expandAll(loop.words(), loop.line());
        int status = 0;
        loopDepth++;
        try {
            for (Field value : values) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ScriptError(loop.line(), "the loops run more than " + MAX_ITERATIONS + " times; refusing to expand them");
                }
                checkWritable(loop.variable(), loop.line());
                store(loop.variable(), List.of(new Value(value.text(), atom(loop.variable(), value.text()))), loop.line());
                try {
                    status = execute(loop.body(), condition);
                } catch (LoopJump jump) {
                    if (jump.levels > 1) {
                        throw new LoopJump(jump.isBreak, jump.levels - 1);
                    }
                    status = 0;
                    if (jump.isBreak) {
                        break;
                    }
                }
            }
        } finally {
            loopDepth--;
        }
        return status;
    }

    private int caseStatement(Statement.Case caseStatement, String condition) {
        String subject = joined(caseStatement.subject()).text();
        int status = 0;
        boolean fallThrough = false;
        for (Statement.CaseItem item : caseStatement.items()) {
            boolean matches = fallThrough;
            for (int i = 0; i < item.patterns().size() && !matches; i++) {
                matches = pattern(item.patterns().get(i)).matches(subject);
            }
            if (!matches) {
                continue;
            }
            status = execute(item.body(), condition);
            fallThrough = item.terminator().equals(";&");
            if (item.terminator().equals(";;")) {
                return status;
            }
        }
        return status;
    }

    private int call(Statement.Call call, String condition) {
        Statement.FunctionDef function = functions.get(call.name());
        if (function == null) {
            throw new ScriptError(call.line(), "function '" + call.name() + "' is called before it is defined"
                    + " (bash would report 'command not found')");
        }
        if (++iterations > MAX_ITERATIONS) {
            throw new ScriptError(call.line(), "the loops and function calls run more than " + MAX_ITERATIONS
                    + " times; refusing to expand them");
        }
        if (positionals.size() >= MAX_CALL_DEPTH) {
            throw new ScriptError(call.line(), "functions call each other more than " + MAX_CALL_DEPTH + " deep; refusing to follow");
        }
        List<Value> arguments = new ArrayList<>();
        for (Field field : expandAll(call.arguments(), call.line())) {
            arguments.add(new Value(field.text(), field.term()));
        }
        // each call's arguments stay in memory until it returns: a recursion copying text grows like a loop
        long argumentChars = size(arguments);
        hold(argumentChars, call.line());
        positionals.push(List.copyOf(arguments));
        locals.push(new LinkedHashMap<>());
        try {
            return execute(function.body(), condition);
        } finally {
            positionals.pop();
            heldChars -= argumentChars;
            for (Map.Entry<String, Optional<List<Value>>> hidden : locals.pop().entrySet()) {
                List<Value> value = hidden.getValue().orElse(null);
                // the hidden value was held since 'local' hid it; now it is the variable's again
                heldChars -= value == null ? 0 : size(value);
                unset(hidden.getKey());
                if (value != null) {
                    store(hidden.getKey(), value, call.line());
                }
            }
        }
    }

    private void declare(Statement.Declare declare) {
        boolean local = declare.builtin().equals("local")
                || !locals.isEmpty() && (declare.builtin().equals("declare") || declare.builtin().equals("typeset"))
                        && declare.flags().indexOf('g') < 0;
        boolean makeReadonly = declare.builtin().equals("readonly") || declare.flags().indexOf('r') >= 0;
        boolean array = declare.flags().indexOf('a') >= 0;
        List<String> names = new ArrayList<>(declare.names());
        for (Statement assignment : declare.assignments()) {
            names.add(assignedName(assignment));
        }
        for (String name : names) {
            // Hiding a readonly variable fails as in bash; 'readonly x' again changes nothing.
            if (local) {
                checkWritable(name, declare.line());
                if (!locals.peek().containsKey(name)) {
                    List<Value> hidden = variables.get(name);
                    // a hidden value stays in memory until the call returns
                    hold(hidden == null ? 0 : size(hidden), declare.line());
                    locals.peek().put(name, Optional.ofNullable(hidden));
                }
            }
        }
        for (String name : declare.names()) {
            if (local) {
                // 'local x' hides the caller's x; reading it before assigning is an error like any unset variable.
                unset(name);
            }
            if (array && !variables.containsKey(name)) {
                store(name, List.of(), declare.line());
            }
        }
        for (Statement assignment : declare.assignments()) {
            execute(assignment, null);
        }
        if (makeReadonly) {
            names.forEach(name -> readonly.putIfAbsent(name, declare.line()));
        }
    }

    private static String assignedName(Statement assignment) {
        return assignment instanceof Statement.Assign a ? a.name() : ((Statement.AssignArray) assignment).name();
    }

    private void checkWritable(String name, int line) {
        Integer since = readonly.get(name);
        if (since != null) {
            throw new ScriptError(line, "'" + name + "' is readonly (since line " + since + "); bash would refuse this assignment");
        }
    }

    private void assignArray(Statement.AssignArray array) {
        checkWritable(array.name(), array.line());
        List<Value> elements = new ArrayList<>(array.append() ? variables.getOrDefault(array.name(), List.of()) : List.of());
        for (Field field : expandAll(array.elements(), array.line())) {
            // A number written in an array is a named value of its own, like one in a scalar assignment.
            Optional<Term> term = needsAtom(field.term()) ? atom(array.name(), field.text()) : field.term();
            elements.add(new Value(field.text(), term));
        }
        if (elements.size() > MAX_ELEMENTS) {
            throw new ScriptError(array.line(), "array '" + array.name() + "' would hold more than " + MAX_ELEMENTS
                    + " elements; refusing it");
        }
        store(array.name(), elements, array.line());
    }

    private void assign(Statement.Assign assign) {
        checkWritable(assign.name(), assign.line());
        Value value = joined(assign.value());
        List<Value> old = variables.get(assign.name());
        int position = 0;
        if (assign.index() != null) {
            position = position(assign.name(), evaluate(assign.index(), assign.indexSource(), assign.line()).value(),
                    old == null ? 0 : old.size(), true, assign.line());
        }
        if (assign.append()) {
            if (old == null || position >= old.size()) {
                throw undefined(assign.name() + (assign.index() == null ? "" : "[" + position + "]"), assign.line());
            }
            if ((long) old.get(position).text().length() + value.text().length() > MAX_TEXT_CHARS) {
                throw tooMuchText(assign.line());
            }
            String text = old.get(position).text() + value.text();
            value = new Value(text, atom(assign.name(), text));
        } else if (needsAtom(value.term())) {
            // A number written in an assignment is a named value of its own.
            value = new Value(value.text(), atom(assign.name(), value.text()));
        }
        List<Value> updated = new ArrayList<>(old == null ? List.of() : old);
        // Assigning a scalar to an array sets its first element, as in bash.
        if (position == updated.size()) {
            updated.add(value);
        } else {
            updated.set(position, value);
        }
        if (updated.size() > MAX_ELEMENTS) {
            throw new ScriptError(assign.line(), "array '" + assign.name() + "' would hold more than " + MAX_ELEMENTS
                    + " elements; refusing it");
        }
        store(assign.name(), updated, assign.line());
    }

    /**
     * A literal number (or no number) becomes a named value of its own; so does a value computed
     * through very many steps (a counter i=$((i+1)) in a long loop would otherwise build a term
     * as deep as the loop is long).
     */
    private static boolean needsAtom(Optional<Term> term) {
        return term.isEmpty() || term.get() instanceof Term.Literal || depth(term.get(), 0) > MAX_TERM_DEPTH;
    }

    /** Sets a variable, keeping the text all variables hold within {@link #MAX_TEXT_CHARS}. */
    private void store(String name, List<Value> values, int line) {
        long size = size(values);
        Long old = charsOf.get(name);
        hold(size - (old == null ? 0 : old), line);
        charsOf.put(name, size);
        variables.put(name, List.copyOf(values));
    }

    private void unset(String name) {
        Long old = charsOf.remove(name);
        heldChars -= old == null ? 0 : old;
        variables.remove(name);
    }

    private static long size(List<Value> values) {
        return values.stream().mapToLong(v -> v.text().length()).sum();
    }

    private void hold(long chars, int line) {
        heldChars += chars;
        if (heldChars > MAX_TEXT_CHARS) {
            throw tooMuchText(line);
        }
    }

    private static ScriptError tooMuchText(int line) {
        return new ScriptError(line, "the script's values grow beyond " + MAX_TEXT_CHARS
                + " characters (text doubling in a loop?); refusing to expand it");
    }

    /** How deep a term is, counted no further than just past the limit. */
    private static int depth(Term term, int seen) {
        if (seen > MAX_TERM_DEPTH) {
            return seen;
        }
        if (term instanceof Term.Negate n) {
            return depth(n.operand(), seen + 1);
        }
        if (term instanceof Term.Binary b) {
            return Math.max(depth(b.left(), seen + 1), depth(b.right(), seen + 1));
        }
        return seen;
    }

    /**
     * An array subscript as a list position: negative counts from the end, as in bash. Arrays
     * here have no holes, so an assignment may only replace an element or append the next one.
     */
    private static int position(String name, long index, int size, boolean forAssignment, int line) {
        long position = index < 0 ? index + size : index;
        if (position < 0) {
            throw new ScriptError(line, "bad array subscript " + index + " for '" + name + "' (" + size + " element(s))");
        }
        if (forAssignment && position > size) {
            throw new ScriptError(line, "'" + name + "[" + position + "]' would leave a gap ('" + name + "' has " + size
                    + " element(s)); arrays with holes are not supported, append with " + name + "+=(...)");
        }
        if (!forAssignment && position >= size) {
            throw new ScriptError(line, "${" + name + "[" + position + "]} is not set ('" + name + "' has " + size + " element(s))");
        }
        return (int) position;
    }

    private Optional<Term> atom(String name, String text) {
        if (!text.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Optional.empty();
        }
        return Optional.of(new Term.Atom(++atoms, name, Long.parseLong(text)));
    }

    /** Expansion for the right-hand side of an assignment: no field splitting, arrays joined by spaces. */
    private Value joined(Word word) {
        FieldBuilder field = new FieldBuilder(word.line());
        for (Word.Part part : word.parts()) {
            if (part instanceof Word.Literal literal) {
                field.add(literal.text(), literalTerm(literal.text()));
            } else if (part instanceof Word.Parameter parameter) {
                List<Value> values = lookup(parameter, word.line());
                if (values.size() == 1) {
                    field.add(values.get(0).text(), values.get(0).term());
                } else {
                    field.add(String.join(" ", values.stream().map(Value::text).toList()), Optional.empty());
                }
            } else {
                Word.Arithmetic arithmetic = (Word.Arithmetic) part;
                Evaluated result = evaluate(arithmetic, word.line());
                field.add(Long.toString(result.value()), Optional.of(result.term()));
            }
        }
        return new Value(field.text.toString(), field.term());
    }

    /** The words' fields together, within {@link #MAX_ELEMENTS} fields and {@link #MAX_TEXT_CHARS} characters. */
    private List<Field> expandAll(List<Word> words, int line) {
        List<Field> all = new ArrayList<>();
        long chars = 0;
        for (Word word : words) {
            for (Field field : expand(word)) {
                chars += field.text().length();
                all.add(field);
            }
            if (all.size() > MAX_ELEMENTS) {
                throw new ScriptError(line, "the words expand to more than " + MAX_ELEMENTS + " words; refusing them");
            }
            if (chars > MAX_TEXT_CHARS) {
                throw tooMuchText(line);
            }
        }
        return all;
    }

    /** Expansion of a command or loop word: quoted parts stay whole, unquoted expansions split on blanks. */
    private List<Field> expand(Word word) {
        Fields fields = new Fields(word.line());
        for (Word.Part part : word.parts()) {
            if (part instanceof Word.Literal literal) {
                fields.current().add(literal.text(), literalTerm(literal.text()));
                if (literal.quoted()) {
                    fields.current().forced = true;
                }
            } else if (part instanceof Word.Parameter parameter) {
                List<Value> values = lookup(parameter, word.line());
                boolean each = eachField(parameter);
                if (!each && values.size() > 1) {
                    values = List.of(new Value(String.join(" ", values.stream().map(Value::text).toList()), Optional.empty()));
                }
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        fields.breakField();
                    }
                    Value value = values.get(i);
                    if (parameter.quoted()) {
                        fields.current().add(value.text(), value.term());
                        fields.current().forced = true;
                    } else {
                        fields.split(value.text(), value.term());
                    }
                }
            } else {
                Word.Arithmetic arithmetic = (Word.Arithmetic) part;
                Evaluated result = evaluate(arithmetic, word.line());
                String text = Long.toString(result.value());
                if (arithmetic.quoted()) {
                    fields.current().forced = true;
                }
                fields.current().add(text, Optional.of(result.term()));
            }
        }
        return fields.finish();
    }

    private static Optional<Term> literalTerm(String text) {
        return text.matches("-?(0|[1-9][0-9]{0,17})") ? Optional.of(new Term.Literal(Long.parseLong(text))) : Optional.empty();
    }

    /** {@code "${a[@]}"} and unquoted {@code ${a[*]}} give one field per element; quoted {@code [*]} joins them. */
    private static boolean eachField(Word.Parameter parameter) {
        Word.Index index = parameter.index();
        boolean joined = index instanceof Word.Index.All all ? all.joined() : index instanceof Word.Index.Keys keys && keys.joined();
        return (index instanceof Word.Index.All || index instanceof Word.Index.Keys) && !(joined && parameter.quoted());
    }

    private List<Value> lookup(Word.Parameter parameter, int line) {
        String name = parameter.name();
        List<Value> values;
        if (name.equals("#")) {
            return List.of(number(currentArguments(line).size()));
        } else if (name.equals("@") || name.equals("*")) {
            values = currentArguments(line);
        } else if (Character.isDigit(name.charAt(0))) {
            List<Value> arguments = currentArguments(line);
            int n = Integer.parseInt(name);
            if (n > arguments.size()) {
                throw new ScriptError(line, "$" + name + " is not passed: the function is called with " + arguments.size()
                        + " argument(s) here (bash would expand it to nothing)");
            }
            return List.of(arguments.get(n - 1));
        } else {
            values = variables.get(name);
            if (values == null) {
                throw undefined(name, line);
            }
        }
        Word.Index index = parameter.index();
        if (index == null) {
            return values.isEmpty() ? List.of(new Value("", Optional.empty())) : List.of(values.get(0));
        }
        if (index instanceof Word.Index.At at) {
            long subscript = evaluate(at.index(), at.source(), line).value();
            return List.of(values.get(position(name, subscript, values.size(), false, line)));
        }
        if (index instanceof Word.Index.Keys) {
            List<Value> keys = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                keys.add(number(i));
            }
            return keys;
        }
        if (index instanceof Word.Index.Count) {
            return List.of(number(values.size()));
        }
        return values;
    }

    private static Value number(long value) {
        return new Value(Long.toString(value), Optional.of(new Term.Literal(value)));
    }

    private List<Value> currentArguments(int line) {
        if (positionals.isEmpty()) {
            throw new ScriptError(line, "the script's own arguments ($1, $#, $@) are not known to the migration");
        }
        return positionals.peek();
    }

    private static ScriptError undefined(String name, int line) {
        return new ScriptError(line, "variable '" + name + "' is not set by the script before this line"
                + " (the migration does not read the environment; assign it in the script)");
    }

    private record Evaluated(long value, Term term) {
    }

    private Evaluated evaluate(Word.Arithmetic arithmetic, int line) {
        return evaluate(arithmetic.expr(), arithmetic.source(), line);
    }

    private Evaluated evaluate(Expr expr, String source, int line) {
        if (expr instanceof Expr.Num num) {
            return new Evaluated(num.value(), new Term.Literal(num.value()));
        }
        if (expr instanceof Expr.Ref ref) {
            return integer(ref.name(), lookup(new Word.Parameter(ref.name(), null, false), line).get(0), source, line);
        }
        if (expr instanceof Expr.Element element) {
            Word.Index.At at = new Word.Index.At(element.index(), source);
            return integer(element.name() + "[...]", lookup(new Word.Parameter(element.name(), at, false), line).get(0), source, line);
        }
        if (expr instanceof Expr.Count count) {
            Value size = lookup(new Word.Parameter(count.name(), new Word.Index.Count(), false), line).get(0);
            return integer(count.name(), size, source, line);
        }
        if (expr instanceof Expr.Negate negate) {
            Evaluated operand = evaluate(negate.operand(), source, line);
            return new Evaluated(-operand.value(), new Term.Negate(operand.term()));
        }
        if (expr instanceof Expr.Not not) {
            return truth(evaluate(not.operand(), source, line).value() == 0);
        }
        if (expr instanceof Expr.Logical logical) {
            boolean left = evaluate(logical.left(), source, line).value() != 0;
            if (logical.and() != left) {
                return truth(left);
            }
            return truth(evaluate(logical.right(), source, line).value() != 0);
        }
        if (expr instanceof Expr.Compare compare) {
            long left = evaluate(compare.left(), source, line).value();
            long right = evaluate(compare.right(), source, line).value();
            return truth(switch (compare.op()) {
                case "<" -> left < right;
                case "<=" -> left <= right;
                case ">" -> left > right;
                case ">=" -> left >= right;
                case "==" -> left == right;
                default -> left != right;
            });
        }
        Expr.Binary binary = (Expr.Binary) expr;
        Evaluated left = evaluate(binary.left(), source, line);
        Evaluated right = evaluate(binary.right(), source, line);
        if ((binary.op() == '/' || binary.op() == '%') && right.value() == 0) {
            throw new ScriptError(line, "division by zero in $(( " + source + " ))");
        }
        return new Evaluated(Term.apply(binary.op(), left.value(), right.value()),
                new Term.Binary(binary.op(), left.term(), right.term()));
    }

    private static Evaluated truth(boolean value) {
        return new Evaluated(value ? 1 : 0, new Term.Literal(value ? 1 : 0));
    }

    private static Evaluated integer(String name, Value value, String source, int line) {
        String text = value.text().trim();
        if (!INTEGER.matcher(text).matches()) {
            throw new ScriptError(line, "variable '" + name + "' holds '" + text + "', not a decimal integer, in $(( "
                    + source + " ))");
        }
        long number = ArithParser.integer(text.replace("-", ""), line) * (text.startsWith("-") ? -1 : 1);
        return new Evaluated(number, value.term().orElse(new Term.Literal(number)));
    }

    /** An operand of {@code -eq} and friends in {@code [[ ]]}: bash evaluates it as arithmetic. */
    private long arithmeticOperand(Word word, int line) {
        String text = joined(word).text().trim();
        if (INTEGER.matcher(text).matches()) {
            return ArithParser.integer(text.replace("-", ""), line) * (text.startsWith("-") ? -1 : 1);
        }
        if (text.isEmpty()) {
            throw new ScriptError(line, "an empty operand of a numeric comparison in '[[ ]]'");
        }
        return evaluate(ArithParser.parse(text, line), text, line).value();
    }

    private boolean evaluate(Statement.Cond cond, int line) {
        if (cond instanceof Statement.Cond.And and) {
            return evaluate(and.left(), line) && evaluate(and.right(), line);
        }
        if (cond instanceof Statement.Cond.Or or) {
            return evaluate(or.left(), line) || evaluate(or.right(), line);
        }
        if (cond instanceof Statement.Cond.Not not) {
            return !evaluate(not.operand(), line);
        }
        if (cond instanceof Statement.Cond.NonEmpty nonEmpty) {
            return !joined(nonEmpty.word()).text().isEmpty();
        }
        if (cond instanceof Statement.Cond.Unary unary) {
            boolean empty = joined(unary.operand()).text().isEmpty();
            return unary.op().equals("-z") == empty;
        }
        Statement.Cond.Binary binary = (Statement.Cond.Binary) cond;
        if (Parser.NUMBER_COMPARISONS.contains(binary.op())) {
            return compare(binary.op(), arithmeticOperand(binary.left(), line), arithmeticOperand(binary.right(), line));
        }
        boolean matches = pattern(binary.right()).matches(joined(binary.left()).text());
        return binary.op().equals("!=") != matches;
    }

    private static boolean compare(String op, long left, long right) {
        return switch (op) {
            case "-eq" -> left == right;
            case "-ne" -> left != right;
            case "-lt" -> left < right;
            case "-le" -> left <= right;
            case "-gt" -> left > right;
            default -> left >= right;
        };
    }

    /**
     * A word as a bash pattern ({@code case}, {@code [[ == ]]}): unquoted text and unquoted
     * expansions may hold {@code * ? [...]}, quoted parts match themselves.
     */
    private Glob pattern(Word word) {
        Glob glob = new Glob(word.line());
        long wildcards = 0;
        for (Word.Part part : word.parts()) {
            String text;
            if (part instanceof Word.Literal literal) {
                text = literal.text();
            } else if (part instanceof Word.Parameter parameter) {
                text = String.join(" ", lookup(parameter, word.line()).stream().map(Value::text).toList());
            } else {
                text = Long.toString(evaluate((Word.Arithmetic) part, word.line()).value());
            }
            if (!part.quoted()) {
                wildcards += text.chars().filter(c -> c == '*' || c == '?' || c == '[').count();
                if (wildcards > ArithParser.MAX_STEPS) {
                    // far beyond any case pattern; keeps a pattern built by doubling text small
                    throw new ScriptError(word.line(), "a pattern with more than " + ArithParser.MAX_STEPS
                            + " '*', '?' and '['; refusing it");
                }
            }
            if (part.quoted()) {
                glob.quoted(text);
            } else {
                glob.unquoted(text);
            }
        }
        return glob;
    }

    /** {@code [ ... ]} and {@code test ...} over their expanded arguments, with POSIX's rules for 1 to 4 arguments. */
    private static final class TestCommand {
        private static final java.util.Set<String> BINARY = java.util.Set.of("=", "==", "!=", "<", ">",
                "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef");
        private final List<String> args;
        private final int line;
        private int at;
        private int steps;

        TestCommand(List<String> args, int line) {
            this.args = args;
            this.line = line;
        }

        int status() {
            boolean result = switch (args.size()) {
                case 0 -> false;
                case 1 -> !args.get(0).isEmpty();
                case 2 -> args.get(0).equals("!") ? args.get(1).isEmpty() : unary(args.get(0), args.get(1));
                case 3 -> BINARY.contains(args.get(1)) ? binary(args.get(0), args.get(1), args.get(2)) : general();
                default -> general();
            };
            return result ? 0 : 1;
        }

        private boolean general() {
            boolean result = or();
            if (at < args.size()) {
                throw new ScriptError(line, "'[' cannot read '" + args.get(at) + "' here (arguments: " + shown() + ")");
            }
            return result;
        }

        /** One '!', '(', '-a' or '-o' more: each deepens the recursion by one at most. */
        private void step() {
            if (++steps > ArithParser.MAX_STEPS) {
                throw new ScriptError(line, "'[' with more than " + ArithParser.MAX_STEPS + " operators and parentheses; refusing it");
            }
        }

        /** The arguments for a message, shortened: they may come from a long expansion. */
        private String shown() {
            String all = String.join(" ", args);
            return all.length() > 200 ? all.substring(0, 200) + "..." : all;
        }

        private boolean or() {
            boolean left = and();
            while (at < args.size() && args.get(at).equals("-o")) {
                at++;
                step();
                left = and() || left;
            }
            return left;
        }

        private boolean and() {
            boolean left = not();
            while (at < args.size() && args.get(at).equals("-a")) {
                at++;
                step();
                left = not() && left;
            }
            return left;
        }

        private boolean not() {
            if (at < args.size() && args.get(at).equals("!")) {
                at++;
                step();
                return !not();
            }
            return primary();
        }

        private boolean primary() {
            if (at >= args.size()) {
                throw new ScriptError(line, "'[' expects an operand (arguments: " + shown() + ")");
            }
            String first = args.get(at++);
            if (first.equals("(")) {
                step();
                boolean inner = or();
                if (at >= args.size() || !args.get(at).equals(")")) {
                    throw new ScriptError(line, "'[' misses ')' (arguments: " + shown() + ")");
                }
                at++;
                return inner;
            }
            if (at + 1 < args.size() && BINARY.contains(args.get(at))) {
                String op = args.get(at);
                at += 2;
                return binary(first, op, args.get(at - 1));
            }
            if (first.startsWith("-") && first.length() == 2 && at < args.size()) {
                return unary(first, args.get(at++));
            }
            return !first.isEmpty();
        }

        private boolean unary(String op, String operand) {
            return switch (op) {
                case "-z" -> operand.isEmpty();
                case "-n" -> !operand.isEmpty();
                case "-v", "-o" -> throw new ScriptError(line, "'[ " + op + " ... ]' tests the shell's state; it is not supported");
                default -> {
                    if (op.matches("-[a-zA-Z]")) {
                        throw new ScriptError(line, "'[ " + op + " " + operand + " ]' tests a file; the migration does not look at files");
                    }
                    throw new ScriptError(line, "'[' expects a unary operator, found '" + op + "'");
                }
            };
        }

        private boolean binary(String left, String op, String right) {
            return switch (op) {
                case "=", "==" -> left.equals(right);
                case "!=" -> !left.equals(right);
                case "<", ">" -> throw new ScriptError(line, "string ordering ('" + op + "') in '[ ]' depends on the locale;"
                        + " compare numbers with -lt/-gt");
                case "-nt", "-ot", "-ef" -> throw new ScriptError(line, "'" + op + "' compares files; the migration does not look at files");
                default -> compare(op, integer(left), integer(right));
            };
        }

        /** test's integers: decimal, optional sign and surrounding blanks (so 08 is 8, unlike in $(( ))). */
        private long integer(String text) {
            String trimmed = text.strip();
            if (!trimmed.matches("[+-]?[0-9]{1,18}")) {
                throw new ScriptError(line, "'" + text + "' is not an integer in '[ ]' (bash: integer expression expected)");
            }
            return Long.parseLong(trimmed);
        }
    }

    /** One field under construction; its term survives only if a single piece made it. */
    private static final class FieldBuilder {
        private final int line;
        private final StringBuilder text = new StringBuilder();
        private int pieces;
        private Optional<Term> onlyTerm = Optional.empty();
        /** Quoting makes a field exist even when it is empty ("" is an argument). */
        private boolean forced;

        FieldBuilder(int line) {
            this.line = line;
        }

        void add(String piece, Optional<Term> term) {
            if (piece.isEmpty()) {
                return;
            }
            if ((long) text.length() + piece.length() > MAX_TEXT_CHARS) {
                throw tooMuchText(line);
            }
            text.append(piece);
            pieces++;
            onlyTerm = term;
        }

        boolean exists() {
            return forced || text.length() > 0;
        }

        Optional<Term> term() {
            if (pieces == 1) {
                return onlyTerm;
            }
            return literalTerm(text.toString());
        }
    }

    /** The fields one word expands to (bash's word splitting for blanks in unquoted expansions). */
    private static final class Fields {
        private final int line;
        private final List<Field> done = new ArrayList<>();
        private FieldBuilder current;
        private long chars;

        Fields(int line) {
            this.line = line;
        }

        FieldBuilder current() {
            if (current == null) {
                current = new FieldBuilder(line);
            }
            return current;
        }

        void breakField() {
            if (current != null && current.exists()) {
                chars += current.text.length();
                if (done.size() >= MAX_ELEMENTS) {
                    throw new ScriptError(line, "a word expands to more than " + MAX_ELEMENTS + " words; refusing it");
                }
                if (chars > MAX_TEXT_CHARS) {
                    throw tooMuchText(line);
                }
                done.add(new Field(current.text.toString(), current.term()));
            }
            current = null;
        }

        void split(String text, Optional<Term> term) {
            String[] pieces = text.split("[ \t\n]+", -1);
            if (pieces.length == 1) {
                current().add(text, term);
                return;
            }
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    breakField();
                }
                if (!pieces[i].isEmpty()) {
                    current().add(pieces[i], literalTerm(pieces[i]));
                }
            }
        }

        List<Field> finish() {
            breakField();
            return List.copyOf(done);
        }
    }
}
