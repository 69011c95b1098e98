package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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

    @Test
    void aNamedCommandIsBuiltAloneAndEverythingElseSeesThemAll() {
        assertThat(DisaggCli.commandLine(List.of("run", "--cluster", "local")).getSubcommands()).containsOnlyKeys("run");
        assertThat(DisaggCli.commandLine(List.of("check")).getSubcommands()).containsOnlyKeys("check");
        List<String> all = List.of("help", "validate", "plan", "render", "run", "submit", "wait", "cancel", "migrate",
                "emulate", "check", "baseline");
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("help", "run"), List.of("rnu"))) {
            assertThat(DisaggCli.commandLine(args).getSubcommands().keySet()).as("%s", args).containsExactlyElementsOf(all);
        }
    }

    @Test
    void aCommandAloneHelpsAndFailsAsAmongAll() {
        for (String[] args : List.of(new String[] {"run", "--help"}, new String[] {"run", "--no-such-option"},
                new String[] {"check"}, new String[] {"validate", "--version"})) {
            StringWriter aloneOut = new StringWriter();
            StringWriter aloneErr = new StringWriter();
            var alone = DisaggCli.commandLine(List.of(args));
            alone.setOut(new PrintWriter(aloneOut));
            alone.setErr(new PrintWriter(aloneErr));
            StringWriter allOut = new StringWriter();
            StringWriter allErr = new StringWriter();
            var all = DisaggCli.commandLine();
            all.setOut(new PrintWriter(allOut));
            all.setErr(new PrintWriter(allErr));
            assertThat(alone.execute(args)).as(String.join(" ", args)).isEqualTo(all.execute(args));
            assertThat(aloneOut.toString()).isEqualTo(allOut.toString());
            assertThat(aloneErr.toString()).isEqualTo(allErr.toString());
        }
    }
}
