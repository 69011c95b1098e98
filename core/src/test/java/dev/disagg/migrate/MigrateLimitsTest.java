package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts built to exhaust the interpreter (memory, steps, stack) end with a clear error at their
 * line, not an OutOfMemoryError, a hang or a StackOverflowError.
 */
class MigrateLimitsTest {
    private static final String HEAD = "#!/bin/bash\nx=1\n";

    static Stream<Arguments> hostile() {
        return Stream.of(
                // a=$a$a sixty times: 2^60 characters
                Arguments.of(HEAD + "a=xy\n" + "a=$a$a\n".repeat(60), 3 + 22, "grow beyond " + Interpreter.MAX_TEXT_CHARS),
                // one word of many copies of a long value
                Arguments.of(HEAD + "a=xy\n" + "a=$a$a\n".repeat(21) + "b=" + "$a".repeat(40) + "\n", 3 + 22,
                        "grow beyond"),
                // an array that doubles in a loop
                Arguments.of(HEAD + "a=(1)\nfor i in " + "1 ".repeat(60) + "; do\n  a+=(${a[@]})\ndone\n", 5,
                        "array 'a' would hold more than " + Interpreter.MAX_ELEMENTS + " elements"),
                // a loop over a word that splits into millions of words
                Arguments.of(HEAD + "a='1 '\n" + "a=$a$a\n".repeat(20) + "for i in $a; do :; done\n", 24,
                        "more than " + Interpreter.MAX_ELEMENTS + " words"),
                // nested loops and parentheses deeper than any script
                Arguments.of(HEAD + "for i in 1; do\n".repeat(3000) + "done\n".repeat(3000), 3 + Parser.MAX_NESTING,
                        "nested more than " + Parser.MAX_NESTING + " deep"),
                Arguments.of(HEAD + "y=$((" + "(".repeat(3000) + "1" + ")".repeat(3000) + "))\n", 3,
                        "more than " + ArithParser.MAX_STEPS + " operators"),
                Arguments.of(HEAD + "y=$((1" + "+1".repeat(100_000) + "))\n", 3, "more than " + ArithParser.MAX_STEPS),
                Arguments.of(HEAD + "y=$((" + "- ".repeat(3000) + "1))\n", 3, "more than " + ArithParser.MAX_STEPS),
                // nested loops of 1000 x 1000 x 1000 statements
                Arguments.of(HEAD + "w='" + "1 ".repeat(1000) + "'\nfor i in $w; do\nfor j in $w; do\nfor k in $w; do\n:\ndone\ndone\ndone\n",
                        6, "more than " + Interpreter.MAX_ITERATIONS));
    }

    /** The constructs the interpreter evaluates beyond loops and assignments, each pushed past its limit. */
    static Stream<Arguments> hostileConstructs() {
        int deep = 3 + Parser.MAX_NESTING;
        String nested = "nested more than " + Parser.MAX_NESTING + " deep";
        String steps = "more than " + ArithParser.MAX_STEPS + " operators and parentheses";
        String grow = "grow beyond " + Interpreter.MAX_TEXT_CHARS;
        return Stream.of(
                Arguments.of(HEAD + "if true; then\n".repeat(3000) + "fi\n".repeat(3000), deep, "'if' statements " + nested),
                // nested in the condition rather than the body
                Arguments.of(HEAD + "if ".repeat(3000) + "true" + "; then :; fi".repeat(3000) + "\n", 3, "'if' statements " + nested),
                Arguments.of(HEAD + "case x in x)\n".repeat(3000) + ";; esac\n".repeat(3000), deep, "'case' statements " + nested),
                Arguments.of(HEAD + "f() {\n".repeat(3000) + "}\n".repeat(3000), deep, "function definitions " + nested),
                Arguments.of(HEAD + "for i in 1; do\nif true; then\n".repeat(1500) + "fi\ndone\n".repeat(1500), deep, nested),
                Arguments.of(HEAD + "! ".repeat(3000) + "true\n", 3, "'!' " + nested),
                Arguments.of(HEAD + "true" + " && true".repeat(100_000) + "\n", 3,
                        "more than " + Parser.MAX_NESTING + " '&&'/'||' in one list"),
                Arguments.of(HEAD + "[[ " + "( ".repeat(3000) + "x" + " )".repeat(3000) + " ]]\n", 3, "'[[ ]]' with " + steps),
                Arguments.of(HEAD + "[[ " + "! ".repeat(3000) + "x ]]\n", 3, "'[[ ]]' with " + steps),
                Arguments.of(HEAD + "[[ x" + " && x".repeat(100_000) + " ]]\n", 3, "'[[ ]]' with " + steps),
                Arguments.of(HEAD + "[ " + "\\( ".repeat(3000) + "x" + " \\)".repeat(3000) + " ]\n", 3, "'[' with " + steps),
                Arguments.of(HEAD + "(( " + "(".repeat(3000) + "1" + ")".repeat(3000) + " ))\n", 3, "more than " + ArithParser.MAX_STEPS),
                Arguments.of(HEAD + "(( 1" + " < 1".repeat(100_000) + " ))\n", 3, "more than " + ArithParser.MAX_STEPS),
                Arguments.of(HEAD + "a=(0)\ny=$(( " + "a[".repeat(3000) + "0" + "]".repeat(3000) + " ))\n", 4,
                        "more than " + ArithParser.MAX_STEPS),
                // unbounded recursion of a function
                Arguments.of(HEAD + "f() {\n  f\n}\nf\n", 4, "functions call each other more than " + Interpreter.MAX_CALL_DEPTH),
                // recursion through deeply nested bodies: the run's own depth, before the call depth
                Arguments.of(HEAD + "f() {\n" + "if true; then ".repeat(60) + "f" + "; fi".repeat(60) + "\n}\nf\n", 4,
                        "nested more than " + Interpreter.MAX_DEPTH + " deep while running"),
                // a function doubling its argument in each call
                Arguments.of(HEAD + "f() {\n  f \"$1$1\"\n}\nf xy\n", 4, grow),
                // text doubling through element, append and declaration assignments
                Arguments.of(HEAD + "a[0]=xy\n" + "a[0]+=${a[0]}\n".repeat(60), 3 + 22, grow),
                Arguments.of(HEAD + "a=xy\n" + "a+=$a\n".repeat(60), 3 + 22, grow),
                Arguments.of(HEAD + "declare a=xy\n" + "declare a=$a$a\n".repeat(60), 3 + 22, grow),
                Arguments.of(HEAD + "a=xy\n" + "a=$a$a\n".repeat(21) + "readonly b=$a$a$a\n", 3 + 22, grow),
                Arguments.of(HEAD + "f() {\nlocal a=xy\n" + "local a=$a$a\n".repeat(60) + "}\nf\n", 3 + 1 + 22, grow),
                // each call hides a long value with 'local' (a copy of it): the hidden copies are held too
                Arguments.of(HEAD + "a=xy\n" + "a=$a$a\n".repeat(20) + "f() {\n  local a=\"$a\"\n  f\n}\nf\n", 3 + 21 + 1, grow),
                Arguments.of(HEAD + "declare -a a=(1)\nfor i in " + "1 ".repeat(60) + "; do\n  declare a+=(${a[@]})\ndone\n", 5,
                        "array 'a' would hold more than " + Interpreter.MAX_ELEMENTS + " elements"),
                // fewer loop turns than the iteration limit, but more statements in all than the step limit
                Arguments.of(HEAD + "w='" + "1 ".repeat(50_000) + "'\nfor i in $w; do\n" + ": ; ".repeat(25) + "\ndone\n", 3 + 2,
                        "more than " + Interpreter.MAX_STEPS + " statements"),
                Arguments.of(HEAD + "p='?'\n" + "p=$p$p\n".repeat(10) + "case x in $p) ;; esac\n", 3 + 1 + 10,
                        "more than " + ArithParser.MAX_STEPS + " '*', '?' and '['"),
                // a long quoted needle tried at every position of a longer subject
                Arguments.of(HEAD + "s=aaaaaaaaaa\n" + "s=$s$s\n".repeat(11) + "t=aaaaaaaaaa\n"
                        + "t=$t$t\n".repeat(9) + "case $s in *\"$t\"b) ;; esac\n", 3 + 1 + 11 + 1 + 9,
                        "more than " + Glob.MAX_MATCH_STEPS + " steps"));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("hostileConstructs")
    void newConstructsEndWithAClearErrorAtTheirLine(String script, int line, String message) {
        endsWithAClearErrorAtItsLine(script, line, message);
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("hostile")
    void endsWithAClearErrorAtItsLine(String script, int line, String message) {
        ScriptError error = catchThrowableOfType(() -> Migrator.migrate(script, MigrationSettings.NONE), ScriptError.class);

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(message);
        assertThat(error.line()).as(error.getMessage()).isEqualTo(line);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void manyStarsInAPatternDoNotBacktrackForever() {
        // a regex of these stars backtracks exponentially (seconds at 12 stars, ages at 16)
        String script = HEAD + "s=" + "a".repeat(40) + "\ncase $s in\n  " + "*a".repeat(16) + "*b) n=1 ;;\n  " + "*a".repeat(16)
                + "*) n=3 ;;\nesac\n" + UnsupportedConstructTest.SBATCH.replace("--nodes=3", "--nodes=$n") + "\n";

        var cases = Migrator.migrate(script, MigrationSettings.NONE);

        assertThat(cases).hasSize(1);
    }

    @Test
    void aCounterOverALongLoopStillConverts() {
        // i=$((i+1)) 5000 times: the value's formula is not followed that deep (no StackOverflowError later)
        String script = HEAD + "i=0\nfor b in " + "1 ".repeat(5000) + "; do\n  i=$((i + 1))\ndone\nn=$((i - 4997))\n"
                + UnsupportedConstructTest.SBATCH.replace("--nodes=3", "--nodes=$n") + "\n";

        var cases = Migrator.migrate(script, MigrationSettings.NONE);

        assertThat(cases).hasSize(1);
    }
}
