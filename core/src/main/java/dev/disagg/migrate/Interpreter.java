package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates parsed statements without running anything: assignments, loops and expansions are
 * done here, and each {@code sbatch} becomes a {@link SbatchCall} with the arguments bash would
 * pass. A variable the script never set is an error (bash would silently expand it to
 * nothing; the migration cannot know the environment it ran in).
 */
final class Interpreter {
    /** Guards against a script whose loops would expand to an absurd number of jobs. */
    static final int MAX_ITERATIONS = 100_000;
    /** Statements run in all; a submit script runs a few thousand at most. */
    static final int MAX_STEPS = 1_000_000;
    /** Characters all variables (and the sbatch calls found) may hold together: text doubling in a loop stops here. */
    static final int MAX_TEXT_CHARS = 8 * 1024 * 1024;
    /** Elements of one array, and fields of one expanded word. */
    static final int MAX_ELEMENTS = 100_000;
    /** A value computed through more steps than this is kept as a named number of its own (its term is not followed). */
    private static final int MAX_TERM_DEPTH = 200;

    private record Value(String text, Optional<Term> term) {
    }

    private final Map<String, List<Value>> variables = new HashMap<>();
    private final List<SbatchCall> calls = new ArrayList<>();
    private int atoms;
    private int iterations;
    private int steps;
    private long heldChars;
    private final Map<String, Long> charsOf = new HashMap<>();

    private Interpreter() {
    }

    static List<SbatchCall> run(List<Statement> statements) {
        Interpreter interpreter = new Interpreter();
        interpreter.execute(statements);
        return List.copyOf(interpreter.calls);
    }

    private void execute(List<Statement> statements) {
        for (Statement statement : statements) {
            execute(statement);
        }
    }

    private void execute(Statement statement) {
        if (++steps > MAX_STEPS) {
            throw new ScriptError(statement.line(), "the script runs more than " + MAX_STEPS + " statements; refusing to expand it");
        }
        if (statement instanceof Statement.Assign assign) {
            assign(assign);
        } else if (statement instanceof Statement.AssignArray array) {
            List<Value> elements = new ArrayList<>(array.append() ? variables.getOrDefault(array.name(), List.of()) : List.of());
            for (Field field : expandAll(array.elements(), array.line())) {
                elements.add(new Value(field.text(), field.term()));
            }
            if (elements.size() > MAX_ELEMENTS) {
                throw new ScriptError(array.line(), "array '" + array.name() + "' would hold more than " + MAX_ELEMENTS
                        + " elements; refusing it");
            }
            store(array.name(), elements, array.line());
        } else if (statement instanceof Statement.ForLoop loop) {
            List<Field> values = expandAll(loop.words(), loop.line());
            for (Field value : values) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ScriptError(loop.line(), "the loops run more than " + MAX_ITERATIONS + " times; refusing to expand them");
                }
                store(loop.variable(), List.of(new Value(value.text(), atom(loop.variable(), value.text()))), loop.line());
                execute(loop.body());
            }
        } else if (statement instanceof Statement.Sbatch sbatch) {
            List<Field> arguments = expandAll(sbatch.arguments(), sbatch.line());
            Map<String, String> context = new HashMap<>();
            for (String name : SbatchCall.CONTEXT_VARIABLES) {
                List<Value> value = variables.get(name);
                if (value != null && !value.isEmpty() && !value.get(0).text().isEmpty()) {
                    context.put(name, value.get(0).text());
                }
            }
            long size = arguments.stream().mapToLong(a -> a.text().length()).sum();
            hold(size, sbatch.line());
            calls.add(new SbatchCall(sbatch.line(), arguments, context));
        }
        // Statement.NoOp: nothing the submission depends on.
    }

    private void assign(Statement.Assign assign) {
        Value value = joined(assign.value());
        List<Value> old = variables.get(assign.name());
        if (assign.append()) {
            if (old == null) {
                throw undefined(assign.name(), assign.line());
            }
            if ((long) old.get(0).text().length() + value.text().length() > MAX_TEXT_CHARS) {
                throw tooMuchText(assign.line());
            }
            String text = old.get(0).text() + value.text();
            value = new Value(text, atom(assign.name(), text));
        } else if (value.term().isEmpty() || value.term().get() instanceof Term.Literal
                || depth(value.term().get(), 0) > MAX_TERM_DEPTH) {
            // (a counter i=$((i+1)) in a long loop would otherwise build a term as deep as the loop is long)
            // A number written in an assignment is a named value of its own.
            value = new Value(value.text(), atom(assign.name(), value.text()));
        }
        List<Value> updated = new ArrayList<>(old == null ? List.of() : old);
        // Assigning a scalar to an array sets its first element, as in bash.
        if (updated.isEmpty()) {
            updated.add(value);
        } else {
            updated.set(0, value);
        }
        store(assign.name(), updated, assign.line());
    }

    /** Sets a variable, keeping the text all variables hold within {@link #MAX_TEXT_CHARS}. */
    private void store(String name, List<Value> values, int line) {
        long size = values.stream().mapToLong(v -> v.text().length()).sum();
        Long old = charsOf.get(name);
        hold(size - (old == null ? 0 : old), line);
        charsOf.put(name, size);
        variables.put(name, List.copyOf(values));
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
                boolean each = parameter.index() instanceof Word.Index.All all && !(all.joined() && parameter.quoted());
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

    private List<Value> lookup(Word.Parameter parameter, int line) {
        List<Value> values = variables.get(parameter.name());
        if (values == null) {
            throw undefined(parameter.name(), line);
        }
        Word.Index index = parameter.index();
        if (index == null) {
            return values.isEmpty() ? List.of(new Value("", Optional.empty())) : List.of(values.get(0));
        }
        if (index instanceof Word.Index.At at) {
            if (at.position() >= values.size()) {
                throw new ScriptError(line, "${" + parameter.name() + "[" + at.position() + "]} is not set ('" + parameter.name()
                        + "' has " + values.size() + " element(s))");
            }
            return List.of(values.get(at.position()));
        }
        return values;
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
            List<Value> values = variables.get(ref.name());
            if (values == null) {
                throw undefined(ref.name(), line);
            }
            String text = values.isEmpty() ? "" : values.get(0).text().trim();
            if (!text.matches("-?(0|[1-9][0-9]*)")) {
                throw new ScriptError(line, "variable '" + ref.name() + "' holds '" + text + "', not a decimal integer, in $(( "
                        + source + " ))");
            }
            long value = ArithParser.integer(text.replace("-", ""), line) * (text.startsWith("-") ? -1 : 1);
            return new Evaluated(value, values.get(0).term().orElse(new Term.Literal(value)));
        }
        if (expr instanceof Expr.Negate negate) {
            Evaluated operand = evaluate(negate.operand(), source, line);
            return new Evaluated(-operand.value(), new Term.Negate(operand.term()));
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
