package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingCommandRunnerTest {
    @TempDir
    Path dir;

    @Test
    void appendsOneLinePerCommandWithItsOutcome() throws Exception {
        Path trace = dir.resolve("trace.txt");
        CommandRunner answers = (command, environment, timeout) -> {
            if (command.get(0).equals("sacct")) {
                throw new CommandTimeoutException("sacct did not answer within 1 s");
            }
            return new CommandResult(command.get(0).equals("scancel") ? 1 : 0, "", "");
        };
        TracingCommandRunner runner = new TracingCommandRunner(answers, trace, Clock.systemUTC());

        runner.run(List.of("scontrol", "show", "job", "-o", "12"), Map.of(), Duration.ofSeconds(1));
        runner.run(List.of("sbatch", "--comment=site setting", "--nodes=2", "/cases/a/job.sh"), Map.of(), Duration.ofSeconds(1));
        runner.run(List.of("scancel", "12"), Map.of(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> runner.run(List.of("sacct", "-j", "12"), Map.of(), Duration.ofSeconds(1)))
                .isInstanceOf(CommandTimeoutException.class);

        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSize(4);
        String pid = " pid=" + ProcessHandle.current().pid() + " ";
        assertThat(lines.get(0)).contains(pid + "scontrol show job -o 12 -> exit 0 ").endsWith("ms");
        assertThat(lines.get(1)).contains(pid + "sbatch /cases/a/job.sh -> exit 0 ").doesNotContain("site setting");
        assertThat(lines.get(2)).contains("scancel 12 -> exit 1 ");
        assertThat(lines.get(3)).contains("sacct -j 12 -> timeout ");
    }
}
