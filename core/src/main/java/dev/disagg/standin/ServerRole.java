package dev.disagg.standin;

import dev.disagg.standin.Coordinator.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The DISAGG_SERVER stand-in: waits (with a deadline) for every worker's address, writes
 * {@code server_config.yaml} in upstream's shape, runs the {@link Coordinator}, publishes
 * its own address and lives until the status file appears.
 */
final class ServerRole {
    private final CommonSettings common;
    private final ServerSettings settings;
    private final RoleLog log;

    ServerRole(CommonSettings common, ServerSettings settings, RoleLog log) {
        this.common = common;
        this.settings = settings;
        this.log = log;
    }

    int run() throws IOException, InterruptedException {
        Optional<Map<RoleName, Address>> reported = awaitWorkers();
        if (reported.isEmpty()) {
            return 1;
        }
        List<Worker> ctxWorkers = workersOf(RoleName.Kind.CTX, settings.numCtx(), reported.get());
        List<Worker> genWorkers = workersOf(RoleName.Kind.GEN, settings.numGen(), reported.get());
        Lifetime lifetime = new Lifetime(common.fault(), log);
        Coordinator coordinator = new Coordinator(ctxWorkers, genWorkers, settings.requestTimeout(), log, lifetime);
        try (Listener listener = Listener.start("DISAGG_SERVER", coordinator::handle)) {
            Address self = new Address(common.host(), listener.port());
            CaseFiles.writeAtomically(settings.serverConfig(), serverConfig(self, ctxWorkers, genWorkers));
            log.info("wrote " + settings.serverConfig() + "; listening on port " + listener.port()
                    + " (all interfaces)"
                    + (common.fault().kind() == Fault.Kind.NONE ? "" : "; fault " + common.fault()));
            Path addressFile = common.hostnamesDir().resolve(RoleName.DISAGG_SERVER.addressFileName());
            CaseFiles.writeAtomically(addressFile, self + "\n");
            log.info("published " + self + " to " + addressFile);
            int status = lifetime.serveUntilDone(common.statusFile());
            log.info("coordinated " + coordinator.requests() + " completion request(s)");
            return status;
        }
    }

    /** Polls the hostnames directory until every worker reported, the deadline passed, or the run ended. */
    private Optional<Map<RoleName, Address>> awaitWorkers() throws InterruptedException {
        List<RoleName> expected = new ArrayList<>();
        for (int i = 0; i < settings.numCtx(); i++) {
            expected.add(RoleName.ctx(i));
        }
        for (int i = 0; i < settings.numGen(); i++) {
            expected.add(RoleName.gen(i));
        }
        log.info("waiting up to " + settings.readyTimeout().toSeconds() + " s for " + expected.size()
                + " worker(s) in " + common.hostnamesDir() + ": " + names(expected));
        Map<RoleName, Address> reported = new LinkedHashMap<>();
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (true) {
            for (RoleName role : expected) {
                if (reported.containsKey(role)) {
                    continue;
                }
                Path file = common.hostnamesDir().resolve(role.addressFileName());
                Optional<String> content = CaseFiles.readIfPresent(file);
                if (content.isPresent()) {
                    Address address = Address.parseOrNull(content.get());
                    if (address == null) {
                        log.info(file + " holds '" + content.get().trim() + "'; expected host:port. Exiting 1");
                        return Optional.empty();
                    }
                    reported.put(role, address);
                    log.info(role + " reported " + address + " (" + reported.size() + "/" + expected.size() + ")");
                }
            }
            if (reported.size() == expected.size()) {
                return Optional.of(reported);
            }
            List<RoleName> missing = expected.stream().filter(r -> !reported.containsKey(r)).toList();
            if (System.nanoTime() - deadline >= 0) {
                log.info("timed out after " + settings.readyTimeout().toSeconds() + " s waiting for "
                        + names(missing) + " (no " + missing.stream().map(RoleName::addressFileName)
                        .collect(Collectors.joining(", ")) + " in " + common.hostnamesDir() + "); exiting 1");
                return Optional.empty();
            }
            if (Files.exists(common.statusFile())) {
                log.info("the run ended (" + common.statusFile() + " appeared) while still waiting for "
                        + names(missing) + "; exiting 1");
                return Optional.empty();
            }
            Thread.sleep(Lifetime.POLL.toMillis());
        }
    }

    private static List<Worker> workersOf(RoleName.Kind kind, int count, Map<RoleName, Address> reported) {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RoleName name = new RoleName(kind, i);
            workers.add(new Worker(name, reported.get(name)));
        }
        return List.copyOf(workers);
    }

    /** upstream's server_config.yaml: hostname, port, backend, context/generation servers. */
    static String serverConfig(Address self, List<Worker> ctx, List<Worker> gen) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("hostname", self.host());
        config.put("port", self.port());
        config.put("backend", "pytorch");
        config.put("context_servers", servers(ctx));
        config.put("generation_servers", servers(gen));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config);
    }

    private static Map<String, Object> servers(List<Worker> workers) {
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("num_instances", workers.size());
        servers.put("urls", workers.stream().map(w -> w.address().toString()).toList());
        return servers;
    }

    private static String names(List<RoleName> roles) {
        return roles.stream().map(RoleName::toString).collect(Collectors.joining(", "));
    }
}
