package dev.disagg.migrate;

/**
 * Where an integer in the script came from, kept alongside its value so the migration can tell
 * a ctx count computed from the concurrency (legacy mode) from one that merely equals it.
 */
sealed interface Term {
    /** A number written in an expression or a word. */
    record Literal(long value) implements Term {
    }

    /**
     * A value the script introduced by name: a variable assigned a number, or one value of a
     * {@code for} loop. {@code id} keeps two atoms with the same name and value apart.
     */
    record Atom(int id, String name, long value) implements Term {
    }

    /** The unknown in a formula under test (see {@link CtxFormula}). */
    record Unknown() implements Term {
    }

    record Negate(Term operand) implements Term {
    }

    record Binary(char op, Term left, Term right) implements Term {
    }

    /** Evaluates with bash's 64-bit integer semantics; {@code unknown} stands for {@link Unknown}. */
    static long evaluate(Term term, long unknown) {
        if (term instanceof Literal l) {
            return l.value();
        }
        if (term instanceof Atom a) {
            return a.value();
        }
        if (term instanceof Unknown) {
            return unknown;
        }
        if (term instanceof Negate n) {
            return -evaluate(n.operand(), unknown);
        }
        Binary b = (Binary) term;
        return apply(b.op(), evaluate(b.left(), unknown), evaluate(b.right(), unknown));
    }

    /** One arithmetic step; throws ArithmeticException on division by zero, as bash stops on it. */
    static long apply(char op, long left, long right) {
        return switch (op) {
            case '+' -> left + right;
            case '-' -> left - right;
            case '*' -> left * right;
            // Java's / and % truncate toward zero like C and bash.
            case '/' -> left / right;
            case '%' -> left % right;
            default -> throw new IllegalArgumentException("operator " + op);
        };
    }
}
