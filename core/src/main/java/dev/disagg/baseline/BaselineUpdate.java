package dev.disagg.baseline;

import dev.disagg.io.FileLock;
import dev.disagg.perf.Baseline;
import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.BaselineFiles;
import dev.disagg.perf.BaselineFormat;
import dev.disagg.perf.BaselineMerge;
import dev.disagg.io.AtomicFiles;
import dev.disagg.report.CaseChecker;
import dev.disagg.results.Metric;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records the values a passed run measured as baseline entries ({@code disagg baseline update}).
 * Entries of other cases, GPU types, concurrencies and metrics are kept; a file is written new,
 * or updated in place only when asked to, and never a file the user did not name for that.
 *
 * @param baseline the existing baseline to start from (.yaml/.yml or .csv)
 * @param output the new file to write (must not exist), unless {@code inPlace}
 * @param tolerance of new entries: a fraction (0.05) or a percentage (5%)
 * @param metrics metric keys to record; empty: the case's entries' metrics, else the defaults
 */
public record BaselineUpdate(Path caseDir, Optional<Path> baseline, Optional<Path> output, boolean inPlace,
                             Optional<String> gpuType, String tolerance, List<String> metrics) {
    /** A merge takes well under a second; a lock held longer belongs to a stuck update. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(120);

    public BaselineUpdate {
        gpuType = gpuType.filter(g -> !g.isBlank());
        metrics = List.copyOf(metrics);
    }

    /** What was written, for the one line the command prints. */
    public record Written(Path target, String caseName, Optional<String> gpuType, int values, long othersKept) {
        public String describe() {
            return String.format("wrote %d baseline values for %s%s to %s (%d other entries kept)", values, caseName,
                    gpuType.map(g -> " on " + g).orElse(""), target, othersKept);
        }
    }

    /**
     * @throws VerdictException exit 2 for what the user can fix, 1 for a run that did not pass, 4
     *     when the file cannot be updated
     */
    public Written apply() {
        Path target = target();
        double tol = BaselineEntry.parseTolerance(tolerance);
        List<Metric> chosen = new ArrayList<>();
        for (String key : metrics) {
            chosen.add(Metric.byKey(key).orElseThrow(() -> VerdictException.invalid("unknown metric '" + key + "'; expected one of " + Metric.keys())));
        }
        CaseChecker.Run run = CaseChecker.readRun(caseDir);
        if (!run.test().passed()) {
            throw new VerdictException(Verdict.TEST_FAILED, "refusing to record a baseline from a failed run: " + run.test().message());
        }
        // Read, merge and write under one lock: concurrent updates of one file each keep the others' entries.
        try (FileLock lock = FileLock.beside(target, LOCK_WAIT)) {
            Optional<Baseline> existing = baseline.map(BaselineFiles::load);
            List<BaselineEntry> kept = existing.map(Baseline::entries).orElse(List.of());
            List<BaselineEntry> fresh = BaselineMerge.fromRun(run.inputs().caseName(), gpuType, run.benchmark().results(), chosen, tol, kept,
                    caseDir.toString());
            if (fresh.isEmpty()) {
                throw VerdictException.invalid("the run in " + caseDir + " measured none of the chosen metrics; nothing to record");
            }
            BaselineFormat format = BaselineFormat.of(target);
            boolean sameFormat = baseline.isPresent() && BaselineFormat.of(baseline.get()) == format;
            String text = sameFormat
                    ? format.write(target.toString(), Optional.of(BaselineFiles.text(baseline.get())), fresh)
                    : format.write(target.toString(), Optional.empty(), BaselineMerge.merge(kept, fresh));
            if (inPlace) {
                AtomicFiles.write(target, text);
            } else {
                writeNew(target, text);
            }
            long others = kept.stream().filter(k -> fresh.stream().noneMatch(k::sameKey)).count();
            return new Written(target, run.inputs().caseName(), gpuType, fresh.size(), others);
        } catch (IOException e) {
            throw new VerdictException(Verdict.INFRA_ERROR, "cannot update " + target + ": " + e.getMessage(), e);
        }
    }

    private static void writeNew(Path target, String text) {
        try {
            AtomicFiles.writeNew(target, text);
        } catch (FileAlreadyExistsException e) {
            throw VerdictException.invalid("refusing to overwrite " + target + ": it appeared while the baseline was being written");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where to write; never a file the user did not name for overwriting. */
    private Path target() {
        if (inPlace) {
            if (baseline.isEmpty()) {
                throw VerdictException.invalid("--in-place updates the --baseline FILE; give --baseline");
            }
            if (output.isPresent()) {
                throw VerdictException.invalid("give either --in-place or --output, not both");
            }
            return baseline.get();
        }
        if (output.isEmpty()) {
            throw VerdictException.invalid("say where to write: --output NEW_FILE, or --in-place to update --baseline FILE");
        }
        if (Files.exists(output.get())) {
            throw VerdictException.invalid("refusing to overwrite " + output.get() + ": choose a new --output file, or update it with --baseline "
                    + output.get() + " --in-place");
        }
        return output.get();
    }
}
