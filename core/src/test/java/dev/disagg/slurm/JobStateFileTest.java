package dev.disagg.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job_state.json both ways: what the watcher writes is what the check reads. */
class JobStateFileTest {
    @TempDir
    Path caseDir;

    @Test
    void readGivesBackTheStatusWritten() {
        JobStatus killed = new JobStatus(new JobId("42"), JobState.CANCELLED, 0, 15, "");
        JobStatus failed = new JobStatus(new JobId("43"), JobState.FAILED, 3, 0, "NonZeroExitCode");

        JobStateFile.write(caseDir, killed);
        assertThat(JobStateFile.read(caseDir)).contains(killed);
        JobStateFile.write(caseDir, failed);
        assertThat(JobStateFile.read(caseDir)).contains(failed);
    }

    @Test
    void noFileIsNoState() {
        assertThat(JobStateFile.read(caseDir)).isEmpty();
    }

    @Test
    void aFileThatIsNotTheFormatIsAnUnknownEndOfTheJobInJobId() throws IOException {
        Files.writeString(caseDir.resolve(JobStateFile.NAME), "{\"jobId\": ");
        assertThatThrownBy(() -> JobStateFile.read(caseDir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("there is no job id in job_id");

        Files.writeString(caseDir.resolve("job_id"), "77\n");
        JobStatus read = JobStateFile.read(caseDir).orElseThrow();

        assertThat(read).isEqualTo(new JobStatus(new JobId("77"), JobState.UNKNOWN, 0, 0, "job_state.json is not valid JSON"));
        assertThat(read.failed()).isTrue();
        assertThat(read.describeEnd()).isEqualTo("job 77 ended UNKNOWN: job_state.json is not valid JSON");
    }
}
