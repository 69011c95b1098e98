package dev.disagg.cli;

import dev.disagg.io.FileLock;
import dev.disagg.perf.Baseline;
import dev.disagg.perf.BaselineEntry;
import dev.disagg.perf.BaselineFiles;
import dev.disagg.perf.BaselineFormat;
import dev.disagg.perf.BaselineMerge;
import dev.disagg.perf.InvalidInputException;
import dev.disagg.io.AtomicFiles;
import dev.disagg.report.CaseChecker;
import dev.disagg.results.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code disagg baseline}: perf baseline files. */
@Command(
        name = "baseline",
        mixinStandardHelpOptions = true,
        description = "Manage perf baseline files.",
        subcommands = {BaselineCommand.Update.class})
public final class BaselineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say which one (disagg baseline update)");
    }

    /** {@code disagg baseline update}: records a passed run's values as the new baseline. */
    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                    "Write the values a passed run measured as baseline entries. Entries of other cases, GPU types,"
                            + " concurrencies and metrics are kept. Writes a new file (--output), or updates --baseline"
                            + " in place only with --in-place."
            })
    static final class Update implements Callable<Integer> {
        /** A merge takes well under a second; a lock held longer belongs to a stuck update. */
        private static final Duration LOCK_WAIT = Duration.ofSeconds(120);

        @Spec
        CommandSpec spec;

        @Option(names = "--case-dir", required = true, paramLabel = "DIR", description = "The case directory of a passed run.")
        Path caseDir;

        @Option(names = "--baseline", paramLabel = "FILE", description = "The existing baseline to start from (.yaml/.yml or .csv).")
        Path baseline;

        @Option(names = "--output", paramLabel = "FILE", description = "The new baseline file to write (must not exist).")
        Path output;

        @Option(names = "--in-place", description = "Update the --baseline file itself.")
        boolean inPlace;

        @Option(names = "--gpu-type", paramLabel = "TYPE", description = "Record the entries for this GPU type (default: any GPU type).")
        String gpuType;

        @Option(names = "--tolerance", paramLabel = "T", defaultValue = "5%",
                description = "Tolerance of new entries: a fraction (0.05) or a percentage (5%%); default ${DEFAULT-VALUE}."
                        + " Existing entries keep theirs.")
        String tolerance;

        @Option(names = "--metric", paramLabel = "KEY", description = "A metric to record (repeatable). Default: the metrics the case's"
                + " entries already have, else output_throughput, total_throughput, median_ttft, median_e2el.")
        List<String> metrics = new ArrayList<>();

        @Override
        public Integer call() {
            try {
                return update();
            } catch (InvalidInputException e) {
                throw new UserError(e.getMessage());
            }
        }

        private int update() {
            Path target = target();
            double tol = BaselineEntry.parseTolerance(tolerance);
            List<Metric> chosen = new ArrayList<>();
            for (String key : metrics) {
                chosen.add(Metric.byKey(key).orElseThrow(() -> new UserError("unknown metric '" + key + "'; expected one of " + Metric.keys())));
            }
            CaseChecker.Run run = CaseChecker.readRun(caseDir);
            if (!run.test().passed()) {
                throw new UserError("refusing to record a baseline from a failed run: " + run.test().message(), ExitCodes.TEST_FAILED);
            }
            // Read, merge and write under one lock: concurrent updates of one file each keep the others' entries.
            try (FileLock lock = FileLock.beside(target, LOCK_WAIT)) {
                Optional<Baseline> existing = Optional.ofNullable(baseline).map(BaselineFiles::load);
                List<BaselineEntry> kept = existing.map(Baseline::entries).orElse(List.of());
                Optional<String> gpu = Optional.ofNullable(gpuType).filter(g -> !g.isBlank());
                List<BaselineEntry> fresh = BaselineMerge.fromRun(run.inputs().caseName(), gpu, run.benchmark().results(), chosen, tol, kept,
                        caseDir.toString());
                if (fresh.isEmpty()) {
                    throw new UserError("the run in " + caseDir + " measured none of the chosen metrics; nothing to record");
                }
                BaselineFormat format = BaselineFormat.of(target);
                boolean sameFormat = baseline != null && BaselineFormat.of(baseline) == format;
                String text = sameFormat
                        ? format.write(target.toString(), Optional.of(BaselineFiles.text(baseline)), fresh)
                        : format.write(target.toString(), Optional.empty(), BaselineMerge.merge(kept, fresh));
                if (inPlace) {
                    AtomicFiles.write(target, text);
                } else {
                    writeNew(target, text);
                }
                long others = kept.stream().filter(k -> fresh.stream().noneMatch(k::sameKey)).count();
                spec.commandLine().getOut().printf("wrote %d baseline values for %s%s to %s (%d other entries kept)%n", fresh.size(),
                        run.inputs().caseName(), gpu.map(g -> " on " + g).orElse(""), target, others);
            } catch (IOException e) {
                throw new UserError("cannot update " + target + ": " + e.getMessage(), ExitCodes.INFRA);
            }
            return ExitCodes.OK;
        }

        private static void writeNew(Path target, String text) {
            try {
                AtomicFiles.writeNew(target, text);
            } catch (FileAlreadyExistsException e) {
                throw new UserError("refusing to overwrite " + target + ": it appeared while the baseline was being written");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        /** Where to write; never a file the user did not name for overwriting. */
        private Path target() {
            if (inPlace) {
                if (baseline == null) {
                    throw new UserError("--in-place updates the --baseline FILE; give --baseline");
                }
                if (output != null) {
                    throw new UserError("give either --in-place or --output, not both");
                }
                return baseline;
            }
            if (output == null) {
                throw new UserError("say where to write: --output NEW_FILE, or --in-place to update --baseline FILE");
            }
            if (Files.exists(output)) {
                throw new UserError("refusing to overwrite " + output + ": choose a new --output file, or update it with --baseline "
                        + output + " --in-place");
            }
            return output;
        }

    }
}
