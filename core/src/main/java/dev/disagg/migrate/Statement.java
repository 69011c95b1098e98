package dev.disagg.migrate;

import java.util.List;

/** The statements of the supported shell subset. */
sealed interface Statement {
    int line();

    /** {@code name=value}, {@code name+=value} or {@code name[index]=value} ({@code index} null for a plain name). */
    record Assign(String name, Expr index, String indexSource, boolean append, Word value, int line) implements Statement {
    }

    /** {@code name=( elements )} or {@code name+=( elements )}. */
    record AssignArray(String name, boolean append, List<Word> elements, int line) implements Statement {
        public AssignArray {
            elements = List.copyOf(elements);
        }
    }

    /**
     * {@code declare}/{@code typeset}/{@code local}/{@code readonly}/{@code export} with its
     * option letters, its assignments and the names it declares without a value.
     */
    record Declare(String builtin, String flags, List<Statement> assignments, List<String> names, int line) implements Statement {
        public Declare {
            assignments = List.copyOf(assignments);
            names = List.copyOf(names);
        }
    }

    /** {@code for name in words; do body; done}. */
    record ForLoop(String variable, List<Word> words, List<Statement> body, int line) implements Statement {
        public ForLoop {
            words = List.copyOf(words);
            body = List.copyOf(body);
        }
    }

    /** {@code if c1; then b1; elif c2; then b2; else e; fi}: one branch per condition, {@code orElse} empty without else. */
    record If(List<Branch> branches, List<Statement> orElse, int line) implements Statement {
        public If {
            branches = List.copyOf(branches);
            orElse = List.copyOf(orElse);
        }
    }

    record Branch(List<Statement> condition, List<Statement> body) {
        public Branch {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** {@code case subject in pattern|pattern) body ;; ... esac}. */
    record Case(Word subject, List<CaseItem> items, int line) implements Statement {
        public Case {
            items = List.copyOf(items);
        }
    }

    /** {@code terminator} is {@code ;;} (stop), {@code ;&} (run the next body) or {@code ;;&} (test the next patterns). */
    record CaseItem(List<Word> patterns, List<Statement> body, String terminator) {
        public CaseItem {
            patterns = List.copyOf(patterns);
            body = List.copyOf(body);
        }
    }

    /** {@code [ args ]} or {@code test args}: the words are expanded (and split) before the test reads them. */
    record Test(List<Word> arguments, int line) implements Statement {
        public Test {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code [[ condition ]]}. */
    record DoubleBracket(Cond condition, int line) implements Statement {
    }

    /** {@code (( expression ))}: status 0 when the value is not 0. */
    record Arith(Expr expr, String source, int line) implements Statement {
    }

    /** {@code left && right} or {@code left || right}. */
    record AndOr(boolean and, Statement left, Statement right, int line) implements Statement {
    }

    /** {@code ! command}: inverts the status. */
    record Not(Statement command, int line) implements Statement {
    }

    /** Several statements in one place of an and-or list ({@code a=1 b=2 && ...}) or a function body. */
    record Group(List<Statement> body, int line) implements Statement {
        public Group {
            body = List.copyOf(body);
        }
    }

    /** {@code name() { body; }} or {@code function name { body; }}. */
    record FunctionDef(String name, List<Statement> body, int line) implements Statement {
        public FunctionDef {
            body = List.copyOf(body);
        }
    }

    /** A call of a function the script defines. */
    record Call(String name, List<Word> arguments, int line) implements Statement {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code break N} or {@code continue N}. */
    record LoopControl(boolean isBreak, int levels, int line) implements Statement {
    }

    /** {@code exit N}: the script stops here. */
    record ExitScript(int status, int line) implements Statement {
    }

    /** {@code set} with options; only errexit ({@code -e}, {@code -o errexit}) changes what the script does. */
    record SetOptions(Boolean errexit, int line) implements Statement {
    }

    /** A command that changes nothing the migration cares about ({@code echo}, {@code true}, ...), with its status. */
    record NoOp(String command, int status, int line) implements Statement {
    }

    /** {@code sbatch ...}: a submission. */
    record Sbatch(List<Word> arguments, int line) implements Statement {
        public Sbatch {
            arguments = List.copyOf(arguments);
        }
    }

    /** The condition language of {@code [[ ]]}. */
    sealed interface Cond {
        record And(Cond left, Cond right) implements Cond {
        }

        record Or(Cond left, Cond right) implements Cond {
        }

        record Not(Cond operand) implements Cond {
        }

        /** {@code -z w}, {@code -n w}. */
        record Unary(String op, Word operand) implements Cond {
        }

        /** {@code == = != < > -eq -ne -lt -le -gt -ge}; the right side of {@code ==}/{@code !=} is a pattern. */
        record Binary(String op, Word left, Word right) implements Cond {
        }

        /** A lone word: true when not empty. */
        record NonEmpty(Word word) implements Cond {
        }
    }
}
