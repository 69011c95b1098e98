package dev.disagg.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roles as real child processes ({@code disagg standin}, one JVM per role step), as SLURM runs them. */
class StandinProcessTest {

    @TempDir
    Path caseDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String role, Map<String, String> extra) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "dev.disagg.cli.DisaggCli", "standin");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("DISAGG_") || name.startsWith("SLURM_"));
        env.put("DISAGG_SERVING_TYPE", role);
        env.put("DISAGG_CASE_DIR", caseDir.toString());
        env.put("DISAGG_STANDIN_HOST", "127.0.0.1");
        env.putAll(extra);
        builder.redirectErrorStream(true);
        builder.redirectOutput(caseDir.resolve(role + ".log").toFile());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private int exitOf(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();
        return process.exitValue();
    }

    @Test
    void rolesRunAsSeparateProcesses() throws Exception {
        Map<String, String> protocol = new LinkedHashMap<>();
        protocol.put("DISAGG_NUM_CTX_SERVERS", "1");
        protocol.put("DISAGG_NUM_GEN_SERVERS", "1");
        protocol.put("DISAGG_CONCURRENCY_LIST", "2");
        protocol.put("DISAGG_MULTI_ROUND", "2");
        protocol.put("DISAGG_INPUT_LENGTH", "32");
        protocol.put("DISAGG_OUTPUT_LENGTH", "4");
        protocol.put("DISAGG_READY_TIMEOUT_SECONDS", "60");
        Process ctx = start("CTX_0", protocol);
        Process gen = start("GEN_0", protocol);
        Process server = start("DISAGG_SERVER", protocol);
        Process benchmark = start("BENCHMARK", protocol);

        assertThat(exitOf(benchmark)).as(Files.readString(caseDir.resolve("BENCHMARK.log"))).isZero();
        assertThat(exitOf(server)).isZero();
        assertThat(exitOf(ctx)).isZero();
        assertThat(exitOf(gen)).isZero();
        String output = Files.readString(caseDir.resolve("BENCHMARK.log"));
        assertThat(StandinExchangeTest.block(output, 2))
                .containsEntry("Successful requests", "4")
                .containsEntry("Failed requests", "0")
                .containsEntry("Total input tokens", "128")
                .containsEntry("Total generated tokens", "16");
        assertThat(caseDir.resolve("bench/concurrency_2.json")).exists();
        assertThat(caseDir.resolve("server_config.yaml")).exists();
        assertThat(caseDir.resolve("benchmark_status.txt")).hasContent("Done");
    }

    @Test
    void crashAndUsageErrorsAreExitStatuses() throws Exception {
        Process crash = start("GEN_0", Map.of("DISAGG_STANDIN_FAULT", "crash-start"));
        Process usage = start("BENCHMARK", Map.of());
        assertThat(exitOf(crash)).isEqualTo(3);
        assertThat(exitOf(usage)).isEqualTo(2);
        assertThat(Files.readString(caseDir.resolve("BENCHMARK.log")))
                .isEqualTo("disagg: DISAGG_CONCURRENCY_LIST is not set; BENCHMARK runs one round per concurrency,"
                        + " e.g. '1 2 4 8'" + System.lineSeparator());
        assertThat(caseDir.resolve("hostnames")).doesNotExist();
    }
}
