package dev.disagg.cli;

import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.Problem;
import dev.disagg.plan.ClusterProfiles;
import dev.disagg.verdict.Verdict;
import dev.disagg.verdict.VerdictException;
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
        description = {"Checks case files. A directory is read as upstream's submit.py -d reads it: its *.yaml/*.yml files,"
                + " not its sub-folders (--recursive for those); a YAML file found there with none of the case sections"
                + " (helper files such as load-balancer tables) is skipped. A file named on the command line is checked in full.",
                "One line per file; exit 2 if any is invalid."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
    List<Path> paths;

    @Mixin
    WarnOptions warnOptions = new WarnOptions();

    @Option(names = {"-r", "--recursive"}, description = "Also read the sub-folders of a directory.")
    boolean recursive;

    @Option(names = "--cluster", paramLabel = "NAME|FILE",
            description = "Cluster profile whose strict_rules apply (default: $DISAGG_CLUSTER, else default).")
    String cluster;

    @Option(names = {"-q", "--quiet"}, description = "Print only invalid files and their problems.")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** A file to check, and whether a directory walk found it (then a non-case YAML is skipped, not failed). */
    private record Candidate(Path file, boolean walked) {
    }

    @Override
    public Integer call() throws IOException {
        CaseConfigLoader loader = warnOptions.loader(ClusterProfiles.resolve(clusterName()).strictRules());
        PrintWriter out = spec.commandLine().getOut();
        int files = 0;
        int invalid = 0;
        int skipped = 0;
        for (Candidate candidate : expand(paths, recursive)) {
            Path file = candidate.file();
            if (candidate.walked() && !CaseConfigLoader.isCaseFile(file)) {
                skipped++;
                if (!quiet) {
                    out.println("skipped  " + file + "  (not a case file: none of the sections "
                            + String.join(", ", CaseConfigLoader.CASE_SECTIONS) + ")");
                }
                continue;
            }
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
        out.println(files + " file(s), " + (files - invalid) + " valid, " + invalid + " invalid"
                + (skipped > 0 ? ", " + skipped + " skipped (not case files)" : ""));
        out.flush();
        if (files == 0) {
            throw VerdictException.invalid("no case files among the YAML files found in " + paths + " (all " + skipped + " skipped)");
        }
        return invalid == 0 ? Verdict.PASS.exitCode() : Verdict.INVALID_CONFIG.exitCode();
    }

    private String clusterName() {
        if (cluster != null) {
            return cluster;
        }
        String fromEnv = System.getenv("DISAGG_CLUSTER");
        return fromEnv == null || fromEnv.isBlank() ? "default" : fromEnv;
    }

    private static String summary(int errors, int warnings) {
        if (errors == 0 && warnings == 0) {
            return "";
        }
        return "  (" + errors + " error(s), " + warnings + " warning(s))";
    }

    private static List<Candidate> expand(List<Path> paths, boolean recursive) throws IOException {
        List<Candidate> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = recursive ? Files.walk(path) : Files.list(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
                            .sorted()
                            .forEach(p -> files.add(new Candidate(p, true)));
                }
            } else if (!Files.exists(path)) {
                throw VerdictException.invalid(path + ": no such file or directory");
            } else {
                files.add(new Candidate(path, false));
            }
        }
        if (files.isEmpty()) {
            throw VerdictException.invalid("no case files (*.yaml, *.yml) found in " + paths
                    + (recursive ? "" : " (sub-folders are read with --recursive)"));
        }
        return files;
    }
}
