package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports quote log lines; a secret a role printed must not reach them, nor the console summary. */
class SecretMaskingTest {
    private static final String FROM_CASE = "hf_caseSecret123";
    private static final String FROM_ENV = "envSecretValue42";

    @TempDir
    Path tmp;

    @Test
    void secretsInQuotedLogLinesAreMaskedInEveryReport() throws Exception {
        Path dir = CaseDirFixture.create(tmp, Scenarios.CASE).plan(4)
                .log("gen_server_0.log", "error: token " + FROM_CASE + " rejected")
                .failure("GEN_0", 3, "gen_server_0.log", "loading", "error: token " + FROM_CASE + " rejected (" + FROM_ENV
                        + ") with HF_TOKEN=short AWS_SECRET_ACCESS_KEY=\"a b\" PATH=/usr/bin")
                .benchmark(CaseDirFixture.Measured.ok(4, 1000, 6000))
                .clientLog(1, "unparsable " + FROM_CASE)
                .jobState("FAILED", 1).dir();

        CaseOutcome outcome = CaseChecker.check(dir, CheckOptions.defaults(Map.of("MY_API_TOKEN", FROM_ENV))
                .maskingAlso(List.of(FROM_CASE)));

        // Markdown escapes the mask's stars.
        assertThat(outcome.summary()).doesNotContain(FROM_CASE, FROM_ENV)
                .contains("error: token \\*\\*\\* rejected (\\*\\*\\*) with HF_TOKEN=\\*\\*\\* AWS_SECRET_ACCESS_KEY=\\*\\*\\* PATH=/usr/bin");
        for (String report : List.of("summary.md", "report.html", "result.json", "results.xml")) {
            String text = Files.readString(dir.resolve(report));
            assertThat(text).as(report).contains("error: token ").doesNotContain(FROM_CASE, FROM_ENV, "HF_TOKEN=short", "a b");
        }
        assertThat(Files.readString(dir.resolve("result.json"))).contains("error: token *** rejected (***) with HF_TOKEN=***");
        try (Stream<Path> files = Files.list(dir)) {
            // The role's own log holds what the role printed; everything the checker wrote is clean.
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".log") && !f.endsWith("failure.json")))
                    .allSatisfy(f -> assertThat(Files.readString(f)).as(f.toString()).doesNotContain(FROM_CASE, FROM_ENV));
        }
    }
}
