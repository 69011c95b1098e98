package dev.disagg.migrate;

import java.util.List;

/** What the lexer hands the parser. */
sealed interface Token {
    int line();

    record WordToken(Word word) implements Token {
        @Override
        public int line() {
            return word.line();
        }
    }

    /** {@code name=( ... )} or {@code name+=( ... )}: the elements may span lines and carry comments. */
    record ArrayToken(String name, boolean append, List<Word> elements, int line) implements Token {
        public ArrayToken {
            elements = List.copyOf(elements);
        }
    }

    /** A newline or {@code ;}: the end of a command. */
    record Separator(int line) implements Token {
    }

    record End(int line) implements Token {
    }
}
