package dev.disagg.cli;

import picocli.CommandLine;

/** Turns exceptions from commands into one-line messages and exit statuses. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError userError) {
            cmd.getErr().println("disagg: " + userError.getMessage());
            return userError.exitCode();
        }
        if (ex instanceof java.io.UncheckedIOException || ex instanceof java.io.IOException) {
            cmd.getErr().println("disagg: I/O error: " + ex.getMessage());
            return ExitCodes.INFRA;
        }
        // A bug of ours, not a user mistake: keep the trace so it can be reported.
        cmd.getErr().println("disagg: internal error (please report): " + ex);
        ex.printStackTrace(cmd.getErr());
        return ExitCodes.INFRA;
    }
}
