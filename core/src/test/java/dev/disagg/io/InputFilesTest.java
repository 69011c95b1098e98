package dev.disagg.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs are read up to a number of bytes read, never trusting the size a file claims. */
class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUpToTheLimitAndRefusesMore() throws IOException {
        Path file = Files.write(dir.resolve("a"), new byte[100]);

        assertThat(InputFiles.read(file, 100)).hasSize(100);
        assertThatThrownBy(() -> InputFiles.read(file, 99)).isInstanceOf(InputFiles.RefusedException.class)
                .hasMessage("is larger than 99 bytes, the limit for this input");
    }

    @Test
    void refusesWhatIsNoRegularFile() {
        assertThatThrownBy(() -> InputFiles.read(dir, 10)).isInstanceOf(InputFiles.RefusedException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("missing"), 10)).isInstanceOf(NoSuchFileException.class);
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            assertThatThrownBy(() -> InputFiles.read(zero, 10)).isInstanceOf(InputFiles.RefusedException.class)
                    .hasMessageContaining("not a regular file");
        }
    }
}
