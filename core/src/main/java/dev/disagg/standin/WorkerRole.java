package dev.disagg.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GEN_<i> or CTX_<i> worker (rank 0): serves {@code /health} and {@code /v1/completions},
 * publishes its address, and lives until the status file appears. A ctx worker does the
 * "prefill" and answers one token; a gen worker generates {@code max_tokens} tokens.
 */
final class WorkerRole {
    private final CommonSettings settings;
    private final RoleLog log;
    private final Completions completions = new Completions(new ObjectMapper());
    private final Lifetime lifetime;
    private final AtomicLong requests = new AtomicLong();

    WorkerRole(CommonSettings settings, RoleLog log) {
        this.settings = settings;
        this.log = log;
        this.lifetime = new Lifetime(settings.fault(), log);
    }

    int run() throws IOException, InterruptedException {
        RoleName role = settings.role();
        try (Listener listener = Listener.start(role.toString(), this::handle)) {
            Address address = new Address(settings.host(), listener.port());
            log.info("listening on port " + listener.port() + " (all interfaces); simulated work "
                    + settings.tokenDelay().toMillis() + " ms per token"
                    + (settings.fault().kind() == Fault.Kind.NONE ? "" : "; fault " + settings.fault()));
            Path addressFile = settings.hostnamesDir().resolve(role.addressFileName());
            CaseFiles.writeAtomically(addressFile, address + "\n");
            log.info("published " + address + " to " + addressFile);
            int status = lifetime.serveUntilDone(settings.statusFile());
            log.info("served " + requests.get() + " completion request(s)");
            return status;
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/health") && method.equals("GET")) {
                Listener.sendText(exchange, 200, "ok");
            } else if (path.equals("/v1/completions") && method.equals("POST")) {
                complete(exchange);
            } else if (path.equals("/health") || path.equals("/v1/completions")) {
                Listener.sendText(exchange, 405, method + " is not supported on " + path);
            } else {
                Listener.sendText(exchange, 404, "no such endpoint: " + path + " (try /health or /v1/completions)");
            }
        } catch (IOException | RuntimeException e) {
            log.info("request " + exchange.getRequestURI() + " failed: " + e);
        }
    }

    private void complete(HttpExchange exchange) throws IOException {
        long number = requests.incrementAndGet();
        String id = "cmpl-" + settings.role() + "-" + number;
        Completions.Request request;
        try {
            request = completions.parse(completions.readBody(exchange.getRequestBody().readAllBytes()));
        } catch (Completions.BadRequest e) {
            log.info(id + ": rejected (400): " + e.getMessage());
            Listener.send(exchange, 400, "application/json", completions.error(e.getMessage(), 400));
            return;
        }
        // A ctx worker only does the prefill, which yields the first token.
        int tokens = settings.role().kind() == RoleName.Kind.CTX ? 1 : request.maxTokens();
        long start = System.nanoTime();
        try {
            if (request.stream()) {
                try (OutputStream out = Listener.startEventStream(exchange)) {
                    for (int token = 1; token <= tokens; token++) {
                        work(settings.tokenDelay());
                        out.write(completions.chunk(id, request.promptTokens(), token, tokens)
                                .getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                    out.write(Completions.DONE_EVENT.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                work(settings.tokenDelay().multipliedBy(tokens));
                Listener.send(exchange, 200, "application/json",
                        completions.response(id, request.promptTokens(), tokens));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        log.info(id + ": prompt_tokens=" + request.promptTokens() + " max_tokens=" + request.maxTokens()
                + " stream=" + request.stream() + " -> " + tokens + " token(s) in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
        lifetime.requestServed();
    }

    private static void work(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        }
    }
}
