package dev.disagg.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.disagg.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * BENCHMARK as upstream's DisaggTestCmds.run_cmd: reads {@code DISAGG_SERVER.0.addr} (0.5 s polls),
 * waits for {@code /health}, runs one emulated benchmark_serving client per concurrency with its
 * output only in {@code trtllm-benchmark.0.<k>.log}, writes {@code Done} to the status file in a
 * finally, and for gen_only appends the gen workers' device step time after their sentinels.
 * Then the outputs are judged as upstream's test does ({@link ResultCheck}).
 */
final class BenchmarkRole {
    static final Duration ADDRESS_POLL = Duration.ofMillis(500);
    static final Duration HEALTH_POLL = Duration.ofSeconds(1);
    static final Duration SENTINEL_POLL = Duration.ofSeconds(2);
    /** Longer than the server's own check of its workers, so its answer (200 or a 503 naming one) arrives. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(15);

    private final RoleContext ctx;
    private final HttpSender client = new HttpSender();

    BenchmarkRole(RoleContext ctx) {
        this.ctx = ctx;
    }

    /** A client's log whose device step time is appended once the gen logs are complete. */
    private record Pending(int outputIndex, Path log, long[] offsets) {
    }

    void run() throws IOException, InterruptedException {
        boolean genOnly = ctx.id().genOnly();
        List<String> outputs = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        try {
            Address server = waitForReportedAddress();
            waitForHealth(server);
            List<Integer> concurrencies = ctx.spec().concurrencies();
            for (int k = 0; k < concurrencies.size(); k++) {
                Path log = ctx.tod().benchmarkLog(k);
                ctx.log().info("Starting benchmark. (emulated benchmark_serving --max-concurrency " + concurrencies.get(k)
                        + " --num-prompts " + concurrencies.get(k) * ctx.spec().iterations() + " --host " + server.host()
                        + " --port " + server.port() + "), log " + log);
                long[] offsets = genOnly ? DeviceStepTime.sizes(ctx.tod(), ctx.spec().numGen()) : null;
                String output = runClient(server, concurrencies.get(k));
                Files.writeString(log, output, StandardCharsets.UTF_8);
                outputs.add(output);
                if (genOnly) {
                    pending.add(new Pending(outputs.size() - 1, log, offsets));
                }
            }
        } finally {
            AtomicFiles.writeCreatingParents(ctx.tod().statusFile(), Tod.DONE);
            ctx.log().info("wrote " + Tod.DONE + " to " + ctx.tod().statusFile());
        }
        appendDeviceStepTime(pending, outputs);
        for (String output : outputs) {
            ResultCheck.checkBenchmarkErrors(output);
        }
        List<Map<String, Double>> metrics = outputs.stream().map(ResultCheck::metrics).toList();
        String problems = ResultCheck.problems(metrics, ctx.spec().concurrencies().size(), ctx.spec().specDecoding(),
                genOnly, ctx.tod().dir().getParent().toString());
        if (!problems.isEmpty()) {
            throw TestFailure.runtime(problems.strip());
        }
    }

    /** {@code wait_for_reported_addr}: the file's {@code host:port}, split at the last colon. */
    private Address waitForReportedAddress() throws InterruptedException {
        Path file = ctx.tod().serverAddressFile();
        ctx.log().info("Waiting for disagg server address file " + file);
        long deadline = System.nanoTime() + ctx.timeout().toNanos();
        while (System.nanoTime() - deadline < 0) {
            String reported = readIfPresent(file).map(String::strip).orElse("");
            if (!reported.isEmpty()) {
                Address address = Address.parseOrNull(reported);
                if (address == null) {
                    throw new TestFailure("ValueError", "invalid literal for int() with base 10: '"
                            + reported.substring(reported.lastIndexOf(':') + 1) + "' (" + file + ")");
                }
                return address;
            }
            RoleContext.sleep(ctx.settings().pollAtMost(ADDRESS_POLL));
        }
        throw new TestFailure("TimeoutError", "server did not report its address to " + file + " within "
                + ctx.spec().timeoutSeconds() + "s");
    }

    /** {@code wait_for_endpoint_ready} bound by min(timeout, the DISAGG ready timeout). */
    private void waitForHealth(Address server) throws InterruptedException {
        Duration bound = ctx.timeout().compareTo(ctx.settings().readyTimeout()) < 0 ? ctx.timeout()
                : ctx.settings().readyTimeout();
        URI url = server.uri(Routes.HEALTH);
        ctx.log().info("Waiting up to " + bound.toSeconds() + "s for " + url);
        long deadline = System.nanoTime() + bound.toNanos();
        String last = "";
        while (true) {
            String problem = healthProblem(url);
            if (problem == null) {
                ctx.log().info(url + " is ready");
                return;
            }
            if (!problem.equals(last)) {
                ctx.log().info("not ready: " + problem);
                last = problem;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw TestFailure.runtime("Endpoint " + url + " not ready after " + bound.toSeconds() + "s: " + problem
                        + ". Check " + String.join(", ", serverLogNames()));
            }
            RoleContext.sleep(ctx.settings().pollAtMost(HEALTH_POLL));
        }
    }

    private List<String> serverLogNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ctx.spec().numCtx(); i++) {
            names.add(ctx.tod().serveLog("CTX_" + i).getFileName().toString());
        }
        for (int i = 0; i < ctx.spec().numGen(); i++) {
            names.add(ctx.tod().serveLog("GEN_" + i).getFileName().toString());
        }
        names.add(ctx.tod().serveLog("DISAGG_SERVER").getFileName().toString());
        return names;
    }

    private String healthProblem(URI health) {
        try {
            HttpSender.Answer<String> response = client.get(health, HEALTH_TIMEOUT);
            return response.status() == 200 ? null
                    : "HTTP " + response.status() + ": " + Coordinator.abbreviate(response.body());
        } catch (IOException e) {
            return Coordinator.describe(e);
        }
    }

    /** upstream's {@code _append_gen_worker_device_step_time}. */
    private void appendDeviceStepTime(List<Pending> pending, List<String> outputs) throws IOException, InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        waitForSentinels();
        for (Pending p : pending) {
            OptionalDouble mean = DeviceStepTime.parse(ctx.tod(), ctx.spec().numGen(), p.offsets());
            if (mean.isEmpty()) {
                continue;
            }
            String line = String.format(Locale.ROOT, "%s: %.2f", ResultCheck.STEP_LABEL, mean.getAsDouble());
            Files.writeString(p.log(), "\n" + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            outputs.set(p.outputIndex(), outputs.get(p.outputIndex()) + "\n" + line + "\n");
        }
    }

    /** {@code wait_for_gen_log_sentinels}: every gen_server_<i>.done, or the current logs after the bound. */
    private void waitForSentinels() throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < ctx.spec().numGen(); i++) {
                if (!Files.exists(ctx.tod().genServerDone(i))) {
                    missing.add(ctx.tod().genServerDone(i).toString());
                }
            }
            if (missing.isEmpty()) {
                ctx.log().info("All gen worker log sentinels present; log flush complete.");
                return;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed > ctx.settings().sentinelTimeout().toNanos() / 1e9) {
                ctx.log().info("Timeout (" + Settings.seconds(ctx.settings().sentinelTimeout())
                        + "s) waiting for gen worker log sentinels " + missing + "; parsing current log contents.");
                return;
            }
            ctx.log().info(String.format(Locale.ROOT, "Waiting for gen worker log sentinels %s, elapsed time: %.0fs",
                    missing, elapsed));
            RoleContext.sleep(ctx.settings().pollAtMost(SENTINEL_POLL));
        }
    }

    /** One emulated benchmark_serving run: its console output, as the client log holds it. */
    private String runClient(Address server, int concurrency) throws InterruptedException {
        CaseSpec spec = ctx.spec();
        int total = concurrency * spec.iterations();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Namespace(backend='openai', host='%s', port=%d, model='%s', "
                        + "dataset_name='random', num_prompts=%d, max_concurrency=%d, random_input_len=%d, "
                        + "random_output_len=%d, ignore_eos=True, streaming=%s) (emulated by disagg)%n",
                server.host(), server.port(), spec.modelName(), total, concurrency, spec.inputLength(),
                spec.outputLength(), spec.streaming() ? "True" : "False"));
        URI completions = server.uri(Routes.COMPLETIONS);
        String request = completionBody();
        // benchmark_serving's initial test prompt runs only as gen_only's warm-up at concurrency 1.
        if (ctx.id().genOnly() && concurrency == 1) {
            out.append("Starting initial single prompt test run...\n");
            RequestOutcome first = send(completions, request);
            out.append(first.succeeded() ? "Initial test run completed. Starting main benchmark run...\n"
                    : "Initial test run failed: " + first.error() + "\n");
        }
        BenchmarkMetrics metrics = runRound(completions, request, concurrency, total);
        metrics.errors().forEach((error, count) -> out.append("Error (").append(count).append(" request(s)): ")
                .append(error).append('\n'));
        List<String> lines = new ArrayList<>(BenchmarkReport.text(metrics));
        if (spec.specDecoding()) {
            lines.addAll(lines.size() - 1, BenchmarkReport.decodedTokensPerIter(1.0 + spec.maxDraftLen()));
        }
        if (ctx.settings().fault().is(Fault.Kind.BAD_RESULTS)) {
            lines.removeIf(line -> line.startsWith("P99 E2EL"));
        }
        lines.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    private BenchmarkMetrics runRound(URI uri, String body, int concurrency, int total) throws InterruptedException {
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
                        outcomes.add(send(uri, body));
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
        return BenchmarkMetrics.of(concurrency, List.copyOf(outcomes), (System.nanoTime() - start) / 1e9);
    }

    private String completionBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", ctx.spec().modelName());
        body.put("prompt", Completions.TOKEN_TEXT.repeat(ctx.spec().inputLength()));
        body.put("max_tokens", ctx.spec().outputLength());
        body.put("stream", ctx.spec().streaming());
        body.put("ignore_eos", true);
        return Json.write(body);
    }

    private RequestOutcome send(URI uri, String body) {
        long start = System.nanoTime();
        try {
            return ctx.spec().streaming() ? sendStreaming(uri, body, start) : sendWhole(uri, body, start);
        } catch (JsonProcessingException e) {
            return RequestOutcome.failure("malformed answer from the server: " + e.getOriginalMessage());
        } catch (IOException | UncheckedIOException e) {
            return RequestOutcome.failure("no answer from the server: " + Coordinator.describe(e));
        }
    }

    private RequestOutcome sendWhole(URI uri, String request, long start) throws IOException {
        HttpSender.Answer<String> response = client.post(uri, request, ctx.timeout());
        double latency = (System.nanoTime() - start) / 1e9;
        if (response.status() != 200) {
            return RequestOutcome.failure("HTTP " + response.status() + ": " + errorMessage(response.body()));
        }
        Object body = Json.parse(response.body());
        Integer tokens = Json.intValue(Json.field(Json.field(body, "usage"), "completion_tokens"));
        int output = tokens != null ? tokens : Completions.countWords(choiceText(body));
        return checked(output, latency, latency, new double[0]);
    }

    private RequestOutcome sendStreaming(URI uri, String request, long start) throws IOException {
        HttpSender.Answer<InputStream> response = client.postForStream(uri, request, ctx.timeout());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.status() != 200) {
                return RequestOutcome.failure("HTTP " + response.status() + ": "
                        + errorMessage(String.join("\n", (Iterable<String>) lines.lines()::iterator)));
            }
            long first = 0;
            long last = 0;
            int chunks = 0;
            int usageTokens = -1;
            double[] gaps = new double[Math.max(0, ctx.spec().outputLength() - 1)];
            int gapCount = 0;
            boolean done = false;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String payload = line.substring("data:".length()).trim();
                if (payload.equals("[DONE]")) {
                    done = true;
                    break;
                }
                Object event = Json.parse(payload);
                Object error = Json.field(event, "error");
                if (error != null) {
                    return RequestOutcome.failure("error event: " + Objects.toString(Json.field(error, "message"), ""));
                }
                long now = System.nanoTime();
                if (!choiceText(event).isEmpty()) {
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
                Integer tokens = Json.intValue(Json.field(Json.field(event, "usage"), "completion_tokens"));
                if (tokens != null) {
                    usageTokens = tokens;
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

    /** {@code choices[0].text}, or "" when the answer has none. */
    private static String choiceText(Object answer) {
        return Json.field(Json.element(Json.field(answer, "choices"), 0), "text") instanceof String text ? text : "";
    }

    /** A request that produced no tokens did not do its job, whatever its HTTP status said. */
    private RequestOutcome checked(int outputTokens, double ttft, double latency, double[] itl) {
        if (outputTokens <= 0) {
            return RequestOutcome.failure("the server answered but generated no tokens");
        }
        return RequestOutcome.success(ctx.spec().inputLength(), outputTokens, ttft, latency, itl);
    }

    private String errorMessage(String body) {
        try {
            if (Json.field(Json.field(Json.parse(body), "error"), "message") instanceof String message) {
                return message;
            }
        } catch (IOException e) {
            // not JSON: quote the text itself
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }

    /** The content of a file that may not exist yet. */
    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
