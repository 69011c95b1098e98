package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void capturesExitStatusAndBothStreams() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(60));

        assertThat(result).isEqualTo(new CommandResult(3, "out\n", "err\n"));
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void passesArgumentsLiterally() throws Exception {
        CommandResult result = runner.run(List.of("printf", "%s|", "a b", "$HOME", "'q'"), Duration.ofSeconds(60));

        assertThat(result.stdout()).isEqualTo("a b|$HOME|'q'|");
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlock() throws Exception {
        CommandResult result = runner.run(
                List.of("sh", "-c", "i=0; while [ $i -lt 20000 ]; do echo line $i; echo err $i >&2; i=$((i+1)); done"),
                Duration.ofSeconds(30));

        assertThat(result.stdout().lines()).hasSize(20000);
        assertThat(result.stderr().lines()).hasSize(20000);
    }

    @Test
    void aCommandThatDoesNotEndInTimeIsKilled() {
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(200)))
                .isInstanceOf(CommandTimeoutException.class).hasMessageContaining("sleep did not answer");
    }

    @Test
    void aMissingProgramIsAnIoError() {
        assertThatThrownBy(() -> runner.run(List.of("no-such-program-disagg"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).isNotInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("no-such-program-disagg");
    }

    @Test
    void aProgramThatExitsWith127ByItselfIsAResult() throws Exception {
        assertThat(runner.run(List.of("sh", "-c", "echo gone >&2; exit 127"), Duration.ofSeconds(30)))
                .isEqualTo(new CommandResult(127, "", "gone\n"));
    }

    /** munged closes a slow client's connection; libmunge must then see EPIPE, not have sbatch die of SIGPIPE. */
    @Test
    void theCommandRunsWithSigpipeIgnored() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "kill -PIPE $$; echo survived"), Duration.ofSeconds(30));

        assertThat(result).isEqualTo(new CommandResult(0, "survived\n", ""));
    }

    @Test
    void theEnvironmentAndAnAbsolutePathReachTheCommand() throws Exception {
        CommandResult result = runner.run(List.of("/bin/sh", "-c", "printf %s \"$DISAGG_RUNNER_TEST\""),
                java.util.Map.of("DISAGG_RUNNER_TEST", "a 'b' $c"), Duration.ofSeconds(30));

        assertThat(result.stdout()).isEqualTo("a 'b' $c");
    }
}
