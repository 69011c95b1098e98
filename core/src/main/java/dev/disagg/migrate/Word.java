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

    /** Literal text; unquoted text may hold pattern characters ({@code * ? [}), which only some places accept. */
    record Literal(String text, boolean quoted) implements Part {
    }

    /**
     * {@code $name}, {@code ${name}}, {@code ${name[@]}}, {@code ${name[*]}}, {@code ${name[i]}},
     * {@code ${!name[@]}}, {@code ${#name[@]}}; inside a function also {@code $1}, {@code $#},
     * {@code $@}, {@code $*} (name "1", "#", "@", "*"). {@code index} is null for a plain name.
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

        /** {@code [i]}: an arithmetic subscript ({@code 3}, {@code $idx}, {@code idx + 1}); negative counts from the end. */
        record At(Expr index, String source) implements Index {
        }

        /** {@code ${!name[@]}} / {@code ${!name[*]}}: the indices that are set. */
        record Keys(boolean joined) implements Index {
        }

        /** {@code ${#name[@]}} / {@code ${#name[*]}}: the number of elements. */
        record Count() implements Index {
        }
    }

    /** The word's text when it is one unquoted literal (how keywords and command names are recognised). */
    String plainText() {
        if (parts.size() == 1 && parts.get(0) instanceof Literal literal && !literal.quoted()) {
            return literal.text();
        }
        return null;
    }

    /** True when an unquoted literal part holds a pattern character: bash would expand the word to file names. */
    boolean hasGlob() {
        return parts.stream().anyMatch(p -> p instanceof Literal l && !l.quoted() && l.text().matches("(?s).*[*?\\[].*"));
    }
}
