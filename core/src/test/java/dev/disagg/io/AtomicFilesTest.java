package dev.disagg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way (a full disk; here a text UTF-8 cannot encode) leaves no file and keeps the old one. */
class AtomicFilesTest {
    private static final String FAILS_MID_WRITE = "a".repeat(100_000) + "\uD800";

    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aFailedReplaceKeepsTheOldFileWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("summary.md"), "old");

        assertThatThrownBy(() -> AtomicFiles.write(target, FAILS_MID_WRITE)).isInstanceOf(UncheckedIOException.class);

        assertThat(target).hasContent("old");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void aFailedNewFileLeavesNothing() throws IOException {
        Path target = dir.resolve("plan.json");

        assertThatThrownBy(() -> AtomicFiles.writeNew(target, FAILS_MID_WRITE)).isInstanceOf(IOException.class);

        assertThat(entries()).isZero();
    }

    @Test
    void aNewFileNeverReplacesOne() throws IOException {
        Path target = Files.writeString(dir.resolve("job_id"), "41\n");

        assertThatThrownBy(() -> AtomicFiles.writeNew(target, "42\n")).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(target).hasContent("41\n");
        assertThat(entries()).isEqualTo(1);
    }

    @Test
    void writesCreatingParentsReplaceAndLeaveNoTemporaryFiles() throws IOException {
        Path target = dir.resolve("hostnames/GEN_0.txt");
        AtomicFiles.writeCreatingParents(target, "a:1\n");
        AtomicFiles.writeCreatingParents(target, "b:2\n");
        assertThat(target).hasContent("b:2");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aScriptGetsItsPermissionsBeforeItAppears() throws IOException {
        Path target = Files.writeString(dir.resolve("pytest"), "old");

        AtomicFiles.write(target, "#!/bin/bash\n", PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(target).hasContent("#!/bin/bash");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rwxr-xr-x");
        assertThat(entries()).isEqualTo(1);
    }
}
