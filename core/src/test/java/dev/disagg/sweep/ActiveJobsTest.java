package dev.disagg.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveJobsTest {
    /** Records cancels; job 13 cannot be cancelled. */
    static final class RecordingSlurm implements Slurm {
        final List<String> cancelled = new ArrayList<>();

        @Override
        public JobId submit(Path script, List<String> sbatchArgs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobStatus jobState(JobId jobId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(JobId jobId) {
            if (jobId.toString().equals("13")) {
                throw new SlurmException("controller unreachable", true);
            }
            cancelled.add(jobId.toString());
        }
    }

    @Test
    void cancelsEveryJobStillFollowedByIdAndNamesTheOnesItCouldNot() {
        RecordingSlurm slurm = new RecordingSlurm();
        StringWriter err = new StringWriter();
        try (ActiveJobs jobs = new ActiveJobs(slurm, new PrintWriter(err), 130)) {
            jobs.add(JobId.of("11"));
            jobs.add(JobId.of("12"));
            jobs.add(JobId.of("13"));
            jobs.add(JobId.of("14"));
            jobs.remove(JobId.of("12")); // ended on its own: not cancelled

            jobs.cancelAll(slurm, new PrintWriter(err, true));
        }

        assertThat(slurm.cancelled).containsExactlyInAnyOrder("11", "14");
        assertThat(err.toString()).contains("cancelling 3 job(s) of the sweep")
                .contains("could not cancel job 13 (controller unreachable); cancel it with: scancel 13");
    }
}
