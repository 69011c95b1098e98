package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
            assertThat(Files.readString(file)).startsWith("#!/bin/bash\n")
                    .contains("self=('/opt/java 17/bin/java' -cp 'a b.jar' dev.disagg.cli.StepMain)\n", "archive=''\n")
                    .endsWith("exec \"${self[@]}\" emulate " + file.getFileName() + " \"$@\"\n");
            assertThat(EmulatorBin.isScript(file, file.getFileName().toString())).isTrue();
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

    /** A stand-in java that prints its arguments and, asked to, writes the archive as the JVM does at its exit. */
    private Path fakeJava() throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/bash\nprintf '%s\\n' \"$@\"\nfor a; do case $a in -XX:ArchiveClassesAtExit=*)"
                + " echo archive > \"${a#*=}\";; esac; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private String run(Path script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void theCollectCheckWritesTheClassArchiveAndEveryLaterJvmMapsIt() throws Exception {
        Path bin = dir.resolve("bin");
        Path archive = dir.resolve("ws/disagg_emulator_cds/abc-17.jsa");
        EmulatorBin.write(bin, "'" + fakeJava() + "' -cp x.jar Main", java.util.Optional.of(archive));

        assertThat(run(bin.resolve("pytest"), "-v", "perf/x.py")).as("not the collect check: no archive written")
                .doesNotContain("Archive").startsWith("-cp\nx.jar\nMain\nemulate\npytest\n-v\n");
        assertThat(archive).doesNotExist();

        String collect = run(bin.resolve("pytest"), "--collect-only", "-q", "perf/x.py");
        assertThat(collect).contains("-XX:ArchiveClassesAtExit=" + archive + ".", "-Ddisagg.emulator.train=true",
                "emulate\npytest\n--collect-only\n");
        assertThat(archive).hasContent("archive");
        try (var listing = Files.list(archive.getParent())) {
            assertThat(listing).as("the temporary file was renamed, the lock removed").containsExactly(archive);
        }

        assertThat(run(bin.resolve("trtllm-llmapi-launch"), "pytest")).contains("-XX:SharedArchiveFile=" + archive)
                .endsWith("Main\nemulate\ntrtllm-llmapi-launch\npytest\n");
    }

    @Test
    void whileAnotherCollectCheckWritesTheArchiveTheOthersRunWithout() throws Exception {
        Path bin = dir.resolve("bin");
        Path archive = dir.resolve("ws/disagg_emulator_cds/abc-17.jsa");
        Files.createDirectories(dir.resolve("ws/disagg_emulator_cds/abc-17.jsa.lock"));
        EmulatorBin.write(bin, "'" + fakeJava() + "' -cp x.jar Main", java.util.Optional.of(archive));

        assertThat(run(bin.resolve("pytest"), "--collect-only", "x")).doesNotContain("Archive", "Shared")
                .startsWith("-cp\nx.jar\nMain\nemulate\npytest\n");
        assertThat(archive).doesNotExist();
    }

    @Test
    void theArchiveIsNamedForTheJarAndTheJava() throws Exception {
        // the tests run from class directories, which cannot be archived
        assertThat(EmulatorBin.classArchiveName()).isEmpty();
        Path jar = Files.write(dir.resolve("disagg-cli.jar"), new byte[100]);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        String name = EmulatorBin.classArchiveName(jar).orElseThrow();
        assertThat(name).startsWith("64-f4240-").endsWith("-" + System.getProperty("java.version") + ".jsa");
        assertThat(EmulatorBin.classArchiveName(jar)).contains(name);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(2_000_000));
        assertThat(EmulatorBin.classArchiveName(jar)).get().isNotEqualTo(name);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.write(jar, new byte[101]);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        assertThat(EmulatorBin.classArchiveName(jar)).get().isNotEqualTo(name);
        Path copy = Files.createDirectories(dir.resolve("other")).resolve("disagg-cli.jar");
        Files.write(copy, new byte[100]);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(1_000_000));
        assertThat(EmulatorBin.classArchiveName(copy)).get().isNotEqualTo(name);

        Path installed = Files.createDirectories(dir.resolve("bin")).resolve("disagg");  // the executable jar, renamed
        Files.write(installed, new byte[100]);
        assertThat(EmulatorBin.classArchiveName(installed)).get().isNotEqualTo(name);
        assertThat(EmulatorBin.classArchiveName(dir.resolve("missing.jar"))).isEmpty();
        assertThat(EmulatorBin.classArchiveName(dir)).isEmpty();
    }

    @Test
    void rewritingReplacesTheScripts() throws Exception {
        EmulatorBin.write(dir, "old");
        EmulatorBin.write(dir, "new");

        assertThat(Files.readString(dir.resolve("pytest"))).contains("self=(new)\n").doesNotContain("old");
    }
}
