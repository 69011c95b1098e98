package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("hostile")
    void endsWithAClearErrorAtItsLine(String script, int line, String message) {
        ScriptError error = catchThrowableOfType(() -> Migrator.migrate(script, MigrationSettings.NONE), ScriptError.class);

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains(message);
        assertThat(error.line()).as(error.getMessage()).isEqualTo(line);
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
