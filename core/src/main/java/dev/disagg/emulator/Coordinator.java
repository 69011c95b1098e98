package dev.disagg.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulated {@code trtllm-serve disaggregated}: {@code /v1/completions} goes to a context
 * server (prefill, one token) and then to a generation server, both round robin; a server that
 * fails is named in a 502. {@code /health} answers 200 only while every server answers its own.
 */
final class Coordinator implements Routes {
    /** A worker's /health answer in time; a slower one is a 503 the readiness poll asks again (10 s: a loaded node). */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);

    /** A worker as the coordinator knows it. */
    record Worker(String name, Address address) {
        @Override
        public String toString() {
            return name + " at " + address;
        }
    }

    private final List<Worker> ctxWorkers;
    private final List<Worker> genWorkers;
    private final Duration requestTimeout;
    private final RoleLog log;
    private final boolean failRequests;
    private final Completions completions = new Completions();
    private final HttpSender client = new HttpSender();
    /** Asks the workers' /health at once, so one slow worker does not hold up the answer about the others. */
    private final ExecutorService healthChecks = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "health-check");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger nextCtx = new AtomicInteger();
    private final AtomicInteger nextGen = new AtomicInteger();
    private final AtomicReference<String> lastHealthVerdict = new AtomicReference<>("(not checked yet)");

    /** @param failRequests the fail-requests fault: answer every completion with HTTP 500 */
    Coordinator(List<Worker> ctxWorkers, List<Worker> genWorkers, Duration requestTimeout, RoleLog log,
            boolean failRequests) {
        this.ctxWorkers = List.copyOf(ctxWorkers);
        this.genWorkers = List.copyOf(genWorkers);
        this.requestTimeout = requestTimeout;
        this.log = log;
        this.failRequests = failRequests;
    }

    long requests() {
        return requests.get();
    }

    /** DISAGG_SERVER's HTTP endpoints. */
    HttpHandler handler() {
        return Routes.handler(this, log);
    }

    /** 200 only when every worker answers its /health with 200; else 503 naming the others. */
    @Override
    public void health(HttpExchange exchange) throws IOException {
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
        String verdict = problems.isEmpty() ? "" : "unhealthy: " + String.join("; ", problems);
        // Readiness checks poll often; log only when the answer changes.
        if (!verdict.equals(lastHealthVerdict.getAndSet(verdict))) {
            log.info("/health -> " + (problems.isEmpty() ? "200: every worker answers" : "503 " + verdict));
        }
        if (problems.isEmpty()) {
            Listener.sendText(exchange, 200, "ok: " + all.size() + " worker(s) healthy");
        } else {
            Listener.sendText(exchange, 503, verdict);
        }
    }

    /** null when healthy, else what went wrong. */
    private CompletableFuture<String> checkHealth(Worker worker) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                int status = client.get(worker.address().uri(HEALTH), HEALTH_TIMEOUT).status();
                return status == 200 ? null : "answered HTTP " + status;
            } catch (IOException e) {
                return "does not answer (" + describe(e) + ")";
            }
        }, healthChecks);
    }

    @Override
    public void complete(HttpExchange exchange) throws IOException {
        long number = requests.incrementAndGet();
        long start = System.nanoTime();
        Map<String, Object> body;
        Completions.Request request;
        try {
            body = completions.readBody(exchange.getRequestBody().readAllBytes());
            request = completions.parse(body);
        } catch (Completions.BadRequest e) {
            log.info("request #" + number + ": rejected (400): " + e.getMessage());
            Listener.send(exchange, 400, "application/json", completions.error(e.getMessage(), 400));
            return;
        }
        if (failRequests) {
            Listener.send(exchange, 500, "application/json", completions.error(
                    "simulated failure (" + Fault.VARIABLE + "=fail-requests)", 500));
            return;
        }
        if (genWorkers.isEmpty()) {
            Listener.send(exchange, 503, "application/json", completions.error("no generation servers configured", 503));
            return;
        }
        String route = "";
        try {
            if (!ctxWorkers.isEmpty()) {
                Worker ctx = ctxWorkers.get(Math.floorMod(nextCtx.getAndIncrement(), ctxWorkers.size()));
                route = ctx.name() + " -> ";
                Map<String, Object> prefill = new LinkedHashMap<>(body);
                prefill.put("max_tokens", 1);
                prefill.put("stream", false);
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
            log.info("request #" + number + ": 502 " + failure.getMessage());
            Listener.send(exchange, 502, "application/json", completions.error(failure.getMessage(), 502));
            return;
        }
        log.info("request #" + number + ": " + route + (request.stream() ? " (stream)" : "") + " ok in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }

    /** A worker that did not answer or answered with an error; the message names the worker. */
    private static final class WorkerFailure extends Exception {
        WorkerFailure(String message) {
            super(message);
        }
    }

    private String sendForString(String kind, Worker worker, Map<String, Object> body) throws WorkerFailure {
        HttpSender.Answer<String> response;
        try {
            response = client.post(worker.address().uri(COMPLETIONS), Json.write(body), requestTimeout);
        } catch (IOException e) {
            throw new WorkerFailure(kind + " worker " + worker + " did not answer: " + describe(e));
        }
        if (response.status() != 200) {
            throw new WorkerFailure(kind + " worker " + worker + " answered HTTP " + response.status()
                    + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    private InputStream openStream(Worker gen, Map<String, Object> body) throws WorkerFailure {
        HttpSender.Answer<InputStream> response;
        try {
            response = client.postForStream(gen.address().uri(COMPLETIONS), Json.write(body), requestTimeout);
        } catch (IOException e) {
            throw new WorkerFailure("generation worker " + gen + " did not answer: " + describe(e));
        }
        if (response.status() != 200) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(body unreadable: " + describe(e) + ")";
            }
            throw new WorkerFailure("generation worker " + gen + " answered HTTP " + response.status()
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

    static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
