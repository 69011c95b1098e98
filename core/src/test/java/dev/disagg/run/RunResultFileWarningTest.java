package dev.disagg.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** When a passed case carries a warning in the run result (the Jenkins step marks the build UNSTABLE for it). */
class RunResultFileWarningTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode result(String verdict, String policy, int missing) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < missing; i++) {
            list.append(i == 0 ? "" : ", ").append("{\"concurrency\": ").append(1 << i).append(", \"metric\": \"m").append(i).append("\"}");
        }
        return JSON.readTree("{\"verdict\": \"" + verdict + "\", \"perfCheck\": {\"missingBaselinePolicy\": \"" + policy
                + "\", \"missingBaseline\": [" + list + "]}}");
    }

    @Test
    void aPassWithMetricsWithoutBaselineUnderWarnNamesThem() throws Exception {
        assertThat(RunResultFile.missingBaselineWarning(result("PASS", "warn", 2)))
                .contains("2 measured metric(s) had no baseline: m0 at concurrency 1, m1 at concurrency 2");
        assertThat(RunResultFile.missingBaselineWarning(result("PASS", "warn", 8)).orElseThrow())
                .startsWith("8 measured metric(s) had no baseline: m0 at concurrency 1,").endsWith("m5 at concurrency 32, ...");
    }

    @Test
    void noWarningOtherwise() throws Exception {
        assertThat(RunResultFile.missingBaselineWarning(result("PASS", "warn", 0))).isEmpty();
        assertThat(RunResultFile.missingBaselineWarning(result("PASS", "ignore", 2))).isEmpty();
        assertThat(RunResultFile.missingBaselineWarning(result("PERF_REGRESSION", "fail", 2))).isEmpty();
        assertThat(RunResultFile.missingBaselineWarning(result("TEST_FAILED", "warn", 2))).isEmpty();
    }
}
