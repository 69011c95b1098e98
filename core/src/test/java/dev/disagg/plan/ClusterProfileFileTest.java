package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken profile file is a user mistake named with its file, never an internal error. */
class ClusterProfileFileTest {
    @TempDir
    Path dir;

    @Test
    void brokenProfilesAreUserErrors() throws Exception {
        List<String> broken = List.of("mpi: !!binary '***'\n", "ready_timeout_seconds: !!int abc\n", "1: x\n", "[a, b]\n",
                "a: &a [*a, *a]\nb: [*a, *a, *a]\n", "test_command: [\n", "extends: other\n", "containers: maybe\n",
                "ready_timeout_seconds: -5\n");
        for (String text : broken) {
            Path file = Files.writeString(dir.resolve("profile.yaml"), text);
            assertThatThrownBy(() -> ClusterProfiles.resolve(file.toString())).as(text)
                    .isInstanceOf(UserError.class).hasMessageStartingWith(file + ": ");
        }
    }
}
