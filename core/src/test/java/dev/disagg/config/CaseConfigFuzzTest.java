package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes loading and validation with jqwik (see {@link LoadCheck} for what must hold, and
 * {@link FuzzBudget} for tries and seed). A failing input is shrunk by jqwik; keep it as a file in
 * {@code src/test/resources/fuzz-regressions/} so {@link FuzzRegressionTest} runs it forever.
 */
@AddLifecycleHook(FuzzBudget.class)
class CaseConfigFuzzTest {
    private static Path scratch;

    @BeforeContainer
    static void scratch() throws IOException {
        scratch = Files.createTempDirectory("disagg-fuzz");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        LoadCheck.delete(scratch);
    }

    @Property
    void mutatedCaseFilesLoadSafely(@ForAll("mutated") FuzzInput input) {
        LoadCheck.check(scratch, input.bytes());
    }

    @Property
    void attacksAndNoiseLoadSafely(@ForAll("attacks") FuzzInput input) {
        LoadCheck.check(scratch, input.bytes());
    }

    /** SnakeYAML reports duplicates only where it constructs values; the typed sections must too. */
    @Property
    void aDuplicatedKeyIsAnError(@ForAll("fixture") int fixture, @ForAll("line") int line) {
        String text = FuzzInputs.fixtures().get(fixture);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = Math.floorMod(line, lines.size());
        while (!lines.get(at).matches("\\s*[a-z_]+:.*")) {
            at = (at + 1) % lines.size();
        }
        lines.add(at, lines.get(at));
        LoadCheck.Outcome outcome = LoadCheck.check(scratch, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        assertThat(outcome.strict().errors()).extracting(Problem::message).anyMatch(m -> m.contains("is written twice"));
    }

    @Provide
    Arbitrary<Integer> fixture() {
        return Arbitraries.integers().between(0, FuzzInputs.fixtures().size() - 1);
    }

    @Provide
    Arbitrary<Integer> line() {
        return Arbitraries.integers().between(0, 200);
    }

    @Provide
    Arbitrary<FuzzInput> mutated() {
        return FuzzInputs.mutatedFixtures();
    }

    @Provide
    Arbitrary<FuzzInput> attacks() {
        return FuzzInputs.attacks();
    }
}
