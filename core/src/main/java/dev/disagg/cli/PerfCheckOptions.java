package dev.disagg.cli;

import dev.disagg.history.DirectoryHistoryStore;
import dev.disagg.history.HistoryPolicy;
import dev.disagg.history.HistoryRecord;
import dev.disagg.history.HistorySettings;
import dev.disagg.perf.InvalidInputException;
import dev.disagg.perf.PerfReference;
import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.SkipPerfCheck;
import dev.disagg.report.CheckOptions;
import dev.disagg.secret.Redactor;
import dev.disagg.verdict.VerdictException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The perf-check options shared by {@code check} and {@code run}. */
final class PerfCheckOptions {
    @Option(names = "--baseline", paramLabel = "FILE", description = "Baseline file: readable .yaml/.yml or upstream's base .csv.")
    Path baseline;

    @Option(names = "--gpu-type", paramLabel = "TYPE", description = "Use the baseline entries for this GPU type (default: entries without one).")
    String gpuType;

    @Option(names = "--skip-perf-check", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Skip the perf check. Wins over the SKIP_PERF_CHECK environment variable; default false.")
    Boolean skipPerfCheck;

    @Option(names = "--missing-baseline", paramLabel = "fail|warn|ignore",
            description = "A measured gated metric without a baseline: fail the perf check (exit 3), warn (default), or ignore."
                    + " Every policy lists such metrics in the reports.")
    String missingBaseline;

    @Option(names = "--perf-reference", paramLabel = "baseline|history|both",
            description = "Judge the metrics against the baseline file (default), the last passing runs in the history, or both.")
    String perfReference;

    @Option(names = "--history", paramLabel = "DIR|none",
            description = "The history directory every checked case is added to (default: $DISAGG_HISTORY, else"
                    + " <workspace>/disagg_history); none records nothing and reads nothing.")
    String history;

    @Option(names = "--history-runs", paramLabel = "N", description = "Judge against the last N passing runs (default 10).")
    Integer historyRuns;

    @Option(names = "--history-min-runs", paramLabel = "N",
            description = "Fewer passing runs than this and a metric is not judged against the history (default 5).")
    Integer historyMinRuns;

    @Option(names = "--commit", paramLabel = "SHA", description = "The source commit being measured, for the history (default: $GIT_COMMIT).")
    String commit;

    /** Kept for scripts written before --missing-baseline; the same as --missing-baseline fail. */
    @Option(names = "--fail-on-missing-baseline", hidden = true)
    boolean failOnMissingBaseline;

    /**
     * The check options with the history: {@code workspace} is where the default history
     * directory lives, {@code profileName} the GPU key when no --gpu-type is given.
     */
    CheckOptions toCheckOptions(Map<String, String> environment, Path workspace, Optional<String> profileName) {
        PerfReference reference;
        HistoryPolicy policy;
        try {
            reference = perfReference == null ? PerfReference.BASELINE : PerfReference.parse(perfReference);
            policy = new HistoryPolicy(historyRuns == null ? HistoryPolicy.DEFAULT.runs() : historyRuns,
                    historyMinRuns == null ? Math.min(HistoryPolicy.DEFAULT.minRuns(), historyRuns == null ? HistoryPolicy.DEFAULT.runs() : historyRuns)
                            : historyMinRuns,
                    HistoryPolicy.DEFAULT.spreads(), HistoryPolicy.DEFAULT.minTolerance());
        } catch (InvalidInputException e) {
            throw VerdictException.invalid(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw VerdictException.invalid("--history-runs/--history-min-runs: " + e.getMessage());
        }
        Optional<HistorySettings> settings = historyDir(environment, workspace).map(dir -> new HistorySettings(
                new DirectoryHistoryStore(dir), policy, gpuKey(profileName, environment), commit(environment)));
        if (reference.usesHistory() && settings.isEmpty()) {
            throw VerdictException.invalid("--perf-reference " + reference.key() + " needs a history; --history none turned it off");
        }
        return toCheckOptions(environment).withHistory(reference, settings);
    }

    private Optional<Path> historyDir(Map<String, String> environment, Path workspace) {
        String given = history != null ? history : environment.get("DISAGG_HISTORY");
        if (given == null || given.isBlank()) {
            return Optional.of(workspace.resolve(HISTORY_DIR));
        }
        return given.strip().equals("none") ? Optional.empty() : Optional.of(Path.of(given.strip()));
    }

    private String gpuKey(Optional<String> profileName, Map<String, String> environment) {
        return Optional.ofNullable(gpuType).filter(g -> !g.isBlank())
                .or(() -> profileName.filter(p -> !p.isBlank()))
                .or(() -> Optional.ofNullable(environment.get("DISAGG_CLUSTER")).filter(p -> !p.isBlank()))
                .orElse(HistoryRecord.UNKNOWN_GPU).strip();
    }

    private Optional<String> commit(Map<String, String> environment) {
        return Optional.ofNullable(commit).or(() -> Optional.ofNullable(environment.get("GIT_COMMIT")))
                .map(String::strip).filter(c -> !c.isEmpty());
    }

    /** The history's default directory name, under the workspace. */
    static final String HISTORY_DIR = "disagg_history";

    /** The workspace a case directory belongs to: the parent of its {@code disagg_logs}, else the directory holding it. */
    static Path workspaceOf(Path caseDir) {
        Path abs = caseDir.toAbsolutePath().normalize();
        Path parent = abs.getParent() == null ? abs : abs.getParent();
        if (parent.getFileName() != null && parent.getFileName().toString().equals("disagg_logs") && parent.getParent() != null) {
            return parent.getParent();
        }
        return parent;
    }

    CheckOptions toCheckOptions(Map<String, String> environment) {
        return new CheckOptions(Optional.ofNullable(baseline), Optional.ofNullable(gpuType).filter(g -> !g.isBlank()),
                Optional.ofNullable(skipPerfCheck), Optional.ofNullable(environment.get(SkipPerfCheck.VARIABLE)),
                missingBaselinePolicy(), Redactor.fromEnvironment(environment));
    }

    private MissingBaselinePolicy missingBaselinePolicy() {
        if (failOnMissingBaseline && missingBaseline != null) {
            throw VerdictException.invalid("give --missing-baseline " + missingBaseline + " or --fail-on-missing-baseline (its old name for"
                    + " --missing-baseline fail), not both");
        }
        if (failOnMissingBaseline) {
            return MissingBaselinePolicy.FAIL;
        }
        try {
            return missingBaseline == null ? MissingBaselinePolicy.DEFAULT : MissingBaselinePolicy.parse(missingBaseline);
        } catch (InvalidInputException e) {
            throw VerdictException.invalid(e.getMessage());
        }
    }
}
