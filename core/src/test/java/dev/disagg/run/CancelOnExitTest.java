package dev.disagg.run;

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

class CancelOnExitTest {
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
        try (CancelOnExit jobs = CancelOnExit.forGroup(slurm, "the sweep", new PrintWriter(err, true), 130)) {
            jobs.add(JobId.of("11"));
            jobs.add(JobId.of("12"));
            jobs.add(JobId.of("13"));
            jobs.add(JobId.of("14"));
            jobs.remove(JobId.of("12")); // ended on its own: not cancelled

            jobs.cancelAll();
        }

        assertThat(slurm.cancelled).containsExactlyInAnyOrder("11", "14");
        assertThat(err.toString()).contains("cancelling 3 job(s) of the sweep")
                .contains("could not cancel job 13 (controller unreachable); cancel it with: scancel 13");
    }

    @Test
    void aRunsOwnJobsAreNamedOneByOne() {
        RecordingSlurm slurm = new RecordingSlurm();
        StringWriter err = new StringWriter();
        try (CancelOnExit jobs = CancelOnExit.arm(slurm, List.of(JobId.of("11"), JobId.of("13")), new PrintWriter(err), 130)) {
            jobs.cancelAll();
        }

        assertThat(slurm.cancelled).containsExactly("11");
        assertThat(err.toString()).isEqualTo(String.join(System.lineSeparator(), "disagg: interrupted: cancelling job 11",
                "disagg: job 11 cancelled", "disagg: interrupted: cancelling job 13",
                "disagg: could not cancel job 13 (controller unreachable); cancel it with: scancel 13", ""));
    }
}
