package dev.disagg.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.disagg.slurm.JobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code job_state.json} in the case directory: {@code {"jobId", "state", "exitCode", "signal",
 * "reason"}}, with {@code signal} and {@code reason} null when SLURM reports none.
 */
public final class JobStateFile {
    public static final String NAME = dev.disagg.plan.CaseLayout.JOB_STATE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JobStateFile() {
    }

    /** Writes the file (by rename, so a reader never sees half of it) and returns its path. */
    public static Path write(Path caseDir, JobStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jobId", status.jobId().value());
        fields.put("state", status.state().name());
        fields.put("exitCode", status.exitCode());
        fields.put("signal", status.signal() == 0 ? null : status.signal());
        fields.put("reason", status.reason().isEmpty() ? null : status.reason());
        Path target = caseDir.resolve(NAME);
        Path temporary = caseDir.resolve("." + NAME + ".tmp");
        try {
            JSON.writeValue(temporary.toFile(), fields);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write failed already; that is the error to report
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }
}
