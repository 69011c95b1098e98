package dev.disagg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code disagg} command with its output captured. */
public record CliRun(int status, String out, String err) {

    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = DisaggCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Both streams, for messages whose stream is not the point of the test. */
    public String all() {
        return out + err;
    }

    /** A user mistake must never show Java internals. */
    public boolean showsStackTrace() {
        String text = all();
        return text.contains("\tat ") || text.contains("Exception") || text.contains("internal error");
    }
}
