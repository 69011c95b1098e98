package dev.disagg.cli;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks case files (directories: every *.yaml/*.yml inside, recursively). One line per file; exit 2 if any is invalid.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
    List<Path> paths;

    @Mixin
    WarnOptions warnOptions = new WarnOptions();

    @Option(names = {"-q", "--quiet"}, description = "Print only invalid files and their problems.")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CaseConfigLoader loader = warnOptions.loader();
        PrintWriter out = spec.commandLine().getOut();
        int files = 0;
        int invalid = 0;
        for (Path file : expand(paths)) {
            files++;
            LoadResult result = loader.load(file);
            if (!result.valid()) {
                invalid++;
            }
            if (!quiet || !result.valid()) {
                out.println((result.valid() ? "ok       " : "INVALID  ") + file
                        + summary(result.errors().size(), result.warnings().size()));
            }
            for (Problem problem : result.problems()) {
                if (!quiet || problem.isError()) {
                    out.println("  " + problem.format());
                }
            }
        }
        out.println(files + " file(s), " + (files - invalid) + " valid, " + invalid + " invalid");
        out.flush();
        return invalid == 0 ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private static String summary(int errors, int warnings) {
        if (errors == 0 && warnings == 0) {
            return "";
        }
        return "  (" + errors + " error(s), " + warnings + " warning(s))";
    }

    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (!Files.exists(path)) {
                throw new UserError(path + ": no such file or directory");
            } else {
                files.add(path);
            }
        }
        if (files.isEmpty()) {
            throw new UserError("no case files (*.yaml, *.yml) found in " + paths);
        }
        return files;
    }
}
