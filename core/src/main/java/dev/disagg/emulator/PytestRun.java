package dev.disagg.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The emulated {@code pytest <...>/perf/test_perf_sanity.py::test_e2e[<id>]}: finds the id as
 * upstream's collection would (the config YAML must be in the disagg folder), answers an id that
 * is not generated as pytest does (exit 4), and otherwise runs the role that
 * {@code DISAGG_SERVING_TYPE} selects, reporting pass (0) or failure (1) on the console and in
 * {@code --junit-xml}.
 */
final class PytestRun {
    static final int PASSED = 0;
    static final int FAILED = 1;
    static final int INTERRUPTED = 2;
    static final int NOT_FOUND = 4;
    static final String DEFAULT_DISAGG_FOLDER = "tests/scripts/perf-sanity/disaggregated";
    static final String DEFAULT_AGG_FOLDER = "tests/scripts/perf-sanity/aggregated";

    private final Map<String, String> env;
    private final Path cwd;
    private final PrintStream out;
    private final PrintStream err;
    private final long start = System.nanoTime();

    PytestRun(Map<String, String> env, Path cwd, PrintStream out, PrintStream err) {
        this.env = env;
        this.cwd = cwd;
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws IOException {
        PytestArgs args = PytestArgs.parse(argv);
        Settings settings = Settings.from(env);
        if (args.nodeId().isEmpty()) {
            err.println("ERROR: the disagg emulator runs one <...>/perf/" + PytestArgs.TEST_FILE + "::"
                    + PytestArgs.TEST_FUNCTION + "[<id>] node id; none was given");
            return noTests(args, settings);
        }
        String file = args.file().orElseThrow();
        Path absolute = cwd.resolve(file).normalize();
        if (!absolute.getFileName().toString().equals(PytestArgs.TEST_FILE)) {
            err.println("ERROR: file or directory not found: " + args.nodeId().get());
            err.println();
            return noTests(args, settings);
        }
        Optional<TestId> id = args.paramId().flatMap(TestId::parse);
        Optional<Path> yaml = id.map(this::configFile).filter(Files::isRegularFile);
        if (yaml.isEmpty()) {
            // pytest's own answer to an id its collection did not generate.
            err.println("ERROR: not found: " + absolute + "::" + PytestArgs.TEST_FUNCTION);
            err.println("(no match in any of [<Module " + PytestArgs.TEST_FILE + ">])");
            err.println();
            return noTests(args, settings);
        }
        String nodeId = args.nodeId().get();
        if (args.collectOnly()) {
            out.println(nodeId);
            out.println();
            out.println("1 test collected in " + elapsedText());
            writeJunit(args, Optional.empty(), settings);
            return PASSED;
        }
        if (args.outputDir().isEmpty()) {
            err.println("ERROR: --output-dir is required: the test writes its files under <output dir>/<test id>");
            return noTests(args, settings);
        }
        return runTest(args, settings, id.get(), yaml.get(), nodeId);
    }

    private int runTest(PytestArgs args, Settings settings, TestId id, Path yaml, String nodeId)
            throws IOException {
        Fault fault = settings.fault();
        if (fault.is(Fault.Kind.CRASH_START)) {
            // pytest's own way of showing an exception, so the report picks this line as the role's error
            err.println("E   RuntimeError: simulated crash at start (" + Fault.VARIABLE + "=crash-start)");
            return Fault.CRASH_START_EXIT;
        }
        PytestReport.printHeader(out, args.quiet());
        RoleLog log = new RoleLog(settings.servingType(), out);
        if (fault.is(Fault.Kind.HANG)) {
            log.info("simulated hang (" + Fault.VARIABLE + "=hang): never publishing, never exiting");
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return INTERRUPTED;
            }
        }
        Optional<String> failure;
        try {
            failure = runRole(settings, id, yaml, args.outputDir().orElseThrow(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("interrupted");
            return INTERRUPTED;
        }
        PytestReport.Result result = new PytestReport.Result(classname(args.file().orElseThrow()),
                PytestArgs.TEST_FUNCTION + "[" + id.id() + "]", elapsedSeconds(), failure);
        PytestReport.printSummary(out, nodeId, result, args.quiet());
        writeJunit(args, Optional.of(result), settings);
        return failure.isEmpty() ? PASSED : FAILED;
    }

    /** The test body (test_e2e); the failure message, empty when it passed. */
    private Optional<String> runRole(Settings settings, TestId id, Path yaml, Path outputDir, RoleLog log)
            throws InterruptedException {
        Tod tod = new Tod(cwd.resolve(outputDir).resolve(id.id()).normalize(), settings.runId());
        try {
            if (!id.isDisagg()) {
                throw TestFailure.runtime("the disagg emulator runs disagg e2e and gen_only tests only; "
                        + id.id() + " is an aggregated test");
            }
            CaseSpec spec = CaseSpec.of(CaseSpec.readYaml(yaml), id);
            String authKey = AuthKey.resolve(spec.authKey(), tod);
            Files.createDirectories(tod.dir());
            RoleContext ctx = new RoleContext(settings, id, spec, tod, authKey, log);
            String type = settings.servingType();
            writeExtraConfig(ctx, type);
            if (type.contains("CTX") || type.contains("GEN")) {
                new WorkerRole(ctx, out).run();
            } else if (type.equals("DISAGG_SERVER")) {
                new ServerRole(ctx).run();
            } else if (type.equals("BENCHMARK")) {
                new BenchmarkRole(ctx).run();
            }
            if (!type.equals("BENCHMARK")) {
                log.info("Disagg serving type is " + type + ", skipping perf result parsing and upload.");
            }
            return Optional.empty();
        } catch (TestFailure e) {
            return Optional.of(e.summary());
        } catch (CaseSpec.Invalid e) {
            return Optional.of(e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** upstream's get_commands: CTX_0 writes the ctx extra config, GEN_0 the gen one. */
    private void writeExtraConfig(RoleContext ctx, String type) throws IOException {
        boolean ctxPrimary = type.equals("CTX_0");
        if (!ctxPrimary && !type.equals("GEN_0")) {
            return;
        }
        String runType = ctxPrimary ? "ctx" : "gen";
        Path file = ctx.tod().extraConfig(runType, ctx.configName());
        String text = ExtraConfig.render(ctx.authKey(), ctxPrimary ? ctx.spec().ctx() : ctx.spec().gen(), llmRoot(),
                Settings.get(env, "LLM_MODELS_ROOT").orElse(null));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** {@code <config folder>/<stem>.yaml}: DISAGG_CONFIG_FOLDER (or AGG_CONFIG_FOLDER) joined with the LLM root. */
    Path configFile(TestId id) {
        String folder = id.readsDisaggFolder()
                ? Settings.get(env, "DISAGG_CONFIG_FOLDER").orElse(DEFAULT_DISAGG_FOLDER)
                : Settings.get(env, "AGG_CONFIG_FOLDER").orElse(DEFAULT_AGG_FOLDER);
        String name = id.stem().endsWith(".yaml") ? id.stem() : id.stem() + ".yaml";
        return llmRoot().resolve(folder).resolve(name).normalize();
    }

    /**
     * {@code LLM_ROOT}, else the checkout root as upstream's conftest finds it: upstream runs pytest
     * in {@code <root>/tests/integration/defs}, so that directory's third parent; elsewhere the
     * working directory itself (the emulator has no conftest.py to start from).
     */
    Path llmRoot() {
        Optional<String> root = Settings.get(env, "LLM_ROOT");
        if (root.isPresent()) {
            return cwd.resolve(root.get()).normalize();
        }
        Path defs = Path.of("tests", "integration", "defs");
        return cwd.endsWith(defs) ? cwd.getParent().getParent().getParent() : cwd;
    }

    private int noTests(PytestArgs args, Settings settings) throws IOException {
        out.println();
        out.println((args.collectOnly() ? "no tests collected in " : "no tests ran in ") + elapsedText());
        writeJunit(args, Optional.empty(), settings);
        return NOT_FOUND;
    }

    private void writeJunit(PytestArgs args, Optional<PytestReport.Result> result, Settings settings) throws IOException {
        if (args.junitXml().isPresent()) {
            PytestReport.writeJunit(cwd.resolve(args.junitXml().get()), result, elapsedSeconds(), settings.host());
        }
    }

    /** pytest's classname: the test file's path relative to the rootdir, dotted, without ".py". */
    private String classname(String file) {
        Path path = Path.of(file);
        if (path.isAbsolute()) {
            Path root = llmRoot().resolve(Path.of("tests", "integration", "defs"));
            path = path.startsWith(root) ? root.relativize(path) : path.startsWith(cwd) ? cwd.relativize(path)
                    : path.getFileName();
        }
        String dotted = path.normalize().toString().replace('/', '.');
        return dotted.endsWith(".py") ? dotted.substring(0, dotted.length() - 3) : dotted;
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    private String elapsedText() {
        return String.format(Locale.ROOT, "%.2fs", elapsedSeconds());
    }
}
