package dev.disagg.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The BENCHMARK stand-in: waits for the server and a 200 from its {@code /health}, then per
 * concurrency C sends C x multi_round real requests with C in flight, prints
 * benchmark_serving's result block and writes {@code bench/concurrency_<C>.json}. It writes
 * the status file at its end, also on failure, so every other role exits.
 */
final class BenchmarkRole {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final CommonSettings common;
    private final BenchmarkSettings settings;
    private final RoleLog log;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final HttpClient client;

    BenchmarkRole(CommonSettings common, BenchmarkSettings settings, RoleLog log) {
        this.common = common;
        this.settings = settings;
        this.log = log;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    int run() throws InterruptedException {
        Fault.Kind fault = common.fault().kind();
        if (fault == Fault.Kind.CRASH_MID || fault == Fault.Kind.SLOW) {
            log.info("fault " + common.fault() + " applies to workers and DISAGG_SERVER only; ignored here");
        }
        int status = 1;
        try {
            Optional<Address> server = awaitServer();
            if (server.isPresent()) {
                status = runAll(server.get());
            }
        } finally {
            CaseFiles.writeAtomically(common.statusFile(), CaseFiles.DONE + "\n");
            log.info("wrote " + CaseFiles.DONE + " to " + common.statusFile() + "; exiting " + status);
        }
        return status;
    }

    /** The server's address once its /health answers 200; empty when the deadline passed. */
    private Optional<Address> awaitServer() throws InterruptedException {
        Path file = common.hostnamesDir().resolve(RoleName.DISAGG_SERVER.addressFileName());
        log.info("waiting up to " + settings.readyTimeout().toSeconds() + " s for " + file
                + " and a 200 from the server's /health");
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        String lastReason = "";
        while (true) {
            String reason;
            Optional<String> content = CaseFiles.readIfPresent(file);
            Address address = content.map(Address::parseOrNull).orElse(null);
            if (content.isEmpty()) {
                reason = "no " + file + " yet";
            } else if (address == null) {
                reason = file + " holds '" + content.get().trim() + "', expected host:port";
            } else {
                reason = healthProblem(address);
                if (reason == null) {
                    log.info("server " + address + " is healthy");
                    return Optional.of(address);
                }
            }
            if (!reason.equals(lastReason)) {
                log.info("not ready: " + reason);
                lastReason = reason;
            }
            if (System.nanoTime() - deadline >= 0) {
                log.info("timed out after " + settings.readyTimeout().toSeconds()
                        + " s waiting for DISAGG_SERVER: " + reason);
                return Optional.empty();
            }
            Thread.sleep(Lifetime.POLL.toMillis());
        }
    }

    private String healthProblem(Address server) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/health")).timeout(HEALTH_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null
                    : "server " + server + " /health answered HTTP " + response.statusCode() + ": "
                    + response.body().strip();
        } catch (IOException e) {
            return "server " + server + " /health did not answer: " + Coordinator.describe(e);
        }
    }

    private int runAll(Address server) throws InterruptedException {
        // As upstream: one request first, so the rounds do not measure connection set-up and warm-up.
        log.info("Starting initial single prompt test run...");
        RequestOutcome first = send(completionRequest(server));
        log.info(first.succeeded() ? "Initial test run completed. Starting main benchmark run..."
                : "initial test run failed: " + first.error() + "; running the rounds anyway to count failures");
        boolean allSucceeded = true;
        for (int concurrency : settings.concurrencies()) {
            BenchmarkMetrics metrics = runRound(server, concurrency);
            metrics.errors().forEach((error, count) -> log.info("error (" + count + " request(s)): " + error));
            BenchmarkReport.text(metrics).forEach(log::raw);
            Path file = settings.benchDir().resolve("concurrency_" + concurrency + ".json");
            try {
                CaseFiles.writeAtomically(file, json.writeValueAsString(BenchmarkReport.json(metrics)) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            log.info("concurrency " + concurrency + ": " + metrics.completed() + "/" + metrics.totalRequests()
                    + " requests succeeded; wrote " + file);
            allSucceeded &= metrics.failed() == 0;
        }
        return allSucceeded ? 0 : 1;
    }

    private BenchmarkMetrics runRound(Address server, int concurrency) throws InterruptedException {
        int total = concurrency * settings.multiRound();
        log.info("concurrency " + concurrency + ": sending " + total + " request(s) (input " + settings.inputLength()
                + ", output " + settings.outputLength() + " tokens, " + (settings.streaming() ? "" : "not ")
                + "streaming)");
        HttpRequest request = completionRequest(server);
        Queue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "benchmark-client");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                clients.add(pool.submit(() -> {
                    while (next.getAndIncrement() < total && !Thread.currentThread().isInterrupted()) {
                        outcomes.add(send(request));
                    }
                }));
            }
            for (Future<?> c : clients) {
                c.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("benchmark client failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double duration = (System.nanoTime() - start) / 1e9;
        return BenchmarkMetrics.of(concurrency, List.copyOf(outcomes), duration);
    }

    private HttpRequest completionRequest(Address server) {
        ObjectNode body = json.createObjectNode();
        body.put("model", Completions.MODEL);
        body.put("prompt", Completions.TOKEN_TEXT.repeat(settings.inputLength()));
        body.put("max_tokens", settings.outputLength());
        body.put("stream", settings.streaming());
        body.put("ignore_eos", true);
        return HttpRequest.newBuilder(server.uri("/v1/completions"))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private RequestOutcome send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            return settings.streaming() ? sendStreaming(request, start) : sendWhole(request, start);
        } catch (JsonProcessingException e) {
            return RequestOutcome.failure("malformed answer from the server: " + e.getOriginalMessage());
        } catch (IOException | UncheckedIOException e) {
            return RequestOutcome.failure("no answer from the server: " + Coordinator.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestOutcome.failure("interrupted");
        }
    }

    private RequestOutcome sendWhole(HttpRequest request, long start) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        double latency = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            return RequestOutcome.failure("HTTP " + response.statusCode() + ": " + errorMessage(response.body()));
        }
        JsonNode body = json.readTree(response.body());
        JsonNode tokens = body.path("usage").path("completion_tokens");
        int output = tokens.canConvertToInt()
                ? tokens.asInt() : Completions.countWords(body.path("choices").path(0).path("text").asText(""));
        return checked(output, latency, latency, new double[0]);
    }

    private RequestOutcome sendStreaming(HttpRequest request, long start) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                return RequestOutcome.failure("HTTP " + response.statusCode() + ": "
                        + errorMessage(String.join("\n", (Iterable<String>) lines::iterator)));
            }
            long first = 0;
            long last = 0;
            int chunks = 0;
            int usageTokens = -1;
            double[] gaps = new double[Math.max(0, settings.outputLength() - 1)];
            int gapCount = 0;
            boolean done = false;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                String payload = line.substring("data:".length()).trim();
                if (payload.equals("[DONE]")) {
                    done = true;
                    break;
                }
                JsonNode event = json.readTree(payload);
                if (event.has("error")) {
                    return RequestOutcome.failure("error event: " + event.path("error").path("message").asText());
                }
                long now = System.nanoTime();
                if (!event.path("choices").path(0).path("text").asText("").isEmpty()) {
                    if (chunks == 0) {
                        first = now;
                    } else {
                        if (gapCount == gaps.length) {
                            gaps = Arrays.copyOf(gaps, gaps.length * 2 + 1);
                        }
                        gaps[gapCount++] = (now - last) / 1e9;
                    }
                    last = now;
                    chunks++;
                }
                JsonNode tokens = event.path("usage").path("completion_tokens");
                if (tokens.canConvertToInt()) {
                    usageTokens = tokens.asInt();
                }
            }
            double latency = (System.nanoTime() - start) / 1e9;
            if (!done) {
                return RequestOutcome.failure("the stream ended without [DONE] after " + chunks + " token(s)");
            }
            double ttft = chunks == 0 ? latency : (first - start) / 1e9;
            return checked(usageTokens >= 0 ? usageTokens : chunks, ttft, latency,
                    Arrays.copyOf(gaps, gapCount));
        }
    }

    /** A request that produced no tokens did not do its job, whatever its HTTP status said. */
    private RequestOutcome checked(int outputTokens, double ttft, double latency, double[] itl) {
        if (outputTokens <= 0) {
            return RequestOutcome.failure("the server answered but generated no tokens");
        }
        return RequestOutcome.success(settings.inputLength(), outputTokens, ttft, latency, itl);
    }

    private String errorMessage(String body) {
        try {
            JsonNode message = json.readTree(body).path("error").path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (IOException e) {
            // not JSON: quote the text itself
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
