package dev.disagg.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The DISAGG_SERVER stand-in: waits for every worker's address, writes
 * {@code server_config.yaml} in upstream's shape, and coordinates requests (a ctx worker
 * does the prefill, then a gen worker generates; both chosen round robin). Its
 * {@code /health} answers 200 only while every worker answers its own.
 */
final class ServerRole {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /** A worker as the server knows it. */
    record Worker(RoleName name, Address address) {
        @Override
        public String toString() {
            return name + " at " + address;
        }
    }

    private final CommonSettings common;
    private final ServerSettings settings;
    private final RoleLog log;
    private final ObjectMapper json = new ObjectMapper();
    private final Completions completions = new Completions(json);
    private final Lifetime lifetime;
    private final HttpClient client;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger nextCtx = new AtomicInteger();
    private final AtomicInteger nextGen = new AtomicInteger();
    private List<Worker> ctxWorkers = List.of();
    private List<Worker> genWorkers = List.of();

    ServerRole(CommonSettings common, ServerSettings settings, RoleLog log) {
        this.common = common;
        this.settings = settings;
        this.log = log;
        this.lifetime = new Lifetime(common.fault(), log);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    int run() throws IOException, InterruptedException {
        Optional<Map<RoleName, Address>> reported = awaitWorkers();
        if (reported.isEmpty()) {
            return 1;
        }
        ctxWorkers = workersOf(RoleName.Kind.CTX, settings.numCtx(), reported.get());
        genWorkers = workersOf(RoleName.Kind.GEN, settings.numGen(), reported.get());
        try (Listener listener = Listener.start("DISAGG_SERVER", this::handle)) {
            Address self = new Address(common.host(), listener.port());
            CaseFiles.writeAtomically(settings.serverConfig(), serverConfig(self, ctxWorkers, genWorkers));
            log.info("wrote " + settings.serverConfig() + "; listening on port " + listener.port()
                    + " (all interfaces)"
                    + (common.fault().kind() == Fault.Kind.NONE ? "" : "; fault " + common.fault()));
            Path addressFile = common.hostnamesDir().resolve(RoleName.DISAGG_SERVER.addressFileName());
            CaseFiles.writeAtomically(addressFile, self + "\n");
            log.info("published " + self + " to " + addressFile);
            int status = lifetime.serveUntilDone(common.statusFile());
            log.info("coordinated " + requests.get() + " completion request(s)");
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
            if (java.nio.file.Files.exists(common.statusFile())) {
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

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health") && method.equals("GET")) {
                health(exchange);
            } else if (path.equals("/v1/completions") && method.equals("POST")) {
                complete(exchange);
            } else if (path.equals("/health") || path.equals("/v1/completions")) {
                Listener.sendText(exchange, 405, method + " is not supported on " + path);
            } else {
                Listener.sendText(exchange, 404, "no such endpoint: " + path + " (try /health or /v1/completions)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.info("request " + exchange.getRequestURI() + " failed: " + e);
        }
    }

    /** 200 only when every worker answers its /health with 200; else 503 naming the others. */
    private void health(HttpExchange exchange) throws IOException {
        List<Worker> all = new ArrayList<>(ctxWorkers);
        all.addAll(genWorkers);
        List<CompletableFuture<String>> checks = all.stream().map(this::checkHealth).toList();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String problem = checks.get(i).join();
            if (problem != null) {
                problems.add(all.get(i) + " " + problem);
            }
        }
        if (problems.isEmpty()) {
            Listener.sendText(exchange, 200, "ok: " + all.size() + " worker(s) healthy");
        } else {
            String message = "unhealthy: " + String.join("; ", problems);
            log.info("/health -> 503 " + message);
            Listener.sendText(exchange, 503, message);
        }
    }

    /** null when healthy, else what went wrong. */
    private CompletableFuture<String> checkHealth(Worker worker) {
        HttpRequest request = HttpRequest.newBuilder(worker.address().uri("/health"))
                .timeout(HEALTH_TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null) {
                        return "does not answer (" + describe(error) + ")";
                    }
                    return response.statusCode() == 200 ? null : "answered HTTP " + response.statusCode();
                });
    }

    private void complete(HttpExchange exchange) throws IOException, InterruptedException {
        long number = requests.incrementAndGet();
        long start = System.nanoTime();
        JsonNode body;
        Completions.Request request;
        try {
            body = completions.readBody(exchange.getRequestBody().readAllBytes());
            request = completions.parse(body);
        } catch (Completions.BadRequest e) {
            log.info("request #" + number + ": rejected (400): " + e.getMessage());
            Listener.send(exchange, 400, "application/json", completions.error(e.getMessage(), 400));
            return;
        }
        String route = "";
        try {
            if (!ctxWorkers.isEmpty()) {
                Worker ctx = ctxWorkers.get(Math.floorMod(nextCtx.getAndIncrement(), ctxWorkers.size()));
                route = ctx.name() + " -> ";
                ObjectNode prefill = body.deepCopy();
                prefill.put("max_tokens", 1).put("stream", false);
                sendForString("context", ctx, prefill);
            }
            Worker gen = genWorkers.get(Math.floorMod(nextGen.getAndIncrement(), genWorkers.size()));
            route += gen.name();
            if (request.stream()) {
                if (!relayStream(exchange, number, gen, openStream(gen, body))) {
                    return;
                }
            } else {
                Listener.send(exchange, 200, "application/json", sendForString("generation", gen, body));
            }
        } catch (WorkerFailure failure) {
            log.info("request #" + number + ": " + route + ": 502 " + failure.getMessage());
            Listener.send(exchange, 502, "application/json", completions.error(failure.getMessage(), 502));
            return;
        }
        log.info("request #" + number + ": " + route + (request.stream() ? " (stream)" : "") + " ok in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        lifetime.requestServed();
    }

    /** A worker that did not answer or answered with an error; the message names the worker. */
    private static final class WorkerFailure extends Exception {
        WorkerFailure(String message) {
            super(message);
        }
    }

    private String sendForString(String kind, Worker worker, JsonNode body)
            throws WorkerFailure, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(post(worker, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WorkerFailure(kind + " worker " + worker + " did not answer: " + describe(e));
        }
        if (response.statusCode() != 200) {
            throw new WorkerFailure(kind + " worker " + worker + " answered HTTP " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    private InputStream openStream(Worker gen, JsonNode body) throws WorkerFailure, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(post(gen, body), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new WorkerFailure("generation worker " + gen + " did not answer: " + describe(e));
        }
        if (response.statusCode() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(body unreadable: " + describe(e) + ")";
            }
            throw new WorkerFailure("generation worker " + gen + " answered HTTP " + response.statusCode()
                    + ": " + abbreviate(text));
        }
        return response.body();
    }

    /** Streams the gen worker's events to the client; false when the worker failed mid-stream. */
    private boolean relayStream(HttpExchange exchange, long number, Worker gen, InputStream events)
            throws IOException {
        try (InputStream in = events; OutputStream out = Listener.startEventStream(exchange)) {
            byte[] buffer = new byte[8192];
            while (true) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    String message = "generation worker " + gen + " stopped mid-stream: " + describe(e);
                    log.info("request #" + number + ": " + message);
                    out.write(completions.errorEvent(message, 502).getBytes(StandardCharsets.UTF_8));
                    return false;
                }
                if (read < 0) {
                    return true;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
    }

    private static HttpRequest post(Worker worker, JsonNode body) {
        return HttpRequest.newBuilder(worker.address().uri("/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static String names(List<RoleName> roles) {
        return roles.stream().map(RoleName::toString).collect(Collectors.joining(", "));
    }

    static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
