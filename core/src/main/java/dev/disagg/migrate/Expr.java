package dev.disagg.migrate;

/** An arithmetic expression from {@code $(( ))}, as written in the script. */
sealed interface Expr {
    /** An integer literal. */
    record Num(long value) implements Expr {
    }

    /** A variable: bare ({@code x}) or expanded ({@code $x}, {@code ${x}}); both must hold an integer. */
    record Ref(String name) implements Expr {
    }

    record Negate(Expr operand) implements Expr {
    }

    /** {@code op} is one of {@code + - * / %}. */
    record Binary(char op, Expr left, Expr right) implements Expr {
    }
}
