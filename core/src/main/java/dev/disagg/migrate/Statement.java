package dev.disagg.migrate;

import java.util.List;

/** The statements of the supported shell subset. */
sealed interface Statement {
    int line();

    /** {@code name=value} or {@code name+=value}. */
    record Assign(String name, boolean append, Word value, int line) implements Statement {
    }

    /** {@code name=( elements )} or {@code name+=( elements )}. */
    record AssignArray(String name, boolean append, List<Word> elements, int line) implements Statement {
        public AssignArray {
            elements = List.copyOf(elements);
        }
    }

    /** {@code for name in words; do body; done}. */
    record ForLoop(String variable, List<Word> words, List<Statement> body, int line) implements Statement {
        public ForLoop {
            words = List.copyOf(words);
            body = List.copyOf(body);
        }
    }

    /** A command that changes nothing the migration cares about ({@code echo}, {@code set -e}, ...). */
    record NoOp(String command, int line) implements Statement {
    }

    /** {@code sbatch ...}: a submission. */
    record Sbatch(List<Word> arguments, int line) implements Statement {
        public Sbatch {
            arguments = List.copyOf(arguments);
        }
    }
}
