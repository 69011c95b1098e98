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

    /**
     * A control operator or redirection: {@code && || | & ;; ;& ;;& ( ) < > >> >& <& &> <<}. The
     * parser decides which are allowed where ({@code ( )} in case patterns, {@code < >} in
     * {@code [[ ]]}, ...).
     */
    record Operator(String text, int line) implements Token {
    }

    /** {@code (( source ))}: an arithmetic command, parsed by the parser (which knows whether it is a C-style for). */
    record ArithCommand(String source, int line) implements Token {
    }

    /** A newline or {@code ;}: the end of a command. */
    record Separator(int line) implements Token {
    }

    record End(int line) implements Token {
    }
}
