package dev.disagg.cli;

import dev.disagg.plan.CaseLayout;
import dev.disagg.report.CheckWarmup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the JVM that writes the CLI's class-data sharing archive does instead of a command (the jar's launcher,
 * {@code core/src/main/launcher/disagg.sh}, sets {@value #PROPERTY} for it once per jar and Java): it renders the
 * embedded default case into a temporary workspace and checks that case directory, as {@code run} does before it
 * submits and after the job ends, so that the archive holds those classes and every later start maps them instead
 * of loading them. Nothing is submitted; the workspace is deleted.
 */
final class ClassArchiveTraining {
    static final String PROPERTY = "disagg.cli.train";

    private ClassArchiveTraining() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Best effort, always 0: an archive without some classes is still an archive, the rest load as usual. */
    static int run() {
        try {
            train(Files.createTempDirectory("disagg-class-training"));
        } catch (IOException | RuntimeException e) {
            // see above: nothing to report, the launcher discards this JVM's output
        }
        return 0;
    }

    /**
     * Renders and checks the embedded case in {@code workspace}, then deletes it.
     *
     * @return the exit statuses of {@code render} and {@code check} (0 and 1, a case without results, when they work)
     */
    static List<Integer> train(Path workspace) throws IOException {
        try {
            List<Integer> statuses = new ArrayList<>();
            statuses.add(quiet("render", "--cluster", "local", "--workspace", workspace.toString()));
            Optional<Path> caseDir = caseDir(workspace);
            if (caseDir.isPresent()) {
                statuses.add(quiet("check", "--case-dir", caseDir.get().toString()));
            }
            // a case that never ran has no pytest JUnit files, so its check left the XML parser unloaded
            CheckWarmup.loadLibraries();
            return statuses;
        } finally {
            delete(workspace);
        }
    }

    private static int quiet(String... args) {
        CommandLine cli = DisaggCli.commandLine(List.of(args));
        cli.setOut(new PrintWriter(Writer.nullWriter()));
        cli.setErr(new PrintWriter(Writer.nullWriter()));
        return cli.execute(args);
    }

    /** The rendered case's directory: the one holding the plan (the planner names it, not this class). */
    private static Optional<Path> caseDir(Path workspace) throws IOException {
        try (Stream<Path> files = Files.walk(workspace, 3)) {
            return files.filter(p -> p.getFileName().toString().equals(CaseLayout.PLAN)).map(Path::getParent).findFirst();
        }
    }

    private static void delete(Path tree) {
        try (Stream<Path> files = Files.walk(tree)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind; the system's cleaning of its temporary files takes it
        }
    }
}
