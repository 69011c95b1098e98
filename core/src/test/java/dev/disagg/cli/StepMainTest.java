package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepMainTest {
    @TempDir
    Path caseDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int standin(Map<String, String> env) {
        return StepMain.standin(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadVariableIsTheSameUsageErrorAsThroughTheCommandLine() {
        assertThat(standin(Map.of("DISAGG_SERVING_TYPE", "WORKER", "DISAGG_CASE_DIR", caseDir.toString())))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith(
                "disagg: DISAGG_SERVING_TYPE='WORKER': expected GEN_<i>, CTX_<i>, DISAGG_SERVER or BENCHMARK");
    }

    @Test
    void theRoleRunsFromTheVariables() {
        // crash-start ends the role at once with its own status and log line.
        int status = standin(Map.of("DISAGG_SERVING_TYPE", "GEN_0", "DISAGG_CASE_DIR", caseDir.toString(),
                "DISAGG_STANDIN_FAULT", "crash-start"));

        assertThat(status).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("E   RuntimeError: simulated crash at start (DISAGG_STANDIN_FAULT=crash-start)");
    }

    @Test
    void jobStepsStartTheCliThroughIt() {
        assertThat(CaseOptions.selfCommand()).contains(" -cp ").endsWith(" " + StepMain.class.getName())
                .contains(CaseOptions.STEP_JVM_OPTIONS);
    }
}
