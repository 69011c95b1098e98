package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input the fuzzer found a bug with, kept in {@code src/test/resources/fuzz-regressions/}.
 * Each must pass {@link LoadCheck}; a first line {@code # expect: <text>} also names a problem the
 * loader must report (as {@code Problem.format()} contains it), {@code # expect-plan: <text>} the
 * planner's refusal of a case that loads.
 */
class FuzzRegressionTest {
    private static final String EXPECT = "# expect: ";
    private static final String EXPECT_PLAN = "# expect-plan: ";

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyKeptInputLoadsSafely() throws IOException, URISyntaxException {
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            byte[] bytes = Files.readAllBytes(input);
            Path scratch = Files.createDirectories(dir.resolve(input.getFileName().toString() + ".d"));
            LoadCheck.Outcome outcome = LoadCheck.check(scratch, bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith(EXPECT)) {
                String expected = text.substring(EXPECT.length(), text.indexOf('\n'));
                assertThat(outcome.strict().problems()).map(Problem::format).anySatisfy(p -> assertThat(p).contains(expected));
            }
            if (text.startsWith(EXPECT_PLAN)) {
                assertThat(outcome.planRefusal()).hasValueSatisfying(refusal ->
                        assertThat(refusal).contains(text.substring(EXPECT_PLAN.length(), text.indexOf('\n'))));
            }
        }));
    }

    @Test
    void theCorpusIsThere() throws IOException, URISyntaxException {
        assertThat(inputs()).hasSizeGreaterThanOrEqualTo(5);
    }

    static List<Path> inputs() throws IOException, URISyntaxException {
        Path corpus = Path.of(FuzzRegressionTest.class.getResource("/fuzz-regressions").toURI());
        try (Stream<Path> files = Files.list(corpus)) {
            return files.filter(f -> !f.getFileName().toString().equals("README.md")).sorted().toList();
        }
    }
}
