package dev.disagg.cli;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.Problem;
import dev.disagg.plan.ClusterProfile;
import dev.disagg.plan.ClusterProfiles;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanException;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.run.CaseRun;
import dev.disagg.shell.Shell;
import dev.disagg.slurm.Slurm;
import dev.disagg.verdict.VerdictException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that plans a case shares (plan, render, submit, run). */
final class CaseOptions {
    /** The case run when no --config is given: small, and made for the local cluster and the emulated roles. */
    static final String EMBEDDED_CASE = "/dev/disagg/examples/local-smoke.yaml";
    /** How messages name the embedded case when no --config is given. */
    static final Path EMBEDDED_CASE_FILE = Path.of(EMBEDDED_CASE).getFileName();

    @Option(names = "--config", paramLabel = "FILE",
            description = "The case YAML file (default: the embedded example case local-smoke, made for --cluster local).")
    Path config;

    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Where disagg_logs/<case>/ goes (default: $WORKSPACE, else the current directory).")
    Path workspace;

    @Option(names = "--cluster", paramLabel = "NAME|FILE",
            description = "Cluster profile: default (GB200-style, real TensorRT-LLM), local (upstream's roles emulated, for the local cluster) or a profile YAML (default: $DISAGG_CLUSTER, else default).")
    String cluster;

    @Option(names = "--case-name", paramLabel = "NAME", description = "Case name (default: the file name without .yaml).")
    String caseName;

    @Option(names = "--pack", description = "Put several small servers on one node (distinct GPUs) instead of whole nodes per server.")
    boolean pack;

    @Option(names = "--coverage", description = "Measure the BENCHMARK role's coverage into the case directory (.coveragerc, .coverage.<case>), as upstream's CI does; also the cluster profile's 'coverage: true'.")
    boolean coverage;

    @Option(names = "--timeout-minutes", paramLabel = "N", description = "The whole case's time budget (default: the cluster profile's; slurm.timeout is the roles' own wait bound in seconds).")
    Integer timeoutMinutes;

    @Mixin
    WarnOptions warnOptions = new WarnOptions();

    record Loaded(CaseConfig config, Plan plan) {
    }

    /** Loads, validates and plans, or fails with every problem printed and exit status 2. */
    Loaded load(PrintWriter err) {
        ClusterProfile resolved = ClusterProfiles.resolve(clusterName());
        ClusterProfile profile = coverage ? resolved.withCoverage() : resolved;
        CaseConfigLoader loader = warnOptions.loader(profile.strictRules());
        if (timeoutMinutes != null && (timeoutMinutes <= 0 || timeoutMinutes > Planner.MAX_CASE_TIMEOUT_MINUTES)) {
            // sbatch reads --time=0 as "no limit": a non-positive budget must not become an endless job
            throw VerdictException.invalid("--timeout-minutes: expected a whole number of minutes from 1 to "
                    + Planner.MAX_CASE_TIMEOUT_MINUTES + " (a year), got " + timeoutMinutes);
        }
        LoadResult result = config == null ? loadEmbedded(loader) : loader.load(config);
        for (Problem problem : result.problems()) {
            err.println(problem.format());
        }
        if (!result.valid()) {
            throw VerdictException.invalid(result.file() + ": invalid case file (" + result.errors().size() + " error(s)); nothing was submitted");
        }
        try {
            Plan plan = Planner.plan(result.config().orElseThrow(), new PlanOptions(
                    workspace(), profile, Optional.ofNullable(caseName), pack,
                    selfCommand(), Optional.ofNullable(timeoutMinutes)));
            return new Loaded(result.config().orElseThrow(), plan);
        } catch (PlanException e) {
            throw VerdictException.invalid(result.file() + ": " + e.getMessage());
        }
    }

    private static LoadResult loadEmbedded(CaseConfigLoader loader) {
        try (var in = CaseOptions.class.getResourceAsStream(EMBEDDED_CASE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded case " + EMBEDDED_CASE + " is missing from the jar");
            }
            return loader.load(EMBEDDED_CASE_FILE, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Path workspace() {
        if (workspace != null) {
            return workspace;
        }
        String fromEnv = System.getenv("WORKSPACE");
        return Path.of(fromEnv == null || fromEnv.isBlank() ? "." : fromEnv);
    }

    String clusterName() {
        if (cluster != null) {
            return cluster;
        }
        String fromEnv = System.getenv("DISAGG_CLUSTER");
        return fromEnv == null || fromEnv.isBlank() ? "default" : fromEnv;
    }

    /**
     * Options for the short-lived JVMs a job step starts ({@code {self}}: the emulated roles, all at
     * once on a node): the C1 compiler alone and the serial collector cut their start-up CPU by
     * about a third, which is most of a quick case's time; compiling a method only after three times
     * the usual calls spares a role's first half second about 450 compilations (70 ms of CPU) spent
     * on code that runs a few times (core/docs/benchmarks.md).
     */
    static final String STEP_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CompileThresholdScaling=3";

    /**
     * The plan's notes, one line each: decisions the user should see where they look (a console,
     * a build log), e.g. "legacy ctx_num: ceil(8192/5500) = 2 (metadata.use_legacy_ctx_calculation)".
     */
    static void printNotes(PrintWriter out, Plan plan) {
        plan.notes().forEach(n -> out.println("note: " + n));
    }

    /** The render -> submit -> watch -> check of a case, against {@code slurm}, in real time. */
    static CaseRun caseRun(Slurm slurm, PrintWriter err) {
        return CaseRun.create(slurm, selfCommand(), err);
    }

    /** How a job step runs this very CLI: the same Java and the same jar (or class path in tests), through {@link StepMain}. */
    static String selfCommand() {
        String classPath = System.getProperty("java.class.path");
        try {
            Path location = Path.of(DisaggCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar")) {
                classPath = location.toString();
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // keep the class path
        }
        return Shell.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + " " + STEP_JVM_OPTIONS
                + " -cp " + Shell.quote(classPath) + " " + StepMain.class.getName();
    }
}
