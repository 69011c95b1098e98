package dev.disagg.e2e;

import dev.disagg.cli.DisaggCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The real {@code disagg} command line: in this JVM, or as a child process when a signal must reach it. */
record Cli(int exitCode, String out, String err) {

    /** Runs {@code disagg <args>} in-process; its output is also echoed for the test log. */
    static Cli run(String... args) {
        CommandLine cli = DisaggCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.println("disagg " + String.join(" ", args) + " -> exit " + code + "\n" + out + err);
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * Starts {@code java -cp <this test's class path> dev.disagg.cli.DisaggCli <args>} with
     * stdout and stderr going to {@code <logPrefix>.out} and {@code <logPrefix>.err}.
     */
    static Process start(Path logPrefix, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DisaggCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(logPrefix.resolveSibling(logPrefix.getFileName() + ".out").toFile())
                .redirectError(logPrefix.resolveSibling(logPrefix.getFileName() + ".err").toFile())
                .start();
    }
}
