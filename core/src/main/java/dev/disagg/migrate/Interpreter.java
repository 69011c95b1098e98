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

    private record Value(String text, Optional<Term> term) {
    }

    private final Map<String, List<Value>> variables = new HashMap<>();
    private final List<SbatchCall> calls = new ArrayList<>();
    private int atoms;
    private int iterations;

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
        if (statement instanceof Statement.Assign assign) {
            assign(assign);
        } else if (statement instanceof Statement.AssignArray array) {
            List<Value> elements = new ArrayList<>(array.append() ? variables.getOrDefault(array.name(), List.of()) : List.of());
            for (Word word : array.elements()) {
                for (Field field : expand(word)) {
                    elements.add(new Value(field.text(), field.term()));
                }
            }
            variables.put(array.name(), List.copyOf(elements));
        } else if (statement instanceof Statement.ForLoop loop) {
            List<Field> values = new ArrayList<>();
            for (Word word : loop.words()) {
                values.addAll(expand(word));
            }
            for (Field value : values) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ScriptError(loop.line(), "the loops run more than " + MAX_ITERATIONS + " times; refusing to expand them");
                }
                variables.put(loop.variable(), List.of(new Value(value.text(), atom(loop.variable(), value.text()))));
                execute(loop.body());
            }
        } else if (statement instanceof Statement.Sbatch sbatch) {
            List<Field> arguments = new ArrayList<>();
            for (Word word : sbatch.arguments()) {
                arguments.addAll(expand(word));
            }
            Map<String, String> context = new HashMap<>();
            for (String name : SbatchCall.CONTEXT_VARIABLES) {
                List<Value> value = variables.get(name);
                if (value != null && !value.isEmpty() && !value.get(0).text().isEmpty()) {
                    context.put(name, value.get(0).text());
                }
            }
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
            String text = old.get(0).text() + value.text();
            value = new Value(text, atom(assign.name(), text));
        } else if (value.term().isEmpty() || value.term().get() instanceof Term.Literal) {
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
        variables.put(assign.name(), List.copyOf(updated));
    }

    private Optional<Term> atom(String name, String text) {
        if (!text.matches("-?(0|[1-9][0-9]{0,17})")) {
            return Optional.empty();
        }
        return Optional.of(new Term.Atom(++atoms, name, Long.parseLong(text)));
    }

    /** Expansion for the right-hand side of an assignment: no field splitting, arrays joined by spaces. */
    private Value joined(Word word) {
        FieldBuilder field = new FieldBuilder();
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

    /** Expansion of a command or loop word: quoted parts stay whole, unquoted expansions split on blanks. */
    private List<Field> expand(Word word) {
        Fields fields = new Fields();
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
        private final StringBuilder text = new StringBuilder();
        private int pieces;
        private Optional<Term> onlyTerm = Optional.empty();
        /** Quoting makes a field exist even when it is empty ("" is an argument). */
        private boolean forced;

        void add(String piece, Optional<Term> term) {
            if (piece.isEmpty()) {
                return;
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
        private final List<Field> done = new ArrayList<>();
        private FieldBuilder current;

        FieldBuilder current() {
            if (current == null) {
                current = new FieldBuilder();
            }
            return current;
        }

        void breakField() {
            if (current != null && current.exists()) {
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
