package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.emulator.CaseHarness.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which ids the emulated pytest finds, and pytest's answers when it does not. */
class PytestCollectionTest {
    @TempDir
    Path dir;

    CaseHarness harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new CaseHarness(dir);
        harness.writeCase("gb200_r1-fp4_1k1k_ctx1_gen1-UCX", EmulatedCaseTest.E2E);
    }

    @Test
    void collectOnlyPrintsTheIdOfACaseWhoseYamlIsInTheFolder() {
        Run run = harness.pytest(Map.of(), "perf/test_perf_sanity.py::test_e2e[disagg-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX]",
                "--collect-only", "-q", "--junit-xml", "junit.xml");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("perf/test_perf_sanity.py::test_e2e[disagg-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX]\n")
                .contains("1 test collected in ");
        assertThat(run.err()).isEmpty();
        assertThat(dir.resolve("junit.xml")).content().contains("tests=\"0\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "disagg_upload-gb200_r1-fp4_1k1k_ctx1_gen1-UCX",    // the old two-part form is not generated any more
            "disagg-ctx_only-gb200_r1-fp4_1k1k_ctx1_gen1-UCX",  // disagg ids are e2e or gen_only
            "disagg-e2e-no_such_case",                          // no YAML in the folder
            "benchmark-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX",     // unknown prefix
            "disagg-e2e-"})
    void anIdThatIsNotGeneratedGetsPytestsNotFound(String id) throws Exception {
        Run run = harness.pytest(Map.of("DISAGG_SERVING_TYPE", "BENCHMARK"), CaseHarness.node(id), "-v",
                "--output-dir=out", "--junit-xml=" + dir.resolve("r/junit.xml"));

        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("ERROR: not found: " + dir.resolve("perf/test_perf_sanity.py") + "::test_e2e\n"
                + "(no match in any of [<Module test_perf_sanity.py>])\n\n");
        assertThat(run.out()).contains("no tests ran in ");
        assertThat(Files.readString(dir.resolve("r/junit.xml"))).contains("tests=\"0\"", "failures=\"0\"");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void collectOnlyOfAnUnknownIdAnswersNotFoundToo() {
        Run run = harness.pytest(Map.of(), CaseHarness.node("disagg-e2e-other"), "--collect-only", "-q");

        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err()).startsWith("ERROR: not found: ");
        assertThat(run.out()).contains("no tests collected in ");
    }

    @Test
    void theConfigFolderIsJoinedWithTheLlmRootNotTheWorkingDirectory() throws Exception {
        Path llmRoot = dir.resolve("checkout");
        Files.createDirectories(llmRoot.resolve("cases"));
        Files.writeString(llmRoot.resolve("cases/rooted.yaml"), EmulatedCaseTest.E2E);
        Map<String, String> env = Map.of("DISAGG_CONFIG_FOLDER", "cases", "LLM_ROOT", llmRoot.toString());

        assertThat(harness.pytest(env, CaseHarness.node("disagg-e2e-rooted"), "--collect-only").status()).isZero();
        assertThat(harness.pytest(Map.of("DISAGG_CONFIG_FOLDER", "cases"), CaseHarness.node("disagg-e2e-rooted"),
                "--collect-only").status()).isEqualTo(4);
    }

    @Test
    void upstreamsDefaultFolderIsFoundFromTheDefsDirectoryTheCiRunsIn() throws Exception {
        Path checkout = dir.resolve("TensorRT-LLM");
        Path defs = Files.createDirectories(checkout.resolve("tests/integration/defs"));
        Files.createDirectories(checkout.resolve(PytestRun.DEFAULT_DISAGG_FOLDER));
        Files.writeString(checkout.resolve(PytestRun.DEFAULT_DISAGG_FOLDER).resolve("deflt.yaml"), EmulatedCaseTest.E2E);
        PytestRun run = new PytestRun(Map.of(), defs, System.out, System.err);

        assertThat(run.llmRoot()).isEqualTo(checkout);
        assertThat(run.configFile(TestId.parse("disagg-gen_only-deflt").orElseThrow()))
                .isEqualTo(checkout.resolve("tests/scripts/perf-sanity/disaggregated/deflt.yaml")).isRegularFile();
    }

    @Test
    void anAbsoluteNodeIdIsAcceptedAndAnotherFileIsNotFound() {
        String absolute = dir.resolve("tests/integration/defs/perf/test_perf_sanity.py")
                + "::test_e2e[disagg-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX]";
        assertThat(harness.pytest(Map.of(), absolute, "--collect-only", "-q").status()).isZero();

        Run other = harness.pytest(Map.of(), "perf/test_other.py::test_e2e[disagg-e2e-x]", "-q");
        assertThat(other.status()).isEqualTo(4);
        assertThat(other.err()).startsWith("ERROR: file or directory not found: perf/test_other.py");
    }

    @Test
    void anAggregatedIdIsCollectedButNotEmulated() throws Exception {
        Run run = harness.pytest(Map.of(), CaseHarness.node("aggr-ctx_only-gb200_r1-fp4_1k1k_ctx1_gen1-UCX"),
                "--output-dir", "out", "--junit-xml=j.xml");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   RuntimeError: the disagg emulator runs disagg e2e and gen_only tests only");
        assertThat(dir.resolve("j.xml")).content().contains("failures=\"1\"");
    }

    @Test
    void anUnknownServingTypeDoesNothingAndPasses() throws Exception {
        Run run = harness.pytest(Map.of("DISAGG_SERVING_TYPE", "OBSERVER"),
                CaseHarness.node("disagg-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX"), "--output-dir", "out", "-q");

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.out()).contains("Disagg serving type is OBSERVER, skipping perf result parsing", "1 passed in ");
        Path tod = dir.resolve("out/disagg-e2e-gb200_r1-fp4_1k1k_ctx1_gen1-UCX");
        try (var files = Files.list(tod)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("internal_request_auth_key.txt", "internal_request_auth_key.txt.lock");
        }
    }

    @Test
    void aCaseWithoutModelNameFailsAsUpstreamsAssertion() throws Exception {
        harness.writeCase("nomodel", EmulatedCaseTest.E2E.replace("model_name: tiny_model", "precision: fp4"));
        Run run = harness.pytest(Map.of(), CaseHarness.node("disagg-e2e-nomodel"), "--output-dir", "out");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("E   AssertionError: model_name is required in metadata section");
    }

    @Test
    void aMalformedEmulatorVariableIsAUsageError() {
        Run run = harness.pytest(Map.of(Fault.VARIABLE, "explode"), CaseHarness.node("disagg-e2e-x"), "-q");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("disagg emulate: DISAGG_EMULATOR_FAULT='explode': expected crash-start");
    }
}
