package dev.disagg.emulator;

import dev.disagg.emulator.Coordinator.Worker;
import dev.disagg.io.AtomicFiles;
import dev.disagg.io.YamlDump;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * DISAGG_SERVER as upstream's DisaggTestCmds.run_cmd: drops a stale
 * {@code DISAGG_SERVER.0.addr}, waits (10 s polls) until {@code num_ctx + num_gen} names ending in
 * {@code .txt} are in the hostnames directory, writes {@code server_config.0.yaml}, starts the
 * (emulated) {@code trtllm-serve disaggregated -c <it>}, which reports its address to
 * {@code DISAGG_SERVER.0.addr}, and polls for the benchmark status file.
 */
final class ServerRole {
    private final RoleContext ctx;

    ServerRole(RoleContext ctx) {
        this.ctx = ctx;
    }

    void run() throws IOException, InterruptedException {
        Path addressFile = ctx.tod().serverAddressFile();
        Files.deleteIfExists(addressFile);
        Path config = generateServerConfig();
        Map<String, Object> written = CaseSpec.readYaml(config);
        List<Worker> ctxWorkers = workers(written, "context_servers", "context server");
        List<Worker> genWorkers = workers(written, "generation_servers", "generation server");
        Path logFile = ctx.tod().serveLog("DISAGG_SERVER");
        long timeout = ctx.spec().timeoutSeconds();
        ctx.log().info("Starting disagg server. (emulated trtllm-serve disaggregated -c " + config + " -t " + timeout
                + " -r " + timeout + " --report_addr " + addressFile + "), log " + logFile);
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            RoleLog serveLog = new RoleLog("trtllm-serve DISAGG_SERVER", log);
            Coordinator coordinator = new Coordinator(ctxWorkers, genWorkers, ctx.timeout(), serveLog,
                    ctx.settings().fault().is(Fault.Kind.FAIL_REQUESTS));
            try (EmulatedServer server = EmulatedServer.start("DISAGG_SERVER", coordinator.handler(),
                    ctx.settings().fault(), serveLog)) {
                int port = ctx.settings().fault().is(Fault.Kind.WRONG_ADDRESS) ? 1 : server.port();
                Address address = new Address(ctx.settings().host(), port);
                AtomicFiles.writeCreatingParents(addressFile, address.toString());
                serveLog.info("listening on port " + server.port() + " for " + ctxWorkers.size() + " context and "
                        + genWorkers.size() + " generation server(s); reported " + address + " to " + addressFile);
                try {
                    ctx.waitForStatusFile("DISAGG_SERVER", server::alive);
                } finally {
                    serveLog.info("coordinated " + coordinator.requests() + " completion request(s); stopping");
                    ctx.log().info("Disagg server DISAGG_SERVER stopped");
                }
            }
        }
    }

    /** upstream's {@code _generate_disagg_server_config}. */
    private Path generateServerConfig() throws IOException, InterruptedException {
        Path dir = ctx.tod().hostnamesDir();
        int expected = ctx.spec().numCtx() + ctx.spec().numGen();
        long start = System.nanoTime();
        List<String> names = List.of();
        ctx.log().info("Generating disagg server config for server index " + Tod.SERVER_IDX);
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            ctx.log().info(String.format(Locale.ROOT, "Waiting for hostnames in %s, elapsed time: %.1fs, current: %d, "
                    + "expected: %d", dir, elapsed, names.size(), expected));
            if (elapsed > ctx.spec().timeoutSeconds()) {
                throw TestFailure.runtime("Time out. Hostnames files are not ready after " + ctx.spec().timeoutSeconds() + "s");
            }
            RoleContext.sleep(ctx.settings().poll());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            // Only completed files: a reporter renames a hidden ".<name>.<rand>.tmp" into place (io/AtomicFiles).
            try (Stream<Path> listing = Files.list(dir)) {
                names = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList();
            }
            if (names.size() >= expected) {
                break;
            }
        }
        List<String> ctxUrls = new ArrayList<>();
        List<String> genUrls = new ArrayList<>();
        for (String name : names) {
            String url = Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
            if (name.startsWith("CTX")) {
                ctxUrls.add(url);
            } else if (name.startsWith("GEN")) {
                genUrls.add(url);
            }
        }
        Path config = ctx.tod().serverConfig();
        Files.writeString(config, serverConfig(ctx.settings().host(), ctx.authKey(), ctx.spec().numCtx(), ctxUrls,
                ctx.spec().numGen(), genUrls), StandardCharsets.UTF_8);
        ctx.log().info("Server config file " + config + " generated");
        return config;
    }

    /** upstream's server_config: yaml.dump's sorted keys, port 0 (the server reports the one it binds). */
    static String serverConfig(String host, String authKey, int numCtx, List<String> ctxUrls, int numGen, List<String> genUrls) {
        Map<String, Object> config = new TreeMap<>();
        config.put("hostname", host);
        config.put("port", 0);
        config.put("backend", "pytorch");
        config.put("internal_request_auth_key", authKey);
        config.put("context_servers", servers(numCtx, ctxUrls));
        config.put("generation_servers", servers(numGen, genUrls));
        return YamlDump.dump(config);
    }

    private static Map<String, Object> servers(int count, List<String> urls) {
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("num_instances", count);
        servers.put("urls", List.copyOf(urls));
        return servers;
    }

    private static List<Worker> workers(Map<String, Object> config, String key, String kind) {
        List<Worker> workers = new ArrayList<>();
        Object urls = CaseSpec.section(config, key).get("urls");
        if (urls instanceof List<?> list) {
            for (Object url : list) {
                Address address = Address.parseOrNull(String.valueOf(url));
                if (address == null) {
                    throw TestFailure.runtime("DISAGG_SERVER server exited unexpectedly: " + key + " url '" + url
                            + "' is not host:port");
                }
                workers.add(new Worker(kind + " " + workers.size(), address));
            }
        }
        return workers;
    }
}
