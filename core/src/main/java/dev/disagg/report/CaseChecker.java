package dev.disagg.report;

import dev.disagg.history.HistoryRecord;
import dev.disagg.history.HistorySettings;
import dev.disagg.io.AtomicFiles;
import dev.disagg.io.TextLines;
import dev.disagg.perf.Baseline;
import dev.disagg.perf.BaselineCsv;
import dev.disagg.perf.BaselineFiles;
import dev.disagg.perf.HistoryReference;
import dev.disagg.perf.PerfCheck;
import dev.disagg.perf.PerfCheckResult;
import dev.disagg.perf.SkipDecision;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.results.BenchmarkLog;
import dev.disagg.results.BenchmarkLogParser;
import dev.disagg.results.BenchmarkValidator;
import dev.disagg.results.ConcurrencyResult;
import dev.disagg.results.PerfCsv;
import dev.disagg.secret.Redactor;
import dev.disagg.verdict.FinalVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a case directory after its job ended: reads the benchmark output, decides whether the
 * test passed, runs the perf check and writes failure.json (when the job recorded a failure),
 * perf_script_test_results.csv, results.xml, summary.md, report.html and result.json into the directory. No SLURM needed.
 */
public final class CaseChecker {
    private CaseChecker() {
    }

    /**
     * @throws dev.disagg.perf.InvalidInputException for a bad baseline file, SKIP_PERF_CHECK value
     *     or plan.json; nothing is written then
     */
    public static CaseOutcome check(Path caseDir, CheckOptions options) {
        SkipDecision skip = SkipPerfCheck.resolve(options.skipPerfCheck(), options.skipPerfCheckEnv());
        Optional<Baseline> baseline = skip.skip() || !options.reference().usesBaseline() ? Optional.empty()
                : options.baseline().map(BaselineFiles::load);
        Path dir = caseDir.toAbsolutePath().normalize();
        Run run = readRun(dir, options.redactor().withNames(CaseFiles.secretNames(dir)));
        CaseReport report = evaluate(run, baseline, skip, options);
        if (FailureJson.fromRecord(dir).isPresent()) {
            // the job recorded why it gave up: failure.json, masked, for people and tools reading the case directory
            run.inputs().failure().ifPresent(failure -> FailureJson.write(dir, failure));
        }
        write(report.caseDir(), report);
        return new CaseOutcome(report.caseName(), report.jobId(), report.decision().verdict(), report.decision().exitCode(),
                report.decision().testExitCode(), report.perf(), report.caseDir(), report.test().passed() ? Optional.empty()
                : Optional.of(report.test().message()), report.benchmark().results(), SummaryMarkdown.render(report));
    }

    /** A finished run as read from its case directory: the benchmark's results and whether the test passed. */
    public record Run(CaseInputs inputs, BenchmarkLog benchmark, TestOutcome test) {
    }

    /** The line upstream's gen_only BENCHMARK appends to each client log (test_perf_sanity.py@0452cf0c). */
    static final String GEN_ONLY_METRIC = "Average Per Iter Device Step Time (ms):";

    /** Reads a case directory and decides whether its test passed; writes nothing. */
    public static Run readRun(Path caseDir) {
        return readRun(caseDir, Redactor.assignmentsOnly());
    }

    /** The same, with secrets masked in the log lines it keeps (which the reports quote). */
    public static Run readRun(Path caseDir, Redactor redactor) {
        CaseInputs inputs = CaseFiles.read(caseDir).redacted(redactor);
        List<String> invalid = new ArrayList<>();
        BenchmarkLog log = parse(inputs.benchmarkLogs(), inputs.plannedConcurrencies(), invalid);
        if (!inputs.benchmarkMode().equals("e2e")) {
            // upstream's gen_only appends the gen workers' device step time to each client log and fails without it
            inputs.benchmarkLogs().forEach((name, lines) -> {
                if (!anyMatch(lines, l -> l.contains(GEN_ONLY_METRIC))) {
                    invalid.add("benchmark.mode " + inputs.benchmarkMode() + ": no '" + GEN_ONLY_METRIC + "' in " + name
                            + " (the gen workers' device step time; see gen_server_<i>.log)");
                }
            });
        }
        if (inputs.benchmarkLogs().isEmpty()) {
            invalid.add("no benchmark client log (" + CaseFiles.CLIENT_LOGS + ") found: the benchmark did not run"
                    + " or wrote nothing (its own output: " + CaseFiles.BENCHMARK_LOG + ")");
        }
        TestOutcome test = TestOutcomes.classify(inputs, invalid, name -> hasErrorLine(inputs.caseDir().resolve(name)));
        return new Run(inputs, log, test);
    }

    /**
     * Each client log on its own, so a reason names its file and line: log k holds the k-th planned concurrency
     * (test_perf_sanity.py@0452cf0c runs one client per concurrency, in order). The results together, in order.
     */
    private static BenchmarkLog parse(java.util.Map<String, Iterable<String>> logs, List<Integer> planned, List<String> invalid) {
        java.util.Map<Integer, dev.disagg.results.ConcurrencyResult> results = new java.util.TreeMap<>();
        List<dev.disagg.results.LogProblem> problems = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        logs.forEach((name, lines) -> {
            int k = CaseFiles.clientIndex(name);
            seen.add(k);
            BenchmarkLog one = BenchmarkLogParser.parse(name, lines);
            invalid.addAll(BenchmarkValidator.invalidReasons(one, k < planned.size() ? List.of(planned.get(k)) : List.of()));
            one.results().forEach(r -> results.putIfAbsent(r.concurrency(), r));
            problems.addAll(one.problems());
        });
        if (!logs.isEmpty()) {
            for (int k = 0; k < planned.size(); k++) {
                if (!seen.contains(k) && !results.containsKey(planned.get(k))) {
                    invalid.add("concurrency " + planned.get(k) + ": no client log trtllm-benchmark.0." + k + ".log");
                }
            }
        }
        String source = logs.size() == 1 ? logs.keySet().iterator().next() : CaseFiles.CLIENT_LOGS;
        return new BenchmarkLog(source, List.copyOf(results.values()), problems);
    }

    /** Everything the reports need, decided from the run. */
    private static CaseReport evaluate(Run run, Optional<Baseline> baseline, SkipDecision skip, CheckOptions options) {
        CaseInputs inputs = run.inputs();
        Baseline.Selection selection = baseline.map(b -> b.select(inputs.caseName(), options.gpuType()))
                .orElseGet(() -> Baseline.Selection.none("no baseline file given (--baseline)"));
        Optional<HistoryReference> history = options.reference().usesHistory() && !skip.skip()
                ? options.history().map(h -> pastRuns(h, inputs.caseName(), inputs.jobId()))
                : options.history().map(h -> new HistoryReference(h.store().describe(), h.policy(), List.of()));
        PerfCheckResult perf = PerfCheck.judge(run.benchmark().results(), options.reference(), selection, history, skip,
                options.missingBaseline());
        FinalVerdict.Decision decision = FinalVerdict.decide(run.test().exitCode(), perf.status(), options.missingBaseline());
        // the trend shows the last runs whatever their verdict (failed ones drawn hollow), oldest first
        Optional<List<HistoryRecord>> trend = options.history().map(h -> {
            List<HistoryRecord> recent = new ArrayList<>(h.store().recent(inputs.caseName(), h.gpuKey(), h.policy().runs(),
                    r -> inputs.jobId().isEmpty() || !r.jobId().equals(inputs.jobId())));
            java.util.Collections.reverse(recent);
            return recent;
        });
        return new CaseReport(inputs.caseName(), inputs.jobId(), inputs.caseDir(), options.gpuType(), inputs.jobState(),
                run.benchmark(), run.test(), perf, decision, inputs.notes(), inputs.steps(), trend);
    }

    /** The case's last passing runs on its GPU key, not counting an earlier check of this same job. */
    static HistoryReference pastRuns(HistorySettings h, String caseName, Optional<String> jobId) {
        List<HistoryRecord> runs = h.store().recent(caseName, h.gpuKey(), h.policy().runs(),
                r -> r.passing() && (jobId.isEmpty() || !r.jobId().equals(jobId)));
        return new HistoryReference(h.store().describe(), h.policy(), runs);
    }

    private static void write(Path dir, CaseReport r) {
        List<ConcurrencyResult> results = r.benchmark().results();
        AtomicFiles.write(dir.resolve(PerfCsv.FILE_NAME), PerfCsv.render(r.caseName(), r.gpuType(), results, (c, m) ->
                r.perf().comparisons().stream()
                        .filter(p -> p.concurrency() == c && p.metric() == m)
                        .flatMap(p -> p.baseline().stream())
                        .findFirst()
                        .map(b -> new PerfCsv.Threshold(BaselineCsv.signedThreshold(b), b.absoluteTolerance()))));
        AtomicFiles.write(dir.resolve(JUnitXml.FILE_NAME), PytestJUnit.merge(JUnitXml.render(r), dir.resolve(dev.disagg.plan.CaseLayout.JUNIT_DIR)));
        AtomicFiles.write(dir.resolve(SummaryMarkdown.FILE_NAME), SummaryMarkdown.render(r));
        AtomicFiles.write(dir.resolve(HtmlReport.FILE_NAME), HtmlReport.render(r));
        AtomicFiles.write(dir.resolve(ResultJson.FILE_NAME), ResultJson.render(r));
    }

    /** Whether a line matches, reading a streamed log no further than the first that does. */
    private static boolean anyMatch(Iterable<String> lines, java.util.function.Predicate<String> test) {
        if (lines instanceof TextLines streamed) {
            return streamed.anyMatch(test);
        }
        for (String line : lines) {
            if (test.test(line)) {
                return true;
            }
        }
        return false;
    }

    /** Streams the log (it may be large, with lines of any length) and stops at the first error line. */
    private static boolean hasErrorLine(Path log) {
        return TextLines.of(log).anyMatch(LogGuide::isErrorLine);
    }
}
