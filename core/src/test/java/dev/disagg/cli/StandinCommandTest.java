package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StandinCommandTest {

    @TempDir
    Path caseDir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = DisaggCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void badRoleIsAUsageErrorNamingTheVariable() {
        assertThat(run("standin", "--role", "WORKER", "--case-dir", caseDir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith(
                "disagg: DISAGG_SERVING_TYPE='WORKER': expected GEN_<i>, CTX_<i>, DISAGG_SERVER or BENCHMARK");
    }

    @Test
    void optionsOverrideTheirVariables() {
        // crash-start ends the role at once with its own status: proof the options reached it.
        assertThat(run("standin", "--role", "GEN_0", "--case-dir", caseDir.toString(), "--fault", "crash-start"))
                .isEqualTo(3);
        assertThat(new StandinCommand().overrides()).isEmpty();
    }

    @Test
    void missingBenchmarkSettingIsReported() {
        assertThat(run("standin", "--role", "BENCHMARK", "--case-dir", caseDir.toString(), "--concurrency", "1 2",
                "--input-length", "16")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("DISAGG_OUTPUT_LENGTH is not set");
    }
}
