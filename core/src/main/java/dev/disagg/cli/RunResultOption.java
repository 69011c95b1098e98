package dev.disagg.cli;

import dev.disagg.perf.InvalidInputException;
import dev.disagg.report.CaseOutcome;
import dev.disagg.report.CheckOptions;
import dev.disagg.sweep.RunResultFile;
import dev.disagg.sweep.SweepRow;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code run --run-result FILE} (dev.disagg.sweep.RunResultFile): the glue between the
 * command, the sweep and the CLI's error handlers. Without the option every method is a no-op
 * apart from loading.
 */
final class RunResultOption {
    static final String OPTION = "--run-result";

    @Option(names = OPTION, paramLabel = "FILE",
            description = "Also write how this run ended, for every outcome (usage errors and invalid case files"
                    + " included), as one JSON file: per case its verdict, exit status, message, job, perf check,"
                    + " metrics and artifact paths (core/docs/jenkins.md). Rewritten atomically as the run goes on.")
    Path file;

    private RunResultFile recorder;

    /** The file's recorder, created on first use (its shutdown hook only when the option is given). */
    Optional<RunResultFile> recorder(PrintWriter err) {
        if (file != null && recorder == null) {
            recorder = new RunResultFile(file, err);
        }
        return Optional.ofNullable(recorder);
    }

    /** Loads a case file; one that does not load is recorded with the problems it printed. */
    CaseOptions.Loaded load(CaseOptions caseOptions, PrintWriter err) {
        RunResultFile.Capture capture = new RunResultFile.Capture(err);
        try {
            return caseOptions.load(capture.writer());
        } catch (VerdictException e) {
            recorder(err).ifPresent(r -> r.invalid(caseOptions.config == null ? CaseOptions.EMBEDDED_CASE_FILE : caseOptions.config,
                    e.getMessage(), capture.lines()));
            throw e;
        }
    }

    void planned(CaseOptions.Loaded loaded, CheckOptions check, PrintWriter err) {
        recorder(err).ifPresent(r -> r.planned(loaded.config().source(), loaded.plan(), check));
    }

    /** Every case of the run is planned: the file lists them before the first submission. */
    void started(PrintWriter err) {
        recorder(err).ifPresent(RunResultFile::started);
    }

    /** The one case of a plain {@code run}, checked. */
    void finished(CaseOutcome o, PrintWriter err) {
        recorder(err).ifPresent(r -> {
            r.finished(new SweepRow(o.caseName(), Optional.of(o.caseDir()), o.verdict().name(), o.exitCode(), o.jobId(),
                    o.failureMessage().orElse(""), o.metrics()));
            r.done(o.exitCode(), "case " + o.caseName() + ": " + o.verdict(), Optional.empty());
        });
    }

    /** From the execution error handler: the run stopped with {@code status}. */
    static void failed(CommandLine cmd, int status, Exception ex) {
        if (cmd.getCommand() instanceof RunCommand run) {
            run.runResult.recorder(cmd.getErr()).ifPresent(r -> r.failed(status, message(ex)));
        }
    }

    /**
     * From the parameter error handler: {@code run}'s arguments did not parse. The file comes from
     * the raw arguments, as the option itself may not have been parsed yet.
     */
    static void usageError(CommandLine cmd, String[] args, String message) {
        if (!(cmd.getCommand() instanceof RunCommand)) {
            return;
        }
        for (int i = 0; i < args.length; i++) {
            String file = args[i].equals(OPTION) && i + 1 < args.length ? args[i + 1]
                    : args[i].startsWith(OPTION + "=") ? args[i].substring(OPTION.length() + 1) : null;
            if (file != null && !file.isBlank()) {
                new RunResultFile(Path.of(file), cmd.getErr()).failed(Verdict.INVALID_CONFIG.exitCode(), message);
                return;
            }
        }
    }

    private static String message(Exception ex) {
        if (ex instanceof VerdictException || ex instanceof InvalidInputException) {
            return ex.getMessage();
        }
        return VerdictException.isIoError(ex) ? "I/O error: " + ex.getMessage() : "internal error (please report): " + ex;
    }
}
