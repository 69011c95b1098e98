package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.history.DirectoryHistoryStore;
import dev.disagg.report.CaseDirFixture;
import dev.disagg.report.CaseDirFixture.Measured;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobState;
import dev.disagg.slurm.JobStatus;
import dev.disagg.slurm.Slurm;
import dev.disagg.sweep.SweepInputs;
import dev.disagg.sweep.SweepReport;
import dev.disagg.sweep.SweepRow;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SweepRunTest {
    @TempDir
    Path tmp;

    /** SLURM at its interface: each job "runs" until it is first asked about; cases named fail* write no benchmark output. */
    static final class FakeSlurm implements Slurm {
        final AtomicInteger next = new AtomicInteger(100);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final Map<JobId, Path> dirs = new ConcurrentHashMap<>();
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public JobId submit(Path script, List<String> sbatchArgs) {
            return submit(script, sbatchArgs, Map.of());
        }

        @Override
        public JobId submit(Path script, List<String> sbatchArgs, Map<String, String> environment) {
            JobId id = JobId.of(Integer.toString(next.incrementAndGet()));
            calls.add("sbatch " + id);
            Path dir = script.getParent();
            dirs.put(id, dir);
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            if (!dir.getFileName().toString().startsWith("fail")) {
                CaseDirFixture.create(dir.getParent(), dir.getFileName().toString())
                        .benchmark(Measured.ok(1, 100, 50), Measured.ok(2, 190, 60), Measured.ok(4, 350, 70));
            }
            return id;
        }

        @Override
        public JobStatus jobState(JobId jobId) throws InterruptedException {
            calls.add("state " + jobId);
            Thread.sleep(150); // long enough for the other cases to be submitted meanwhile
            running.decrementAndGet();
            return new JobStatus(jobId, JobState.COMPLETED, 0, 0, "None");
        }

        @Override
        public void cancel(JobId jobId) {
            calls.add("scancel " + jobId);
        }
    }

    /** The embedded example case as {@code <dir>/<name>.yaml}. */
    static Path caseFile(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = CaseOptions.class.getResourceAsStream(CaseOptions.EMBEDDED_CASE)) {
            Path f = dir.resolve(name + ".yaml");
            Files.write(f, in.readAllBytes());
            return f;
        }
    }

    private CliRun sweep(FakeSlurm slurm, String... args) {
        return run(slurm, Map.of(), args);
    }

    /** {@code disagg run args...} in this JVM, talking to {@code slurm}, with {@code environment} as its environment. */
    static CliRun run(FakeSlurm slurm, Map<String, String> environment, String... args) {
        CommandLine cli = DisaggCli.commandLine();
        RunCommand run = (RunCommand) cli.getSubcommands().get("run").getCommand();
        run.slurm = () -> slurm;
        run.environment = environment;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        return new CliRun(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void runsEveryCaseBoundedWritesOneCombinedResultAndTheWorstCaseWins() throws IOException {
        Path cases = tmp.resolve("cases");
        for (String n : List.of("a1", "a2", "a3", "a4", "fail5")) {
            caseFile(cases, n);
        }
        Path ws = tmp.resolve("ws");
        FakeSlurm slurm = new FakeSlurm();

        CliRun r = sweep(slurm, cases.toString(), "--max-parallel", "2", "--cluster", "local", "--workspace", ws.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Verdict.TEST_FAILED.exitCode());
        assertThat(slurm.calls.stream().filter(c -> c.startsWith("sbatch"))).hasSize(5);
        assertThat(slurm.maxRunning.get()).isBetween(1, 2);
        Path logs = ws.resolve("disagg_logs");
        String md = Files.readString(logs.resolve("sweep.md"));
        assertThat(md).startsWith("## Sweep: 5 case(s), exit 1")
                .contains("| a1 | PASS | 0 | 1").contains("c=4 350 tok/s 70 ms").contains("[report](a1/report.html)")
                .contains("| fail5 | TEST_FAILED | 1 |");
        assertThat(Files.readString(logs.resolve("index.html"))).contains("<a href=\"a3/report.html\">a3</a>");
        String junit = Files.readString(logs.resolve("sweep-results.xml"));
        assertThat(junit).contains("<testsuites name=\"disagg sweep\">");
        for (String n : List.of("a1", "a2", "a3", "a4", "fail5")) {
            assertThat(logs.resolve(n).resolve("report.html")).exists();
            assertThat(junit).contains(n);
            assertThat(new DirectoryHistoryStore(ws.resolve("disagg_history")).recent(n, "local", 10, x -> true)).hasSize(1);
        }
        assertThat(slurm.calls).noneMatch(c -> c.startsWith("scancel"));
        assertThat(r.out()).contains("[a1] submitted job").contains("sweep: 5 case(s), at most 2 at a time");
    }

    @Test
    void anInvalidCaseFileSubmitsNothing() throws IOException {
        Path cases = tmp.resolve("cases");
        caseFile(cases, "ok");
        Files.writeString(cases.resolve("broken.yaml"), "metadata: [\n");
        FakeSlurm slurm = new FakeSlurm();

        CliRun r = sweep(slurm, cases.resolve("*.yaml").toString(), "--cluster", "local", "--workspace", tmp.resolve("ws").toString());

        assertThat(r.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(r.err()).contains("1 of 2 case file(s) invalid; nothing was submitted").doesNotContain("Exception");
        assertThat(slurm.calls).isEmpty();
    }

    @Test
    void sweepUsageMistakes() throws IOException {
        Path a = caseFile(tmp.resolve("c"), "a");
        FakeSlurm slurm = new FakeSlurm();

        CliRun nothing = sweep(slurm, tmp.resolve("c").resolve("*.yml").toString(), "--cluster", "local");
        CliRun withConfig = sweep(slurm, a.toString(), "--config", a.toString(), "--cluster", "local");
        CliRun parallel = sweep(slurm, a.toString(), "--max-parallel", "0", "--cluster", "local");

        assertThat(nothing.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(nothing.err()).contains("*.yml: matches no case file");
        assertThat(withConfig.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(parallel.exitCode()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
        assertThat(parallel.err()).contains("--max-parallel: expected 1..256, got 0");
        assertThat(slurm.calls).isEmpty();
    }

    @Test
    void inputsFilesDirectoriesAndGlobsInOrderWithoutDuplicates() throws IOException {
        Path d = tmp.resolve("d");
        caseFile(d, "b");
        caseFile(d, "a");
        Files.writeString(d.resolve("notes.txt"), "x");
        Files.createDirectories(d.resolve("sub"));
        caseFile(d.resolve("sub"), "deep");

        assertThat(SweepInputs.expand(List.of("d"), tmp)).containsExactly(d.resolve("a.yaml"), d.resolve("b.yaml"));
        assertThat(SweepInputs.expand(List.of("d/b.yaml", "d/*.yaml"), tmp)).containsExactly(d.resolve("b.yaml"), d.resolve("a.yaml"));
        assertThatThrownBy(() -> SweepInputs.expand(List.of("missing.yaml"), tmp)).hasMessage("missing.yaml: no such file or directory");
        assertThatThrownBy(() -> SweepInputs.expand(List.of("*/x.yaml"), tmp)).hasMessageContaining("only be in the file name");
    }

    @Test
    void theWorstCaseWinsByTheExitTable() {
        assertThat(worst()).isZero();
        assertThat(worst(0, 0)).isZero();
        assertThat(worst(0, 3)).isEqualTo(3);
        assertThat(worst(3, 1, 0)).isEqualTo(1);
        assertThat(worst(1, 2)).isEqualTo(2);
        assertThat(worst(2, 4, 1)).isEqualTo(4);
        assertThat(worst(4, 130, 3)).isEqualTo(130);
        assertThat(worst(0, 77)).as("a status not in the table is an infrastructure error").isEqualTo(4);
        assertThat(worst(77, 130)).isEqualTo(130);
    }

    private static int worst(int... codes) {
        List<SweepRow> rows = new ArrayList<>();
        for (int c : codes) {
            rows.add(new SweepRow("c" + rows.size(), Optional.empty(), "X", c, Optional.empty(), "", List.of()));
        }
        return SweepReport.exitCode(rows);
    }
}
