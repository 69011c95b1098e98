package dev.disagg.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.FailureCause;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogGuideTest {
    private static final List<String> FILES = List.of("slurm_9.log", "benchmark.log", "disagg_server.log", "ctx_server_1.log",
            "ctx_server_0.log", "gen_server_1.log", "gen_server_0.log", "install.log", "zzz_extra.log");

    @Test
    void ordersLogsInstallWorkersServerBenchmarkSlurm() {
        assertThat(LogGuide.order(FILES)).containsExactly("install.log", "gen_server_0.log", "gen_server_1.log", "ctx_server_0.log",
                "ctx_server_1.log", "disagg_server.log", "benchmark.log", "slurm_9.log", "zzz_extra.log");
    }

    @Test
    void withoutErrorLinesAFailedJobPointsAtTheSlurmLog() {
        assertThat(LogGuide.firstToOpen(LogGuide.order(FILES), Optional.of(FailureCause.JOB_FAILED), Optional.empty(), name -> false))
                .hasValue("slurm_9.log");
    }

    @Test
    void aPassedTestHasNoLogToOpen() {
        assertThat(LogGuide.firstToOpen(LogGuide.order(FILES), Optional.empty(), Optional.empty(), name -> true)).isEmpty();
    }

    @Test
    void recognisesErrorLines() {
        assertThat(LogGuide.isErrorLine("torch.OutOfMemoryError: CUDA out of memory")).isTrue();
        assertThat(LogGuide.isErrorLine("srun: error: node1: task 0: Exited with exit code 1")).isTrue();
        assertThat(LogGuide.isErrorLine("Traceback (most recent call last):")).isTrue();
        // the launcher echoing a command that mentions errors is no error report
        assertThat(LogGuide.isErrorLine("rank0 run bash -c echo \"error: x\"; exit 3 role pytest")).isFalse();
        assertThat(LogGuide.isErrorLine("\u001b[33mrank0 run python3 fatal.py in background\u001b[0m")).isFalse();
        assertThat(LogGuide.isErrorLine("trtllm-llmapi-launch: note: upstream's launcher would split or drop the argument 'echo error: a'"))
                .isFalse();
        assertThat(LogGuide.isErrorLine("rank0 failed: error: x")).isTrue();
        assertThat(LogGuide.isErrorLine("INFO: all 8 workers ready")).isFalse();
    }
}
