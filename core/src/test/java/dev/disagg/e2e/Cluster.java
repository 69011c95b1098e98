package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.disagg.slurm.JobIdFile;
import dev.disagg.run.CaseJob;
import dev.disagg.slurm.CommandResult;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.ProcessCommandRunner;
import dev.disagg.slurm.SlurmCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The real local SLURM cluster (test/scripts/local-slurm.sh start), as the e2e tests need it. */
final class Cluster {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern START = Pattern.compile("\\bStartTime=(\\S+)");
    private static final Pattern END = Pattern.compile("\\bEndTime=(\\S+)");

    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private final SlurmCli slurm = SlurmCli.create();

    /** Fails with what to do when the cluster is not running. */
    void requireRunning() throws Exception {
        CommandResult sinfo;
        try {
            sinfo = runner.run(List.of("sinfo", "-h", "-t", "idle,mix,alloc", "-o", "%D"), COMMAND_TIMEOUT);
        } catch (IOException e) {
            fail("SLURM is not installed here (" + e.getMessage() + "); run test/scripts/local-slurm.sh install && start");
            return;
        }
        if (!sinfo.succeeded() || sinfo.stdout().isBlank()) {
            fail("the local SLURM cluster is not running (" + sinfo.stderr().strip()
                    + "); start it with test/scripts/local-slurm.sh start");
        }
    }

    JobStatus state(JobId id) throws InterruptedException {
        return slurm.jobState(id);
    }

    /** Whether squeue still lists the job (pending, running or completing). */
    boolean inQueue(JobId id) throws Exception {
        CommandResult squeue = runner.run(List.of("squeue", "-h", "-j", id.value(), "-o", "%i %T"), COMMAND_TIMEOUT);
        // A job the controller already forgot is "Invalid job id": not in the queue either.
        return squeue.succeeded() && !squeue.stdout().isBlank();
    }

    /** Waits until squeue no longer lists the job; fails after {@code limit}. */
    void awaitLeftQueue(JobId id, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (inQueue(id)) {
            assertThat(Instant.now()).as("job %s still in squeue after %s", id, limit).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** The job's start and end as the controller recorded them (whole seconds). */
    Duration runTime(JobId id) throws Exception {
        CommandResult show = runner.run(List.of("scontrol", "show", "job", "-o", id.value()), COMMAND_TIMEOUT);
        assertThat(show.succeeded()).as("scontrol show job %s: %s", id, show.stderr()).isTrue();
        return Duration.between(time(START, show.stdout()), time(END, show.stdout()));
    }

    private static LocalDateTime time(Pattern key, String text) {
        Matcher m = key.matcher(text);
        assertThat(m.find()).as("%s in %s", key, text).isTrue();
        return LocalDateTime.parse(m.group(1));
    }

    /** The job of a case directory (its job_id file). */
    static JobId jobOf(Path caseDir) throws IOException {
        Optional<JobId> id = JobIdFile.find(caseDir);
        assertThat(id).as("job_id in %s", caseDir).isPresent();
        return id.orElseThrow();
    }

    /** Cancels, by id, every job submitted from a case directory under {@code workspace}. */
    void cancelJobsUnder(Path workspace) throws Exception {
        Path logs = workspace.resolve("disagg_logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        List<Path> caseDirs;
        try (Stream<Path> entries = Files.list(logs)) {
            caseDirs = entries.filter(Files::isDirectory).toList();
        }
        for (Path caseDir : caseDirs) {
            Optional<JobId> id = JobIdFile.find(caseDir);
            if (id.isPresent() && inQueue(id.get())) {
                System.out.println("cleanup: cancelling job " + id.get() + " of " + caseDir.getFileName());
                slurm.cancel(id.get());
            }
        }
    }
}
