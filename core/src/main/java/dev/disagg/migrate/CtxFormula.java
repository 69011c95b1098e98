package dev.disagg.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Recognises the legacy ctx count {@code ceil(concurrency / N)} in whatever form a script wrote
 * it ({@code (c + N-1)/N}, {@code (c - 1)/N + 1}, {@code (N - 1 + c)/N}, with N in a variable,
 * ...): the ctx term is taken as a function of the concurrency term and compared with
 * {@code ceil(c / N)} on every c up to 3N (capped) and around many multiples of N.
 */
final class CtxFormula {
    private static final long EXHAUSTIVE_LIMIT = 20_000;
    private static final int MULTIPLES = 64;

    private CtxFormula() {
    }

    /**
     * @return N when {@code ctx} is {@code ceil(concurrency / N)} as a formula of the concurrency;
     *         empty when the ctx count is a constant or some other function
     */
    static OptionalLong capacity(Term ctx, Term concurrency) {
        if (!containsAtom(concurrency)) {
            // A literal concurrency carries no provenance: a number equal to it proves nothing.
            return OptionalLong.empty();
        }
        Term formula = replace(ctx, concurrency);
        if (!containsUnknown(formula)) {
            return OptionalLong.empty();
        }
        TreeSet<Long> candidates = new TreeSet<>();
        constants(formula, candidates);
        for (long n : candidates) {
            if (n >= 1 && isCeilingOver(formula, n)) {
                return OptionalLong.of(n);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean isCeilingOver(Term formula, long n) {
        List<Long> samples = new ArrayList<>();
        for (long c = 1; c <= Math.min(3 * n + 2, EXHAUSTIVE_LIMIT); c++) {
            samples.add(c);
        }
        for (long k = 1; k <= MULTIPLES; k++) {
            samples.add(k * n - 1);
            samples.add(k * n);
            samples.add(k * n + 1);
        }
        try {
            for (long c : samples) {
                if (c >= 1 && Term.evaluate(formula, c) != (c + n - 1) / n) {
                    return false;
                }
            }
        } catch (ArithmeticException e) {
            return false;
        }
        return true;
    }

    private static Term replace(Term term, Term target) {
        if (term.equals(target)) {
            return new Term.Unknown();
        }
        if (term instanceof Term.Negate negate) {
            return new Term.Negate(replace(negate.operand(), target));
        }
        if (term instanceof Term.Binary binary) {
            return new Term.Binary(binary.op(), replace(binary.left(), target), replace(binary.right(), target));
        }
        return term;
    }

    /** Values of every sub-formula that does not involve the unknown: the possible N. */
    private static void constants(Term term, TreeSet<Long> out) {
        if (!containsUnknown(term)) {
            try {
                out.add(Term.evaluate(term, 0));
            } catch (ArithmeticException e) {
                // a constant that divides by zero cannot be N
            }
        }
        if (term instanceof Term.Negate negate) {
            constants(negate.operand(), out);
        } else if (term instanceof Term.Binary binary) {
            constants(binary.left(), out);
            constants(binary.right(), out);
        }
    }

    private static boolean containsUnknown(Term term) {
        if (term instanceof Term.Unknown) {
            return true;
        }
        if (term instanceof Term.Negate negate) {
            return containsUnknown(negate.operand());
        }
        return term instanceof Term.Binary binary && (containsUnknown(binary.left()) || containsUnknown(binary.right()));
    }

    private static boolean containsAtom(Term term) {
        if (term instanceof Term.Atom) {
            return true;
        }
        if (term instanceof Term.Negate negate) {
            return containsAtom(negate.operand());
        }
        return term instanceof Term.Binary binary && (containsAtom(binary.left()) || containsAtom(binary.right()));
    }
}
