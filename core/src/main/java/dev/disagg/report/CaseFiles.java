package dev.disagg.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.slurm.JobIdFile;
import dev.disagg.io.InputFiles;
import dev.disagg.io.TextLines;
import dev.disagg.perf.InvalidInputException;
import dev.disagg.plan.CaseLayout;
import dev.disagg.plan.CaseNames;
import dev.disagg.plan.PlanException;
import dev.disagg.plan.PlanJson;
import dev.disagg.slurm.JobStateFile;
import dev.disagg.slurm.JobId;
import dev.disagg.slurm.JobStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** Reads the files a case directory holds after its job ended (layout: docs/design.md). */
public final class CaseFiles {
    public static final String PLAN = CaseLayout.PLAN;
    public static final String BENCHMARK_LOG = CaseLayout.BENCHMARK_LOG;
    public static final String FAILURE = CaseLayout.FAILURE;
    public static final String JOB_STATE = CaseLayout.JOB_STATE;
    public static final String JOB_ID = CaseLayout.JOB_ID;
    private static final ObjectMapper JSON = new ObjectMapper();
    // The tool writes these files itself; far larger ones are not its own.
    private static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    private static final int MAX_STEPS = 1000;

    private CaseFiles() {
    }

    public static CaseInputs read(Path caseDir) {
        if (!Files.isDirectory(caseDir)) {
            throw new InvalidInputException(caseDir + ": not a directory; expected a case directory (disagg_logs/<case name>/)");
        }
        List<String> notes = new ArrayList<>();
        Path plan = caseDir.resolve(PLAN);
        Path dirName = caseDir.toAbsolutePath().normalize().getFileName();
        if (dirName == null) {
            throw new InvalidInputException(caseDir + ": the file system root is not a case directory;"
                    + " expected a case directory (disagg_logs/<case name>/)");
        }
        String caseName = dirName.toString();
        List<Integer> concurrencies = List.of();
        Optional<Path> testOutputDir = Optional.empty();
        String mode = "e2e";
        if (Files.isRegularFile(plan)) {
            PlanJson.Written written;
            try {
                written = PlanJson.read(plan);
            } catch (PlanJson.NotAPlanException e) {
                throw new InvalidInputException(e.getMessage());
            }
            Optional<String> name = written.caseName().filter(n -> !n.isBlank());
            if (name.isPresent() && validName(name.get())) {
                caseName = name.get();
            } else if (name.isPresent()) {
                notes.add(PLAN + "'s caseName is not a valid case name; using the directory name");
            } else {
                notes.add(PLAN + " has no caseName; using the directory name");
            }
            concurrencies = written.concurrency();
            mode = written.mode();
            if (!mode.equals("e2e") && concurrencies.size() > 1) {
                // upstream's gen_only runs its first concurrency only (test_perf_sanity.py@0452cf0c)
                concurrencies = List.of(concurrencies.get(0));
                notes.add("benchmark.mode " + mode + ": only the first concurrency runs, as upstream's test does");
            }
            Optional<String> todName = written.testOutputDir().flatMap(CaseFiles::childName);
            if (todName.isPresent()) {
                // The case directory may have moved since (an archive): TOD is the same child of it.
                testOutputDir = Optional.of(caseDir.resolve(todName.get()));
            } else if (written.testOutputDir().isPresent()) {
                notes.add(PLAN + "'s layout.testOutputDir names no directory; looking for the benchmark logs in every subdirectory");
            }
        } else {
            notes.add("no " + PLAN + ": case name from the directory, concurrencies from the benchmark logs");
        }
        Optional<JobStatus> jobState = JobStateFile.read(caseDir);
        if (jobState.isEmpty()) {
            notes.add("no " + JOB_STATE + ": the job's final state is unknown");
        }
        Optional<String> jobId = jobState.map(s -> s.jobId().value()).or(() -> recordedJob(caseDir));
        List<Path> clientLogs = clientLogs(testOutputDir.map(List::of).orElseGet(() -> subdirectories(caseDir)));
        java.util.Map<String, Iterable<String>> benchmark = new java.util.LinkedHashMap<>();
        clientLogs.forEach(log -> benchmark.put(caseDir.relativize(log).toString(), TextLines.of(log)));
        return new CaseInputs(caseDir, caseName, jobId, concurrencies, jobState,
                FailureJson.fromRecord(caseDir).or(() -> failure(caseDir.resolve(FAILURE))),
                benchmark, mode, steps(caseDir.resolve(CaseLayout.STEP_STATUS)), logFiles(caseDir), notes);
    }

    /** The cluster's rule for secret names as plan.json records it (the profile's); the built-in rule without one. */
    public static dev.disagg.secret.SecretNames secretNames(Path caseDir) {
        Path plan = caseDir.resolve(PLAN);
        Optional<JsonNode> names = Files.isRegularFile(plan) ? json(plan).map(r -> r.path("secretNames")) : Optional.empty();
        return names.map(n -> dev.disagg.secret.SecretNames.of(texts(n.path("added")), texts(n.path("exempt"))))
                .orElse(dev.disagg.secret.SecretNames.DEFAULT);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** How the reports name upstream's benchmark client logs when there is none. */
    public static final String CLIENT_LOGS = "trtllm-benchmark.0.<k>.log";
    private static final java.util.regex.Pattern CLIENT_LOG = java.util.regex.Pattern.compile("trtllm-benchmark\\.0\\.([0-9]{1,9})\\.log");

    /**
     * Upstream's benchmark client logs, {@code TOD/trtllm-benchmark.0.<k>.log}, in client order, from the first
     * of the given directories that holds any (test_perf_sanity.py@0452cf0c writes one per concurrency there).
     */
    private static List<Path> clientLogs(List<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> logs = files.filter(f -> CLIENT_LOG.matcher(f.getFileName().toString()).matches())
                        .filter(Files::isRegularFile)
                        .sorted(java.util.Comparator.comparingInt(f -> clientIndex(f)))
                        .toList();
                if (!logs.isEmpty()) {
                    return logs;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return List.of();
    }

    private static int clientIndex(Path log) {
        return clientIndex(log.getFileName().toString());
    }

    /** k of a {@code trtllm-benchmark.0.<k>.log} path. */
    static int clientIndex(String path) {
        java.util.regex.Matcher m = CLIENT_LOG.matcher(Path.of(path).getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    /** The job script's {@code role<TAB>status<TAB>how[<TAB>time<TAB>log]} lines; any other line is left out. */
    private static List<StepStatus> steps(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<StepStatus> steps = new ArrayList<>();
        for (String line : TextLines.of(file)) {
            if (steps.size() == MAX_STEPS) {
                break; // a job has a handful of steps; a longer file is not the job script's
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 3 || !fields[0].matches("[A-Z_0-9]{1,40}") || !fields[2].matches("ended|stopped|killed")) {
                continue;
            }
            OptionalInt status = fields[1].matches("[0-9]{1,3}") ? OptionalInt.of(Integer.parseInt(fields[1])) : OptionalInt.empty();
            steps.add(new StepStatus(fields[0], status, fields[2]));
        }
        return steps;
    }

    private static List<Path> subdirectories(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The last name of a path from plan.json, when it can name a child of the case directory (not '.', '..', '/'). */
    private static Optional<String> childName(String path) {
        try {
            Path name = Path.of(path).getFileName();
            return Optional.ofNullable(name).map(Path::toString).filter(n -> !n.isEmpty() && !n.equals(".") && !n.equals(".."));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A name the planner would accept; only such a name reaches the reports (a lone surrogate cannot be written). */
    private static boolean validName(String name) {
        try {
            CaseNames.check(name);
            return true;
        } catch (PlanException e) {
            return false;
        }
    }

    private static Optional<FailureRecord> failure(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<JsonNode> root = json(file);
        if (root.isEmpty()) {
            return Optional.of(new FailureRecord("a role", OptionalInt.empty(), Optional.empty(), Optional.empty(),
                    List.of(FAILURE + " exists but is not valid JSON"), Optional.empty(), List.of()));
        }
        JsonNode n = root.get();
        List<String> last = new ArrayList<>();
        n.path("lastLines").forEach(l -> last.add(l.asText()));
        List<String> still = new ArrayList<>();
        n.path("stillRunning").forEach(l -> still.add(l.asText()));
        return Optional.of(new FailureRecord(textField(n, "role").orElse("a role"), intField(n, "exitCode"),
                textField(n, "signal"), textField(n, "log").or(() -> textField(n, "logFile")), last,
                textField(n, "message"), still));
    }

    private static List<String> logFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<JsonNode> json(Path file) {
        try {
            return Optional.ofNullable(JSON.readTree(InputFiles.read(file, MAX_JSON_BYTES))).filter(JsonNode::isObject);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (InputFiles.RefusedException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The job id recorded at submission ({@link JobIdFile#find}); empty when there is none or it is not a job id. */
    private static Optional<String> recordedJob(Path caseDir) {
        Path file = caseDir.resolve(JOB_ID);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return JobIdFile.find(caseDir).map(JobId::value);
        } catch (IllegalArgumentException notAJobId) {
            return Optional.empty();
        } catch (InputFiles.RefusedException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> textField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static OptionalInt intField(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return OptionalInt.empty();
        }
        if (v.canConvertToInt()) {
            return OptionalInt.of(v.asInt());
        }
        try {
            // sacct spells it "<exit code>:<signal>"
            return OptionalInt.of(Integer.parseInt(v.asText().trim().split(":")[0]));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
