package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DisaggCliTest {
    @Test
    void unknownCommandIsAUsageErrorWithoutStackTrace() {
        StringWriter err = new StringWriter();
        var cli = DisaggCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("no-such-command");
        assertThat(status).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(err.toString()).contains("disagg:").doesNotContain("at dev.disagg");
    }
}
