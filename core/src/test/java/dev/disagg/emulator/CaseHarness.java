package dev.disagg.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays a case without SLURM: each role is the emulated pytest run in its own thread of this JVM,
 * as the job script would start it (same node id and options, DISAGG_SERVING_TYPE per role),
 * with a short poll interval.
 */
final class CaseHarness {
    static final String NODE_PREFIX = "perf/test_perf_sanity.py::test_e2e[";

    final Path root;
    final Path configDir;
    final Path outputDir;
    final Map<String, String> env = new HashMap<>();

    /** One role's run: exit status and what it printed. */
    record Run(int status, String out, String err) {
    }

    CaseHarness(Path root) throws IOException {
        this.root = root;
        this.configDir = Files.createDirectories(root.resolve("configs"));
        this.outputDir = root.resolve("output");
        env.put("DISAGG_CONFIG_FOLDER", configDir.toString());
        env.put(Settings.POLL_SECONDS, "0.05");
        env.put(Settings.HOST, "localhost");
    }

    Path writeCase(String stem, String yaml) throws IOException {
        return Files.writeString(configDir.resolve(stem + ".yaml"), yaml);
    }

    static String node(String id) {
        return NODE_PREFIX + id + "]";
    }

    Path tod(String id) {
        return outputDir.resolve(id);
    }

    Path junit(String role) {
        return root.resolve("junit-" + role + ".xml");
    }

    /** Runs pytest for {@code role}, its stdout to {@code stdout} (null: captured). */
    CompletableFuture<Run> start(String role, String id, Map<String, String> extraEnv, OutputStream stdout,
            String... extraArgs) {
        Map<String, String> roleEnv = new HashMap<>(env);
        roleEnv.put("DISAGG_SERVING_TYPE", role);
        roleEnv.putAll(extraEnv);
        List<String> args = new ArrayList<>(List.of("pytest", node(id), "-v", "--output-dir=" + outputDir,
                "--junit-xml=" + junit(role)));
        args.addAll(List.of(extraArgs));
        // A thread per role: the roles wait for each other, and the common pool may have one thread.
        return CompletableFuture.supplyAsync(() -> run(args, roleEnv, stdout), task -> {
            Thread thread = new Thread(task, "role-" + role);
            thread.setDaemon(true);
            thread.start();
        });
    }

    CompletableFuture<Run> start(String role, String id) {
        return start(role, id, Map.of(), null);
    }

    Run run(List<String> args, Map<String, String> roleEnv, OutputStream stdout) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream target = stdout == null ? captured : stdout;
        try (PrintStream out = new PrintStream(target, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int status = Emulator.run(args, roleEnv, root, out, errStream);
            return new Run(status, captured.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    Run pytest(Map<String, String> extraEnv, String... args) {
        Map<String, String> roleEnv = new HashMap<>(env);
        roleEnv.putAll(extraEnv);
        List<String> all = new ArrayList<>(List.of("pytest"));
        all.addAll(List.of(args));
        return run(all, roleEnv, null);
    }

    /** Generous ceiling: a loaded machine may be slow, a hung role must still fail the test. */
    static Run await(CompletableFuture<Run> run) throws Exception {
        return run.get(60, TimeUnit.SECONDS);
    }

    String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
