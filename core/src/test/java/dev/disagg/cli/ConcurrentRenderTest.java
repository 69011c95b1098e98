package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.config.CaseTexts;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten renders of one case into one workspace at once (Jenkins parallel branches, replays): each
 * either writes a whole case directory or is refused naming the run that holds the case; no
 * directory holds files of two runs, none is empty, nothing a successful run wrote is lost.
 */
class ConcurrentRenderTest {
    private static final int RUNS = 10;
    /** What one render of the local profile writes at the top of the case directory. */
    private static final List<String> FILES = List.of("ctx_config.yaml", "disagg_configs", "emulator", "gen_config.yaml",
            "job.sh", "junit", "plan.json");

    @TempDir
    Path dir;

    @Test
    void tenRendersOfOneCaseAtOnce() throws Exception {
        Path config = CaseTexts.write(dir, "same.yaml", CaseTexts.MINIMAL);
        Path workspace = dir.resolve("ws");
        for (int round = 0; round < 3; round++) {
            List<CliRun> runs = renderAtOnce(config, workspace, round);
            Set<Integer> wrote = new HashSet<>();
            for (int i = 0; i < RUNS; i++) {
                CliRun run = runs.get(i);
                assertThat(run.showsStackTrace()).as(run.all()).isFalse();
                if (run.status() == 0) {
                    wrote.add(timeout(round, i));
                } else {
                    assertThat(run.status()).as(run.all()).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
                    assertThat(run.err()).as(run.all()).contains("case same is being run by ",
                            "wait for that run to end or use another workspace");
                }
            }
            assertThat(wrote).as("at least the first run that claims the case writes it").isNotEmpty();
            Set<Integer> found = new HashSet<>();
            for (Path caseDir : caseDirectories(workspace.resolve("disagg_logs"))) {
                found.add(wholeRunIn(caseDir));
            }
            // every run that said "wrote" still has its files, in the case directory or one .prev-N
            assertThat(found).containsAll(wrote);
        }
    }

    private List<CliRun> renderAtOnce(Path config, Path workspace, int round) throws Exception {
        CyclicBarrier start = new CyclicBarrier(RUNS);
        ExecutorService pool = Executors.newFixedThreadPool(RUNS);
        try {
            List<Future<CliRun>> futures = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                int minutes = timeout(round, i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return CliRun.run("render", "--config", config.toString(), "--workspace", workspace.toString(),
                            "--cluster", "local", "--timeout-minutes", String.valueOf(minutes));
                }));
            }
            List<CliRun> runs = new ArrayList<>();
            for (Future<CliRun> f : futures) {
                runs.add(f.get());
            }
            return runs;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int timeout(int round, int i) {
        return 100 + round * RUNS + i;
    }

    private static List<Path> caseDirectories(Path logs) throws IOException {
        try (Stream<Path> entries = Files.list(logs)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches("same(\\.prev-[0-9]+)?")).toList();
        }
    }

    /** The one run whose files a case directory holds: all its files, each from the same run. */
    private static int wholeRunIn(Path caseDir) throws IOException {
        try (Stream<Path> entries = Files.list(caseDir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).as(caseDir.toString())
                    .isEqualTo(FILES);
        }
        int fromPlan = number(Files.readString(caseDir.resolve("plan.json")), "\"caseTimeoutMinutes\" : ([0-9]+)");
        int fromScript = number(Files.readString(caseDir.resolve("job.sh")), "CASE_TIMEOUT_SECONDS=([0-9]+)") / 60;
        assertThat(fromScript).as("job.sh and plan.json of one run in " + caseDir).isEqualTo(fromPlan);
        return fromPlan;
    }

    private static int number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
