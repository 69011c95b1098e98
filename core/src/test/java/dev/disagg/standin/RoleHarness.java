package dev.disagg.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs stand-in roles in threads of the test JVM, each with its own captured log. */
final class RoleHarness implements AutoCloseable {
    final Path caseDir;
    final Path hostnames;
    final Path statusFile;
    final Path serverConfig;
    private final Map<String, String> base = new HashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();

    RoleHarness(Path caseDir) {
        this.caseDir = caseDir;
        this.hostnames = caseDir.resolve("hostnames");
        this.statusFile = caseDir.resolve("benchmark_status.txt");
        this.serverConfig = caseDir.resolve("server_config.yaml");
        base.put("DISAGG_CASE_DIR", caseDir.toString());
        base.put("DISAGG_HOSTNAMES_DIR", hostnames.toString());
        base.put("DISAGG_STATUS_FILE", statusFile.toString());
        base.put("DISAGG_SERVER_CONFIG", serverConfig.toString());
        base.put("DISAGG_STANDIN_HOST", "127.0.0.1");
        base.put("DISAGG_NUM_CTX_SERVERS", "1");
        base.put("DISAGG_NUM_GEN_SERVERS", "1");
        base.put("DISAGG_CONCURRENCY_LIST", "1 3");
        base.put("DISAGG_MULTI_ROUND", "2");
        base.put("DISAGG_INPUT_LENGTH", "8");
        base.put("DISAGG_OUTPUT_LENGTH", "5");
        base.put("DISAGG_STREAMING", "true");
        base.put("DISAGG_READY_TIMEOUT_SECONDS", "20");
    }

    /** Sets a variable for every role started afterwards. */
    RoleHarness with(String name, String value) {
        base.put(name, value);
        return this;
    }

    Future<Integer> start(String role) {
        return start(role, Map.of());
    }

    Future<Integer> start(String role, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(extra);
        env.put("DISAGG_SERVING_TYPE", role);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        logs.put(role, buffer);
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        return pool.submit(() -> Standin.run(env, out));
    }

    String log(String role) {
        return logs.get(role).toString(StandardCharsets.UTF_8);
    }

    Path addressFile(String role) {
        return hostnames.resolve(role + ".txt");
    }

    Address address(String role) throws Exception {
        awaitFile(addressFile(role));
        return Address.parseOrNull(Files.readString(addressFile(role)));
    }

    static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file)) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + file).isNegative();
            Thread.sleep(20);
        }
    }

    static int exitOf(Future<Integer> role) throws Exception {
        return role.get(30, TimeUnit.SECONDS);
    }

    void endRun() {
        CaseFiles.writeAtomically(statusFile, "Done\n");
    }

    @Override
    public void close() throws InterruptedException {
        if (!Files.exists(statusFile)) {
            endRun();
        }
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
