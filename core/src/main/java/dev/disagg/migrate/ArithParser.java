package dev.disagg.migrate;

/**
 * Parses the inside of {@code $(( ))} and {@code (( ))}: integers, variables, array elements,
 * {@code + - * / %}, comparisons, {@code && || !}, unary signs and parentheses with bash's
 * precedence. Every other operator (assignments, increments, bit operations) is refused by name
 * rather than guessed at.
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
        Expr expr = parser.logicalOr();
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

    /** One operator or sign more: each deepens the expression tree by one at most. */
    private void step() {
        step(1);
    }

    /**
     * {@code cost} steps more. A parenthesis or subscript costs two: it recurses through every
     * precedence level, twice the stack of what the limit was first sized for.
     */
    private void step(int cost) {
        steps += cost;
        if (steps > MAX_STEPS) {
            throw new ScriptError(line, "arithmetic expression with more than " + MAX_STEPS
                    + " operators and parentheses; refusing it");
        }
    }

    private Expr logicalOr() {
        Expr left = logicalAnd();
        while (lookingAt("||")) {
            pos += 2;
            step();
            left = new Expr.Logical(false, left, logicalAnd());
        }
        return left;
    }

    private Expr logicalAnd() {
        Expr left = equality();
        while (lookingAt("&&")) {
            pos += 2;
            step();
            left = new Expr.Logical(true, left, equality());
        }
        return left;
    }

    private Expr equality() {
        Expr left = relational();
        while (lookingAt("==") || lookingAt("!=")) {
            String op = text.substring(pos, pos + 2);
            pos += 2;
            step();
            left = new Expr.Compare(op, left, relational());
        }
        return left;
    }

    private Expr relational() {
        Expr left = sum();
        while (true) {
            skipSpace();
            char c = peek();
            if ((c == '<' || c == '>') && peekAt(pos + 1) != c) {
                String op = peekAt(pos + 1) == '=' ? c + "=" : String.valueOf(c);
                pos += op.length();
                step();
                left = new Expr.Compare(op, left, sum());
            } else {
                return left;
            }
        }
    }

    private boolean lookingAt(String op) {
        skipSpace();
        return text.startsWith(op, pos);
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
        if (c == '!' && peekAt(pos + 1) != '=') {
            pos++;
            step();
            return new Expr.Not(unary());
        }
        return primary();
    }

    private Expr primary() {
        skipSpace();
        char c = peek();
        if (c == '(') {
            pos++;
            step(2);
            Expr inner = logicalOr();
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
            if (braced && peek() == '#' && Character.isLetter(peekAt(pos + 1))) {
                return count();
            }
            String name = name();
            if (name.isEmpty() && (Character.isDigit(peek()) && peek() != '0' || peek() == '#')) {
                // $1, $# inside a function
                name = String.valueOf(text.charAt(pos++));
            }
            if (name.isEmpty()) {
                throw new ScriptError(line, "only $name and ${name} may be used inside $(( )), in '" + text.trim() + "'");
            }
            Expr ref = new Expr.Ref(name);
            if (braced) {
                if (peek() == '[') {
                    ref = new Expr.Element(name, subscript());
                }
                if (peek() != '}') {
                    throw new ScriptError(line, "only ${name} and ${name[i]} may be used inside $(( )), in '" + text.trim() + "'");
                }
                pos++;
            }
            return ref;
        }
        String name = name();
        if (!name.isEmpty()) {
            if (peek() == '[') {
                return new Expr.Element(name, subscript());
            }
            return new Expr.Ref(name);
        }
        if (pos == text.length()) {
            throw new ScriptError(line, "arithmetic expression '" + text.trim() + "' ends where a number or variable was expected");
        }
        throw unexpected();
    }

    /** {@code ${#name[@]}}, the opening dollar and brace already read. */
    private Expr count() {
        pos++;
        String name = name();
        if (!(text.startsWith("[@]}", pos) || text.startsWith("[*]}", pos))) {
            throw new ScriptError(line, "only ${#name[@]} counts may be used inside arithmetic, in '" + text.trim() + "'");
        }
        pos += 4;
        return new Expr.Count(name);
    }

    /** {@code [expression]} after an array name. */
    private Expr subscript() {
        pos++;
        step(2);
        skipSpace();
        if (peek() == '@' || peek() == '*') {
            throw new ScriptError(line, "a whole array ([" + peek() + "]) is not a number, in '" + text.trim() + "'");
        }
        Expr index = logicalOr();
        skipSpace();
        if (peek() != ']') {
            throw new ScriptError(line, "missing ']' in arithmetic expression '" + text.trim() + "'");
        }
        pos++;
        return index;
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
            if ("<>=&|".indexOf(next) >= 0 && !(c == '=' && next != '=')) {
                op = op + next;
            }
            return unsupported(op);
        }
        return new ScriptError(line, "unexpected '" + op + "' in arithmetic expression '" + text.trim() + "'");
    }

    private ScriptError unsupported(String op) {
        return new ScriptError(line, "operator '" + op + "' in $(( " + text.trim()
                + " )) is not supported (only + - * / %, comparisons, && || !, and parentheses)");
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
