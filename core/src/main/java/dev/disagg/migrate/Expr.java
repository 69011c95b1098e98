package dev.disagg.migrate;

/** An arithmetic expression from {@code $(( ))}, {@code (( ))} or a subscript, as written in the script. */
sealed interface Expr {
    /** An integer literal. */
    record Num(long value) implements Expr {
    }

    /**
     * A variable: bare ({@code x}) or expanded ({@code $x}, {@code ${x}}, and {@code $1} inside a
     * function); it must hold an integer.
     */
    record Ref(String name) implements Expr {
    }

    /** An array element: {@code a[i]} or {@code ${a[i]}}. */
    record Element(String name, Expr index) implements Expr {
    }

    /** {@code ${#a[@]}}: the number of elements. */
    record Count(String name) implements Expr {
    }

    record Negate(Expr operand) implements Expr {
    }

    /** {@code !x}: 1 when x is 0, else 0. */
    record Not(Expr operand) implements Expr {
    }

    /** {@code op} is one of {@code + - * / %}. */
    record Binary(char op, Expr left, Expr right) implements Expr {
    }

    /** {@code op} is one of {@code < <= > >= == !=}; the value is 1 or 0. */
    record Compare(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code &&} or {@code ||}: the right side is evaluated only when needed, as in bash. */
    record Logical(boolean and, Expr left, Expr right) implements Expr {
    }
}
