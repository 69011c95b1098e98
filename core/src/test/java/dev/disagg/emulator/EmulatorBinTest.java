package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorBinTest {
    @TempDir
    Path dir;

    @Test
    void writesBothExecutablesThatExecTheSelfCommandWithTheirArguments() throws Exception {
        Path bin = dir.resolve("case/bin");
        List<Path> written = EmulatorBin.write(bin, "'/opt/java 17/bin/java' -cp 'a b.jar' dev.disagg.cli.StepMain");

        assertThat(written).containsExactly(bin.resolve("pytest"), bin.resolve("trtllm-llmapi-launch"));
        for (Path file : written) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readString(file)).startsWith("#!/bin/bash\n").endsWith(
                    "exec '/opt/java 17/bin/java' -cp 'a b.jar' dev.disagg.cli.StepMain emulate "
                            + file.getFileName() + " \"$@\"\n");
        }
        try (var listing = Files.list(bin)) {
            assertThat(listing).hasSize(2);
        }
    }

    @Test
    void theScriptsPassEveryArgumentUnchanged() throws Exception {
        // A stand-in self command that prints its arguments, one per line.
        Path bin = dir.resolve("bin");
        EmulatorBin.write(bin, "printf '%s\\n'");
        Process p = new ProcessBuilder(bin.resolve("pytest").toString(), "a b", "", "--x=$HOME")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(output).isEqualTo("emulate\npytest\na b\n\n--x=$HOME\n");
    }

    @Test
    void rewritingReplacesTheScripts() throws Exception {
        EmulatorBin.write(dir, "old");
        EmulatorBin.write(dir, "new");

        assertThat(Files.readString(dir.resolve("pytest"))).contains("exec new emulate").doesNotContain("old");
    }
}
