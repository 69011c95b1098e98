package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.disagg.config.CaseTexts;
import dev.disagg.report.Scenarios;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input file given to a command is read with a byte limit: a device, a FIFO, a directory,
 * garbage or a huge file ends with exit 2 naming the file, never an OutOfMemoryError, a hang or
 * an exit 4. The time limit is a generous ceiling for a hang, not a speed goal.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileInputFilesTest {
    @TempDir
    Path dir;

    private Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("fifo.yaml");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is needed");
    }

    private List<Path> hostile() {
        List<Path> files = new ArrayList<>(List.of(fifo));
        for (String device : List.of("/dev/zero", "/dev/urandom")) {
            if (Files.exists(Path.of(device))) {
                files.add(Path.of(device));
            }
        }
        return files;
    }

    private static void assertRefused(CliRun run, Path file) {
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(run.all()).contains(file.toString(), "not a regular file");
        assertThat(run.showsStackTrace()).as(run.all()).isFalse();
    }

    @Test
    void caseFilesProfilesAndScripts() {
        Path ok = CaseTexts.write(dir, "ok.yaml", CaseTexts.MINIMAL);
        for (Path file : hostile()) {
            assertRefused(CliRun.run("validate", file.toString()), file);
            assertRefused(CliRun.run("plan", "--config", file.toString(), "--workspace", dir.toString()), file);
            assertRefused(CliRun.run("plan", "--config", ok.toString(), "--cluster", file.toString(),
                    "--workspace", dir.toString()), file);
            assertRefused(CliRun.run("migrate", "--from", file.toString(), "--out", dir.resolve("m").toString()), file);
        }
    }

    @Test
    void baselines() throws IOException {
        Path caseDir = Scenarios.passing(dir).dir();
        CliRun fromFifo = CliRun.run(Map.of(), "check", "--case-dir", caseDir.toString(), "--baseline", fifo.toString());
        assertRefused(fromFifo, fifo);
        Path garbage = Files.write(dir.resolve("garbage.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Path directory = Files.createDirectories(dir.resolve("dir.csv"));
        for (Path[] fileAndMessage : new Path[][] {{garbage, Path.of("not UTF-8 text")}, {directory, Path.of("is a directory")}}) {
            Path file = fileAndMessage[0];
            String message = fileAndMessage[1].toString();
            CliRun check = CliRun.run(Map.of(), "check", "--case-dir", caseDir.toString(), "--baseline", file.toString());
            CliRun update = CliRun.run("baseline", "update", "--case-dir", caseDir.toString(), "--baseline", file.toString(),
                    "--output", dir.resolve("new.yaml").toString());
            for (CliRun run : List.of(check, update)) {
                assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
                assertThat(run.all()).contains(file + ": " + message);
                assertThat(run.showsStackTrace()).as(run.all()).isFalse();
            }
        }
    }

    @Test
    void theFileSystemRootIsNoCaseDirectory() {
        CliRun check = CliRun.run(Map.of(), "check", "--case-dir", "/");
        CliRun update = CliRun.run("baseline", "update", "--case-dir", "/", "--output", dir.resolve("b.yaml").toString());
        for (CliRun run : List.of(check, update)) {
            assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
            assertThat(run.all()).contains("/: the file system root is not a case directory");
            assertThat(run.showsStackTrace()).as(run.all()).isFalse();
        }
    }
}
