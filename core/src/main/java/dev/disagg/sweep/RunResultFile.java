package dev.disagg.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.disagg.io.AtomicFiles;
import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.SkipDecision;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.Plan;
import dev.disagg.report.CheckOptions;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import dev.disagg.slurm.JobId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run --run-result FILE}: one JSON file that says how a {@code run} (one case or a sweep)
 * ended, whatever ended it: a usage error, a case file that does not load, a refused submission,
 * a verdict, an interruption. Callers such as the Jenkins step read it instead of re-deciding
 * from exit statuses. Rewritten atomically at each stage, so a reader sees the submitted job ids
 * while the run goes on ({@code finished: false}) and can cancel them if the process is killed.
 * Format: core/docs/jenkins.md ("The run result file").
 */
public final class RunResultFile {
    public static final String FORMAT = "disagg-run-result/1";
    /** How many measured metrics without a baseline a warning names before "...". */
    static final int NAMED_METRICS = 6;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final PrintWriter err;
    private final Path cwd;
    private final Map<String, Entry> cases = new LinkedHashMap<>();
    private final List<Entry> invalid = new ArrayList<>();
    private Optional<SkipDecision> skip = Optional.empty();
    private Optional<Path> workspace = Optional.empty();
    private boolean finished;
    private final Thread interrupted;

    /** One case as the file shows it; mutable while the run goes on, guarded by the file's lock. */
    private static final class Entry {
        final String config;
        String caseName;
        Path caseDir;
        String jobId;
        String verdict;
        Integer exitCode;
        String message;
        List<String> details = List.of();
        JsonNode result;

        Entry(String config) {
            this.config = config;
        }
    }

    /**
     * @param file where the result goes (its directory is created)
     * @param err where a file that cannot be written is reported (the run's status stands)
     */
    public RunResultFile(Path file, PrintWriter err) {
        this.file = file;
        this.err = err;
        this.cwd = Path.of("").toAbsolutePath();
        // SIGINT/SIGTERM: the cancel hooks end the process; this hook says so in the file, best effort
        this.interrupted = new Thread(this::interrupted, "disagg-run-result");
        Runtime.getRuntime().addShutdownHook(interrupted);
    }

    /** A case file that did not load or plan; {@code details} are the problems it printed. */
    public synchronized void invalid(Path config, String message, List<String> details) {
        Entry e = new Entry(configName(config));
        e.verdict = Verdict.INVALID_CONFIG.name();
        e.exitCode = Verdict.INVALID_CONFIG.exitCode();
        e.message = message;
        e.details = List.copyOf(details);
        invalid.add(e);
    }

    /**
     * A case that will run: its names are known, nothing is submitted yet. Its perf check's skip
     * decision is resolved here, before any submission: a bad SKIP_PERF_CHECK is invalid input.
     */
    public synchronized void planned(Path config, Plan plan, CheckOptions check) {
        SkipDecision decision;
        try {
            decision = SkipPerfCheck.resolve(check.skipPerfCheck(), check.skipPerfCheckEnv());
        } catch (InvalidInputException e) {
            throw VerdictException.invalid(e.getMessage());
        }
        Entry e = new Entry(configName(config));
        e.caseName = plan.caseName();
        e.caseDir = plan.caseDir();
        cases.put(plan.caseName(), e);
        this.workspace = Optional.of(plan.workspace().toAbsolutePath().normalize());
        this.skip = Optional.of(decision);
    }

    /** Every planned case is known: the file shows them before the first submission. */
    public synchronized void started() {
        write();
    }

    public synchronized void submitted(String caseName, JobId id) {
        Optional.ofNullable(cases.get(caseName)).ifPresent(e -> e.jobId = id.toString());
        write();
    }

    /** A case ended (checked, or stopped before its check); returns the row for the caller's chain. */
    public synchronized SweepRow finished(SweepRow row) {
        Entry e = cases.get(row.caseName());
        if (e != null) {
            e.verdict = row.verdict();
            e.exitCode = row.exitCode();
            e.message = row.message();
            row.jobId().ifPresent(j -> e.jobId = j);
            row.caseDir().ifPresent(d -> e.caseDir = d);
            e.result = row.caseDir().flatMap(d -> checkedResult(d, row.exitCode())).orElse(null);
            if (e.result != null && e.result.path("message").isTextual()) {
                e.message = e.result.get("message").asText();
            }
            write();
        }
        return row;
    }

    /** The run ended with {@code exitCode}; {@code sweepDir} holds sweep.md etc. when it was a sweep. */
    public synchronized void done(int exitCode, String message, Optional<Path> sweepDir) {
        end(exitCode, message, sweepDir);
    }

    /** The run stopped with an error (from the CLI's error handler); cases not ended yet take its status. */
    public synchronized void failed(int exitCode, String message) {
        end(exitCode, message, Optional.empty());
    }

    private void end(int exitCode, String message, Optional<Path> sweepDir) {
        if (finished) {
            return;
        }
        for (Entry e : entries()) {
            if (e.verdict == null) {
                e.verdict = Verdict.ofExitCode(exitCode).name();
                e.exitCode = exitCode;
                e.message = message;
            }
        }
        finished = true;
        write(exitCode, message, sweepDir);
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs already and sees finished == true
        }
    }

    private synchronized void interrupted() {
        end(Verdict.ABORTED.exitCode(), "interrupted (SIGINT/SIGTERM): the jobs still followed were cancelled", Optional.empty());
    }

    private List<Entry> entries() {
        List<Entry> all = new ArrayList<>(invalid);
        all.addAll(cases.values());
        return all;
    }

    private void write() {
        write(null, null, Optional.empty());
    }

    private void write(Integer exitCode, String message, Optional<Path> sweepDir) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, render(exitCode, message, sweepDir));
        } catch (IOException | UncheckedIOException e) {
            err.println("disagg: warning: cannot write the run result " + file + ": " + e.getMessage());
            err.flush();
        }
    }

    private String render(Integer exitCode, String message, Optional<Path> sweepDir) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("finished", finished);
        root.put("exitCode", exitCode);
        root.put("verdict", exitCode == null ? null : Verdict.ofExitCode(exitCode).name());
        root.put("message", message);
        root.put("workspace", workspace.map(Path::toString).orElse(null));
        if (skip.isPresent()) {
            root.putObject("skipPerfCheck").put("skip", skip.get().skip()).put("source", skip.get().source().name())
                    .put("description", skip.get().describe());
        } else {
            root.putNull("skipPerfCheck");
        }
        if (sweepDir.isPresent()) {
            root.putObject("sweep").put("markdown", artifact(sweepDir.get().resolve(SweepReport.MARKDOWN)))
                    .put("html", artifact(sweepDir.get().resolve(SweepReport.HTML)))
                    .put("junit", artifact(sweepDir.get().resolve(SweepReport.JUNIT)));
        } else {
            root.putNull("sweep");
        }
        ArrayNode list = root.putArray("cases");
        entries().forEach(e -> render(e, list.addObject()));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("writing the run result to a string failed", e);
        }
    }

    private void render(Entry e, ObjectNode o) {
        o.put("config", e.config);
        o.put("caseName", e.caseName);
        o.put("caseDir", e.caseDir == null ? null : e.caseDir.toString());
        o.put("jobId", e.jobId);
        o.put("verdict", e.verdict);
        o.put("exitCode", e.exitCode);
        o.put("message", e.message);
        e.details.forEach(o.putArray("details")::add);
        o.put("skipPerfCheck", skip.map(SkipDecision::skip).orElse(null));
        o.set("perfCheck", e.result == null ? null : e.result.get("perfCheck"));
        o.set("metrics", e.result == null ? JSON.createObjectNode() : e.result.get("metrics"));
        ArrayNode warnings = o.putArray("warnings");
        if (e.result != null) {
            missingBaselineWarning(e.result).ifPresent(warnings::add);
        }
        ObjectNode a = o.putObject("artifacts");
        a.put("caseDir", e.caseDir == null ? null : artifact(e.caseDir));
        for (String name : List.of(CaseLayout.RESULTS_XML, CaseLayout.RESULT, CaseLayout.SUMMARY, CaseLayout.REPORT)) {
            Path p = e.caseDir == null ? null : e.caseDir.resolve(name);
            a.put(name, p != null && Files.isRegularFile(p) ? artifact(p) : null);
        }
    }

    /**
     * A passed case whose perf check ran with {@code --missing-baseline warn} and found measured
     * metrics without a baseline: a pass worth a warning (the Jenkins step marks the build UNSTABLE).
     */
    static Optional<String> missingBaselineWarning(JsonNode result) {
        JsonNode perf = result.path("perfCheck");
        JsonNode missing = perf.path("missingBaseline");
        if (!"PASS".equals(result.path("verdict").asText()) || !"warn".equals(perf.path("missingBaselinePolicy").asText())
                || !missing.isArray() || missing.isEmpty()) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        missing.forEach(m -> named.add(m.path("metric").asText() + " at concurrency " + m.path("concurrency").asText()));
        String shown = String.join(", ", named.subList(0, Math.min(NAMED_METRICS, named.size())))
                + (named.size() > NAMED_METRICS ? ", ..." : "");
        return Optional.of(named.size() + " measured metric(s) had no baseline: " + shown);
    }

    /** The case's result.json when this run's check wrote it (the case directory is fresh for each run). */
    private static Optional<JsonNode> checkedResult(Path caseDir, int exitCode) {
        Path json = caseDir.resolve(CaseLayout.RESULT);
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(json.toFile());
            return node.path("exitCode").asInt(-1) == exitCode ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Relative to the workspace when under it (what an artifact pattern needs), else absolute. */
    private String artifact(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return workspace.filter(abs::startsWith).map(w -> w.relativize(abs).toString()).orElse(abs.toString());
    }

    /** The case file as given when relative, else relative to the current directory when under it. */
    private String configName(Path config) {
        if (config == null) {
            return null;
        }
        if (!config.isAbsolute()) {
            return config.toString();
        }
        Path abs = config.normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    /** Keeps what a command prints while it also goes to {@code err}: a case file's problems for the file. */
    public static final class Capture {
        private final StringWriter kept = new StringWriter();
        private final PrintWriter writer;

        public Capture(PrintWriter err) {
            this.writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    err.write(buf, off, len);
                    kept.write(buf, off, len);
                }

                @Override
                public void flush() {
                    err.flush();
                }

                @Override
                public void close() {
                    err.flush();
                }
            }, true);
        }

        public PrintWriter writer() {
            return writer;
        }

        /** The non-empty lines printed so far. */
        public List<String> lines() {
            writer.flush();
            return kept.toString().lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
