package dev.disagg.cli;

import dev.disagg.verdict.VerdictException;
import picocli.CommandLine;

/** Turns exceptions from commands into one-line messages and exit statuses (the verdict's). */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        int status = report(ex, cmd.getErr());
        RunResultOption.failed(cmd, status, ex);
        return status;
    }

    /** Prints what went wrong to {@code err} and returns the exit status for it. */
    static int report(Exception ex, java.io.PrintWriter err) {
        if (ex instanceof VerdictException || ex instanceof dev.disagg.perf.InvalidInputException) {
            err.println("disagg: " + ex.getMessage());
        } else if (VerdictException.isIoError(ex)) {
            err.println("disagg: I/O error: " + ex.getMessage());
        } else {
            // A bug of ours, not a user mistake: keep the trace so it can be reported.
            err.println("disagg: internal error (please report): " + ex);
            ex.printStackTrace(err);
        }
        return VerdictException.verdictOf(ex).exitCode();
    }
}
