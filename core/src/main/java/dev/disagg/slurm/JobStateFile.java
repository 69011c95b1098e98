package dev.disagg.slurm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.disagg.io.AtomicFiles;
import dev.disagg.io.InputFiles;
import dev.disagg.plan.CaseLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code job_state.json} in the case directory: {@code {"jobId", "state", "exitCode", "signal",
 * "reason"}}, with {@code signal} and {@code reason} null when SLURM reports none. This class owns
 * the format both ways: {@link #write} after the job, {@link #read} for the check.
 */
public final class JobStateFile {
    public static final String NAME = CaseLayout.JOB_STATE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The tool writes a few hundred bytes; a far larger file is not its own. */
    private static final int MAX_BYTES = 1024 * 1024;

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
        try {
            AtomicFiles.write(target, JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + fields, e);
        }
        return target;
    }

    /**
     * How the job ended, as {@link #write} wrote it; empty when there is no file. A file that is not
     * this format (the job's end went wrong) reads as state {@link JobState#UNKNOWN} with the reason
     * saying so, the job id taken from {@code job_id}: the check fails the test rather than guess.
     *
     * @throws UncheckedIOException when the file cannot be read, or is unreadable and no job id is known
     */
    public static Optional<JobStatus> read(Path caseDir) {
        Path file = caseDir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<JsonNode> root = json(file);
        Optional<JobId> jobId = root.flatMap(n -> text(n, "jobId")).flatMap(JobStateFile::jobId);
        if (root.isEmpty() || jobId.isEmpty()) {
            JobId fromJobIdFile = jobIdFile(caseDir).orElseThrow(() -> new UncheckedIOException(
                    new IOException(file + " is not the job state this tool writes, and there is no job id in " + CaseLayout.JOB_ID)));
            return Optional.of(root.isEmpty()
                    ? new JobStatus(fromJobIdFile, JobState.UNKNOWN, 0, 0, NAME + " is not valid JSON")
                    : status(fromJobIdFile, root.get()));
        }
        return Optional.of(status(jobId.get(), root.get()));
    }

    private static JobStatus status(JobId id, JsonNode n) {
        return new JobStatus(id, text(n, "state").map(JobState::parse).orElse(JobState.UNKNOWN),
                number(n, "exitCode"), number(n, "signal"), text(n, "reason").orElse(""));
    }

    private static Optional<JsonNode> json(Path file) {
        try {
            return Optional.ofNullable(JSON.readTree(InputFiles.read(file, MAX_BYTES))).filter(JsonNode::isObject);
        } catch (JsonProcessingException | InputFiles.RefusedException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The id {@link JobIdFile} recorded at submission; empty when there is none or it is not a job id. */
    private static Optional<JobId> jobIdFile(Path caseDir) {
        if (!Files.isRegularFile(caseDir.resolve(CaseLayout.JOB_ID))) {
            return Optional.empty();
        }
        try {
            return JobIdFile.find(caseDir);
        } catch (IllegalArgumentException | InputFiles.RefusedException notAJobId) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caseDir.resolve(CaseLayout.JOB_ID) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<JobId> jobId(String text) {
        try {
            return Optional.of(JobId.of(text));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    /** A whole number as {@link #write} writes it; 0 when absent (SLURM's "none"). */
    private static int number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToInt() ? v.asInt() : 0;
    }
}
