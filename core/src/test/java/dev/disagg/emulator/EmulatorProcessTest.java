package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.cli.CaseOptionsAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped scripts reach the emulator through StepMain's fast path in a fresh JVM. */
class EmulatorProcessTest {
    @TempDir
    Path dir;

    @Test
    void thePytestScriptCollectsAndAnswersNotFoundAsPytest() throws Exception {
        Path bin = dir.resolve("bin");
        EmulatorBin.write(bin, CaseOptionsAccess.selfCommand());
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/one.yaml"), EmulatedCaseTest.E2E);

        Process found = start(bin, "perf/test_perf_sanity.py::test_e2e[disagg-e2e-one]", "--collect-only", "-q");
        assertThat(found.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(found.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("perf/test_perf_sanity.py::test_e2e[disagg-e2e-one]\n");
        assertThat(found.exitValue()).isZero();

        Process missing = start(bin, "perf/test_perf_sanity.py::test_e2e[disagg_upload-one]", "--collect-only", "-q");
        assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(missing.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("ERROR: not found: ");
        assertThat(missing.exitValue()).isEqualTo(4);
    }

    private Process start(Path bin, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = bin.resolve("pytest").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("DISAGG_CONFIG_FOLDER", dir.resolve("configs").toString());
        return builder.start();
    }
}
