package dev.disagg.migrate;

import java.util.List;

/**
 * One shell word as written: literal text and expansions, each remembering whether it was
 * quoted (an unquoted expansion is split into fields, a quoted one is not).
 */
record Word(List<Part> parts, int line) {
    Word {
        parts = List.copyOf(parts);
    }

    sealed interface Part {
        boolean quoted();
    }

    record Literal(String text, boolean quoted) implements Part {
    }

    /**
     * {@code $name}, {@code ${name}}, {@code ${name[@]}}, {@code ${name[*]}} or {@code ${name[3]}}.
     * {@code index} is null for a plain name.
     */
    record Parameter(String name, Index index, boolean quoted) implements Part {
    }

    record Arithmetic(Expr expr, String source, boolean quoted) implements Part {
    }

    /** How an array is subscripted. */
    sealed interface Index {
        /** {@code [@]} (each element a field) or {@code [*]} (joined when quoted). */
        record All(boolean joined) implements Index {
        }

        record At(int position) implements Index {
        }
    }

    /** The word's text when it is one unquoted literal (how keywords and command names are recognised). */
    String plainText() {
        if (parts.size() == 1 && parts.get(0) instanceof Literal literal && !literal.quoted()) {
            return literal.text();
        }
        return null;
    }
}
