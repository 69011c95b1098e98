package dev.disagg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One in-process run of the real {@code disagg} command line with its output captured. */
public record CliRun(int status, String out, String err) {

    public static CliRun run(String... args) {
        return run(System.getenv(), args);
    }

    /** With {@code environment} as what {@code check} reads SKIP_PERF_CHECK from. */
    public static CliRun run(Map<String, String> environment, String... args) {
        CommandLine cli = DisaggCli.commandLine();
        ((CheckCommand) cli.getSubcommands().get("check").getCommand()).environment = environment;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    public int exitCode() {
        return status;
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
