package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTrainingTest {
    @TempDir
    Path temp;

    @Test
    void rendersAndChecksTheEmbeddedCaseToTheirVerdictsAndLeavesNothingBehind() throws Exception {
        Path workspace = Files.createDirectory(temp.resolve("training"));

        // render succeeds; check finds a case that never ran: a test failure (1), not a usage error (2)
        assertThat(ClassArchiveTraining.train(workspace)).containsExactly(0, 1);
        assertThat(workspace).doesNotExist();
    }
}
