package dev.disagg.migrate;

/**
 * Parses the inside of {@code $(( ))}: integers, variables, {@code + - * / %}, unary signs and
 * parentheses with bash's precedence. Every other operator is refused by name rather than
 * guessed at.
 */
final class ArithParser {
    /** Far beyond any submit script's arithmetic; keeps the recursive parse and evaluation off the stack's end. */
    static final int MAX_STEPS = 500;

    private final String text;
    private final int line;
    private int pos;
    private int steps;

    private ArithParser(String text, int line) {
        this.text = text;
        this.line = line;
    }

    static Expr parse(String text, int line) {
        ArithParser parser = new ArithParser(text, line);
        parser.skipSpace();
        if (parser.pos == text.length()) {
            throw new ScriptError(line, "empty arithmetic expression $(( ))");
        }
        Expr expr = parser.sum();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw parser.unexpected();
        }
        return expr;
    }

    /** Reads an integer the way bash arithmetic would, refusing the forms whose meaning differs (octal, hex, base#n). */
    static long integer(String digits, int line) {
        if (!digits.matches("0|[1-9][0-9]*")) {
            throw new ScriptError(line, "'" + digits + "' is not a plain decimal integer (octal, hex and base#n numbers are not supported)");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ScriptError(line, "integer " + digits + " is too large for shell arithmetic (64 bits)");
        }
    }

    /** One operator, sign or parenthesis more: each deepens the expression tree by one at most. */
    private void step() {
        if (++steps > MAX_STEPS) {
            throw new ScriptError(line, "arithmetic expression with more than " + MAX_STEPS
                    + " operators and parentheses; refusing it");
        }
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            skipSpace();
            if (peek() == '+' || peek() == '-') {
                char op = text.charAt(pos);
                refuseDoubled(op);
                pos++;
                step();
                left = new Expr.Binary(op, left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = unary();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '*' || c == '/' || c == '%') {
                if (c == '*' && peekAt(pos + 1) == '*') {
                    throw unsupported("**");
                }
                if (peekAt(pos + 1) == '=') {
                    throw unsupported(c + "=");
                }
                pos++;
                step();
                left = new Expr.Binary(c, left, unary());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        skipSpace();
        char c = peek();
        if (c == '+' || c == '-') {
            refuseDoubled(c);
            pos++;
            step();
            Expr operand = unary();
            return c == '-' ? new Expr.Negate(operand) : operand;
        }
        return primary();
    }

    private Expr primary() {
        skipSpace();
        char c = peek();
        if (c == '(') {
            pos++;
            step();
            Expr inner = sum();
            skipSpace();
            if (peek() != ')') {
                throw new ScriptError(line, "missing ')' in arithmetic expression '" + text.trim() + "'");
            }
            pos++;
            return inner;
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (Character.isLetterOrDigit(peek()) || peek() == '#') {
                pos++;
            }
            return new Expr.Num(integer(text.substring(start, pos), line));
        }
        if (c == '$') {
            pos++;
            boolean braced = peek() == '{';
            if (braced) {
                pos++;
            }
            String name = name();
            if (name.isEmpty()) {
                throw new ScriptError(line, "only $name and ${name} may be used inside $(( )), in '" + text.trim() + "'");
            }
            if (braced) {
                if (peek() != '}') {
                    throw new ScriptError(line, "only ${name} may be used inside $(( )), in '" + text.trim() + "'");
                }
                pos++;
            }
            return new Expr.Ref(name);
        }
        String name = name();
        if (!name.isEmpty()) {
            if (peek() == '[') {
                throw unsupported("array element " + name + "[...]");
            }
            return new Expr.Ref(name);
        }
        if (pos == text.length()) {
            throw new ScriptError(line, "arithmetic expression '" + text.trim() + "' ends where a number or variable was expected");
        }
        throw unexpected();
    }

    private String name() {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
        }
        return text.substring(start, pos);
    }

    /** bash reads {@code ++}/{@code --} as increment/decrement, not as two signs. */
    private void refuseDoubled(char op) {
        if (peekAt(pos + 1) == op) {
            throw unsupported(op + "" + op);
        }
        if (peekAt(pos + 1) == '=') {
            throw unsupported(op + "=");
        }
    }

    private ScriptError unexpected() {
        char c = text.charAt(pos);
        String op = String.valueOf(c);
        if ("<>=!&|^~?:,".indexOf(c) >= 0) {
            char next = peekAt(pos + 1);
            if ("<>=&|".indexOf(next) >= 0) {
                op = op + next;
            }
            return unsupported(op);
        }
        return new ScriptError(line, "unexpected '" + op + "' in arithmetic expression '" + text.trim() + "'");
    }

    private ScriptError unsupported(String op) {
        return new ScriptError(line, "operator '" + op + "' in $(( " + text.trim()
                + " )) is not supported (only + - * / % and parentheses)");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return peekAt(pos);
    }

    private char peekAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }
}
