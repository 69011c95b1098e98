package dev.disagg.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.slurm.JobIdFile;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseJobTest {
    @TempDir
    Path workspace;

    private final List<String> calls = new ArrayList<>();

    @Test
    void recordsTheJobIdInTheCaseDirectory() throws Exception {
        Plan plan = plan();
        Files.createDirectories(plan.caseDir());

        JobId id = CaseJob.submit(new RecordingSlurm(), plan);

        assertThat(id.value()).isEqualTo("7");
        assertThat(JobIdFile.find(plan.caseDir())).hasValue(id);
        assertThat(calls).containsExactly("submit " + plan.caseDir().resolve("job.sh"));
    }

    @Test
    void aJobWhoseIdCannotBeRecordedIsCancelledAgain() throws Exception {
        Plan plan = plan();
        // job_id cannot be created: the same failure as a full disk, without filling one
        Files.createDirectories(plan.caseDir().resolve(JobIdFile.NAME));

        assertThatThrownBy(() -> CaseJob.submit(new RecordingSlurm(), plan))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot record job 7 in " + plan.caseDir().resolve(JobIdFile.NAME))
                .hasMessageEndingWith("; job 7 cancelled");
        assertThat(calls).containsExactly("submit " + plan.caseDir().resolve("job.sh"), "cancel 7");
    }

    private Plan plan() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/disagg/examples/local-smoke.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            var config = new CaseConfigLoader().load(Path.of("local-smoke.yaml"), text).config().orElseThrow();
            return Planner.plan(config, PlanOptions.defaults(workspace));
        }
    }

    private final class RecordingSlurm implements Slurm {
        @Override
        public JobId submit(Path script, List<String> sbatchArgs) {
            calls.add("submit " + script);
            return JobId.of("7");
        }

        @Override
        public JobStatus jobState(JobId jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(JobId jobId) {
            calls.add("cancel " + jobId);
        }
    }
}
