package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty cases submitted at once to the local cluster, which runs four at a time (each takes two
 * GPUs on each of two nodes; the nodes have four), so most of them queue: every one must pass, every case directory must
 * be complete and name only itself, no job may be left, and the SLURM calls of each follower
 * (counted through DISAGG_SLURM_TRACE) must stay few.
 */
@Tag("e2e")
class LoadE2ETest {
    private static final int CASES = 20;
    private static final Pattern STATE_LINE = Pattern.compile("(?m)^job [0-9]+: ([A-Z_]+)");
    private static final Pattern CASE_PATH = Pattern.compile("disagg_logs/([A-Za-z0-9._-]+)");
    /** Every file a passing case has; {@code TOD/} is upstream's test output directory of the case. */
    private static final List<String> CASE_FILES = List.of("plan.json", "ctx_config.yaml", "gen_config.yaml", "job.sh",
            "job_id", "job_info.txt", "environment.txt", "gen_server_0.log", "ctx_server_0.log", "disagg_server.log",
            "benchmark.log", "TOD/benchmark_status.0.txt", "TOD/server_config.0.yaml", "TOD/hostnames-local-0/GEN_0.txt",
            "TOD/hostnames-local-0/CTX_0.txt", "TOD/hostnames-local-0/DISAGG_SERVER.0.addr", "TOD/trtllm-benchmark.0.0.log",
            "job_state.json", "perf_script_test_results.csv", "results.xml", "summary.md", "report.html", "result.json");

    @TempDir
    Path dir;

    private final List<CliProcess> runs = new ArrayList<>();

    @BeforeAll
    static void cluster() {
        SharedCluster.requireRunning();
    }

    @AfterEach
    void leaveNothingBehind() throws Exception {
        for (CliProcess run : runs) {
            run.stop();
        }
        SharedCluster.cancel(SharedCluster.queuedJobsUnder(dir));
    }

    @Test
    void twentyCasesAtOnceAllPassWithoutCrossTalkAndWithFewControllerCalls() throws Exception {
        Path workspace = dir.resolve("ws");
        // Kept after the test for a closer look (core/target/load-e2e/slurm-calls.txt).
        Path trace = Files.createDirectories(Path.of(System.getProperty("basedir", ".")).resolve("target/load-e2e"))
                .resolve("slurm-calls.txt");
        Files.deleteIfExists(trace);
        Path caseFile = FaultCases.twoGpusPerNode(dir);
        Map<String, CliProcess> byCase = new LinkedHashMap<>();
        Instant start = Instant.now();
        for (int i = 1; i <= CASES; i++) {
            String name = String.format("load-%02d", i);
            CliProcess run = CliProcess.start(dir, name, Map.of("DISAGG_SLURM_TRACE", trace.toString()),
                    "run", "--config", caseFile.toString(), "--cluster", "local", "--workspace", workspace.toString(),
                    "--case-name", name);
            runs.add(run);
            byCase.put(name, run);
        }
        Map<String, Integer> statuses = new TreeMap<>();
        for (Map.Entry<String, CliProcess> e : byCase.entrySet()) {
            statuses.put(e.getKey(), e.getValue().await(Duration.ofMinutes(15)));
        }
        Duration wall = Duration.between(start, Instant.now());

        Set<String> jobIds = new HashSet<>();
        for (Map.Entry<String, CliProcess> e : byCase.entrySet()) {
            String name = e.getKey();
            assertThat(statuses.get(name)).as(name + ":\n" + e.getValue().all()).isZero();
            assertThat(e.getValue().out()).as(name).contains("## " + name + ": PASS (exit 0)");
            Path caseDir = workspace.resolve("disagg_logs").resolve(name);
            assertComplete(caseDir, name);
            jobIds.add(Files.readString(caseDir.resolve("job_id")).strip());
        }
        assertThat(jobIds).as("one job per case").hasSize(CASES);
        assertThat(SharedCluster.queuedJobs()).doesNotContainAnyElementsOf(jobIds);

        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        CallFigures figures = CallFigures.of(lines);
        System.out.printf("LOAD: %d cases in %d s; %s%n", CASES, wall.toSeconds(), figures);
        assertThat(figures.followers()).as("one traced process per case").isEqualTo(CASES);
        for (Map.Entry<String, CliProcess> e : byCase.entrySet()) {
            assertFewCalls(e.getKey(), e.getValue(), lines);
        }
    }

    @Test
    void oneProcessFollowingTwentyCasesAsksAboutAllOfThemInEachCall() throws Exception {
        Path workspace = dir.resolve("ws-batched");
        Path trace = Files.createDirectories(Path.of(System.getProperty("basedir", ".")).resolve("target/load-e2e"))
                .resolve("slurm-calls-batched.txt");
        Files.deleteIfExists(trace);
        Path caseFile = FaultCases.twoGpusPerNode(dir);
        List<String> waitArgs = new ArrayList<>(List.of("wait"));
        List<CliProcess> submits = new ArrayList<>();
        for (int i = 1; i <= CASES; i++) {
            String name = String.format("batch-%02d", i);
            CliProcess submit = CliProcess.start(dir, "submit-" + name, Map.of(), "submit", "--config", caseFile.toString(),
                    "--cluster", "local", "--workspace", workspace.toString(), "--case-name", name);
            runs.add(submit);
            submits.add(submit);
            waitArgs.addAll(List.of("--case-dir", workspace.resolve("disagg_logs").resolve(name).toString()));
        }
        for (CliProcess submit : submits) {
            assertThat(submit.await(Duration.ofMinutes(15))).as(submit.all()).isZero();
        }
        Instant start = Instant.now();
        CliProcess follower = CliProcess.start(dir, "wait-all", Map.of("DISAGG_SLURM_TRACE", trace.toString()),
                waitArgs.toArray(String[]::new));
        runs.add(follower);

        assertThat(follower.await(Duration.ofMinutes(30))).as(follower.all()).isZero();
        Duration wall = Duration.between(start, Instant.now());
        for (int i = 1; i <= CASES; i++) {
            Path caseDir = workspace.resolve("disagg_logs").resolve(String.format("batch-%02d", i));
            assertThat(Files.readString(caseDir.resolve("job_state.json"))).contains("\"COMPLETED\"");
            assertThat(caseDir.resolve("job_end")).as("the job script's end marker").isNotEmptyFile();
        }
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        long squeue = lines.stream().filter(l -> l.contains(" squeue ")).count();
        long oneJob = lines.size() - squeue;
        double minutes = Math.max(wall.toMillis() / 60_000.0, 1.0);
        System.out.printf("LOAD: one follower of %d cases for %d s: %d SLURM calls (%d squeue for all, %d for one ended job);"
                + " %.2f calls per case per minute%n", CASES, wall.toSeconds(), lines.size(), squeue, oneJob,
                lines.size() / minutes / CASES);
        assertThat(lines).as("every squeue names several jobs").filteredOn(l -> l.contains(" squeue "))
                .allSatisfy(l -> assertThat(l).containsPattern("-j [0-9]+,[0-9]+"));
        // only a job that did not end COMPLETED is read once more, for its exit code; the rest is shared
        assertThat(oneJob).isLessThanOrEqualTo(2L * CASES);
        assertThat(lines.size() / minutes / CASES).as("calls per case per minute").isLessThanOrEqualTo(2.0);
    }

    /**
     * The watch policy's promise (WatchPolicy.defaults()): SLURM is the safety net, asked every 30 s
     * while the job runs and from 10 s doubling to 2 min while it is pending; a changed job log
     * brings a call forward to no sooner than 10 s after the last; the end marker brings a few quick
     * ones. So in steady state (the case's life without its first and last 15 s) at most 2 calls a
     * minute, plus one per 10 s while the job's log changes: at most 6 in any minute of it.
     */
    private static void assertFewCalls(String name, CliProcess run, List<String> trace) {
        List<Instant> calls = trace.stream().filter(l -> l.contains(" pid=" + run.pid() + " "))
                .map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
        Instant from = calls.get(0).plusSeconds(15);
        Instant to = calls.get(calls.size() - 1).minusSeconds(15);
        List<Instant> steady = calls.stream().filter(c -> c.isAfter(from) && c.isBefore(to)).toList();
        for (int i = 0; i < steady.size(); i++) {
            Instant start = steady.get(i);
            long inMinute = steady.stream().filter(c -> !c.isBefore(start) && c.isBefore(start.plusSeconds(60))).count();
            assertThat(inMinute).as(name + ": SLURM calls in the minute from " + start + " (all: " + calls + ")")
                    .isLessThanOrEqualTo(6);
        }
        // and over the whole life: sbatch, the first answers, the end's confirmation, 2 a minute
        long minutes = Duration.between(calls.get(0), calls.get(calls.size() - 1)).toMinutes() + 1;
        assertThat(calls.size()).as(name + ": SLURM calls over " + minutes + " min: " + calls)
                .isLessThanOrEqualTo(12 + 6 * (int) minutes);
    }

    /** Every file a passing case leaves, and no mention of another case's directory in any of them. */
    private static void assertComplete(Path caseDir, String name) throws IOException {
        for (String file : CASE_FILES) {
            String path = file.replace("TOD/", "disagg-e2e-" + caseDir.getFileName() + "/");
            assertThat(caseDir.resolve(path)).as(name + ": " + path).isNotEmptyFile();
        }
        JsonNode result = new ObjectMapper().readTree(caseDir.resolve("result.json").toFile());
        assertThat(result.get("caseName").asText()).isEqualTo(name);
        assertThat(result.get("verdict").asText()).isEqualTo("PASS");
        try (Stream<Path> files = Files.walk(caseDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher m = CASE_PATH.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                while (m.find()) {
                    assertThat(m.group(1)).as(caseDir.relativize(file) + " names a case directory").isEqualTo(name);
                }
            }
        }
        // The coordinator talks to this case's own workers, whatever ports the others got.
        Path tod = caseDir.resolve("disagg-e2e-" + caseDir.getFileName());
        String serverConfig = Files.readString(tod.resolve("server_config.0.yaml"));
        assertThat(serverConfig).contains(Files.readString(tod.resolve("hostnames-local-0/GEN_0.txt")).strip())
                .contains(Files.readString(tod.resolve("hostnames-local-0/CTX_0.txt")).strip());
    }

    /**
     * SLURM calls per follower, from the trace: each {@code disagg run} is one process id, its rate
     * is its calls over the time from its first call (sbatch) to its last.
     */
    record CallFigures(int followers, int calls, double meanPerCaseMinute, double maxPerCaseMinute, int peakPerMinute,
                       Map<String, Long> byCommand) {

        static CallFigures of(List<String> lines) {
            Map<String, List<Instant>> byPid = new TreeMap<>();
            Map<String, Long> byCommand = new TreeMap<>();
            List<Instant> all = new ArrayList<>();
            for (String line : lines) {
                String[] words = line.split(" ");
                Instant at = Instant.parse(words[0]);
                byPid.computeIfAbsent(words[1], k -> new ArrayList<>()).add(at);
                byCommand.merge(words[2].equals("scontrol") ? "scontrol " + words[3] : words[2], 1L, Long::sum);
                all.add(at);
            }
            List<Double> rates = byPid.values().stream().map(CallFigures::perMinute).toList();
            all.sort(null);
            int peak = 0;
            for (int i = 0, j = 0; i < all.size(); i++) {
                while (Duration.between(all.get(j), all.get(i)).compareTo(Duration.ofMinutes(1)) >= 0) {
                    j++;
                }
                peak = Math.max(peak, i - j + 1);
            }
            return new CallFigures(byPid.size(), lines.size(),
                    rates.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                    rates.stream().mapToDouble(Double::doubleValue).max().orElse(0), peak, byCommand);
        }

        private static double perMinute(List<Instant> calls) {
            double minutes = Duration.between(calls.get(0), calls.get(calls.size() - 1)).toMillis() / 60_000.0;
            // a follower that lived less than a minute made all its calls within that minute
            return calls.size() / Math.max(minutes, 1.0);
        }

        @Override
        public String toString() {
            return String.format("%d SLURM calls by %d followers (%s); per case per minute: mean %.1f, max %.1f;"
                            + " all cases together: at most %d in any minute", calls, followers,
                    byCommand.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                    meanPerCaseMinute, maxPerCaseMinute, peakPerMinute);
        }
    }
}
