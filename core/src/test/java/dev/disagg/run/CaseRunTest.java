package dev.disagg.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.render.CaseDirectory;
import dev.disagg.render.CaseRenderer;
import dev.disagg.report.CaseDirFixture;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.slurm.SlurmException;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One case's render -> submit -> watch -> check with every collaborator a test double. */
class CaseRunTest {
    @TempDir
    Path workspace;

    private final List<String> calls = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    /** SLURM at its interface: the job "runs" until asked about; what it answers is the test's. */
    private final class FakeSlurm implements Slurm {
        SlurmException submitRefusal;
        SlurmException stateFailure;
        RuntimeException cancelFailure;

        @Override
        public JobId submit(Path script, List<String> sbatchArgs) {
            calls.add("submit");
            if (submitRefusal != null) {
                throw submitRefusal;
            }
            Path dir = script.getParent();
            CaseDirFixture.create(dir.getParent(), dir.getFileName().toString()).benchmark(Measured.ok(1, 100, 50), Measured.ok(2, 190, 60), Measured.ok(4, 350, 70));
            return JobId.of("100");
        }

        @Override
        public JobStatus jobState(JobId jobId) {
            calls.add("state " + jobId);
            if (stateFailure != null) {
                throw stateFailure;
            }
            return new JobStatus(jobId, JobState.COMPLETED, 0, 0, "None");
        }

        @Override
        public void cancel(JobId jobId) {
            calls.add("cancel " + jobId);
            if (cancelFailure != null) {
                throw cancelFailure;
            }
        }
    }

    private final class Recorder implements CaseRun.Events {
        @Override
        public void rendered(Plan plan, CaseRenderer.Rendered rendered) {
            calls.add("rendered " + workspace.relativize(rendered.caseDir()));
        }

        @Override
        public void submitted(Plan plan, JobId id, Path caseDir) {
            calls.add("submitted " + id);
        }

        @Override
        public void progress(Plan plan, String line) {
            calls.add("progress " + line);
        }

        @Override
        public void ended(Plan plan, JobId id, JobStatus status) {
            calls.add("ended " + id + " " + status.state());
        }
    }

    private CaseRun caseRun(Slurm slurm) {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
        Sleeper noWait = duration -> calls.add("sleep");
        return new CaseRun(slurm, noWait, clock, WatchPolicy.defaults(), "true", new PrintWriter(err, true), ids -> {
            calls.add("guard " + ids);
            return () -> calls.add("unguard " + ids);
        });
    }

    private static CheckOptions noPerfCheck() {
        return new CheckOptions(Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(), MissingBaselinePolicy.WARN);
    }

    private record Loaded(CaseConfig config, Plan plan) {
    }

    private Loaded load() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/dev/disagg/examples/local-smoke.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            CaseConfig config = new CaseConfigLoader().load(Path.of("local-smoke.yaml"), text).config().orElseThrow();
            return new Loaded(config, Planner.plan(config, PlanOptions.defaults(workspace)));
        }
    }

    @Test
    void rendersSubmitsFollowsGuardedAndChecksTheCase() throws Exception {
        Loaded c = load();

        CaseOutcome outcome = caseRun(new FakeSlurm()).run(c.config(), c.plan(), noPerfCheck(), new Recorder());

        assertThat(outcome.verdict()).as(outcome.failureMessage() + err.toString()).isEqualTo(Verdict.PASS);
        assertThat(outcome.exitCode()).isZero();
        assertThat(calls).containsSubsequence("rendered disagg_logs/local-smoke", "submit", "submitted 100", "guard [100]",
                "state 100", "unguard [100]", "ended 100 COMPLETED");
        assertThat(calls).noneMatch(l -> l.startsWith("cancel"));
        assertThat(c.plan().caseDir().resolve("job_state.json")).exists();
        assertThat(c.plan().caseDir().resolve("result.json")).exists();
        // the claim ends with the run: the next run of the case may claim it
        try (CaseDirectory again = caseRun(new FakeSlurm()).claim(c.plan())) {
            assertThat(again.path()).isEqualTo(c.plan().caseDir());
        }
    }

    @Test
    void aRefusedSubmissionIsAnInfrastructureErrorThatKeepsTheRenderedFiles() throws Exception {
        Loaded c = load();
        FakeSlurm slurm = new FakeSlurm();
        slurm.submitRefusal = new SlurmException("sbatch refused job.sh (exit status 1): invalid partition", false);

        assertThatThrownBy(() -> caseRun(slurm).run(c.config(), c.plan(), noPerfCheck(), new Recorder()))
                .isInstanceOfSatisfying(VerdictException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.INFRA_ERROR))
                .hasMessage("case local-smoke was not submitted: sbatch refused job.sh (exit status 1): invalid partition"
                        + " (the case directory " + c.plan().caseDir() + " keeps the rendered files)");
        assertThat(c.plan().caseDir().resolve("job.sh")).exists();
        assertThat(calls).noneMatch(l -> l.startsWith("submitted") || l.startsWith("guard"));
    }

    @Test
    void aJobSlurmCannotTellAboutIsCancelledOrNamedWithTheCommandThatCancelsIt() throws Exception {
        Loaded c = load();
        FakeSlurm slurm = new FakeSlurm();
        slurm.stateFailure = new SlurmException("job 100 cannot start: SLURM keeps it PENDING (PartitionTimeLimit)", false);

        assertThatThrownBy(() -> caseRun(slurm).run(c.config(), c.plan(), noPerfCheck(), new Recorder()))
                .isInstanceOfSatisfying(VerdictException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.INFRA_ERROR))
                .hasMessage("stopped following job 100: job 100 cannot start: SLURM keeps it PENDING (PartitionTimeLimit); job 100 cancelled");
        assertThat(calls).containsSubsequence("guard [100]", "unguard [100]", "cancel 100");

        Files.delete(c.plan().caseDir().resolve("job_id"));
        slurm.cancelFailure = new SlurmException("controller unreachable", true);
        assertThatThrownBy(() -> caseRun(slurm).follow(Map.of(JobId.of("100"), c.plan().caseDir()), line -> { }))
                .hasMessageEndingWith("; could not cancel job 100 (controller unreachable); cancel it with: scancel 100");
    }

    @Test
    void aCaseDirectoryAnotherRunHoldsIsTheUsersToFreeAndNothingIsSubmitted() throws Exception {
        Loaded c = load();
        FakeSlurm slurm = new FakeSlurm();

        try (CaseDirectory held = caseRun(slurm).claim(c.plan())) {
            assertThatThrownBy(() -> caseRun(slurm).run(c.config(), c.plan(), noPerfCheck(), new Recorder()))
                    .isInstanceOfSatisfying(VerdictException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.INVALID_CONFIG));
        }
        assertThat(calls).doesNotContain("submit");
    }

    @Test
    void aWorkspaceThatIsAFileIsTheUsersMistake() throws Exception {
        Files.writeString(workspace.resolve("disagg_logs"), "not a directory");
        Loaded c = load();

        assertThatThrownBy(() -> caseRun(new FakeSlurm()).render(c.config(), c.plan()))
                .isInstanceOfSatisfying(VerdictException.class, e -> assertThat(e.verdict()).isEqualTo(Verdict.INVALID_CONFIG))
                .hasMessageContaining("is in the way (not a directory); nothing was submitted");
    }
}
