package dev.disagg.emulator;

import com.sun.net.httpserver.HttpExchange;
import dev.disagg.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CTX_i / GEN_i as upstream's DisaggTestCmds.run_cmd: the non-primary workers wait for the
 * primary's extra-llm-api config, then the (emulated) trtllm-serve binds port 0, logs to
 * {@code trtllm-serve.<TYPE>.0.log} and reports {@code host:port} to {@code <hostnames dir>/<TYPE>.txt};
 * the role then polls for the benchmark status file. A ctx server answers the prefill (one token),
 * a gen server decodes {@code max_tokens} tokens in {@link DecodeSteps}.
 */
final class WorkerRole implements Routes {
    static final Duration CONFIG_WAIT = Duration.ofSeconds(600);
    static final Duration CONFIG_POLL = Duration.ofSeconds(1);

    private final RoleContext ctx;
    private final PrintStream stdout;
    private final boolean isCtx;
    private final Completions completions = new Completions();
    private final AtomicLong requests = new AtomicLong();
    private DecodeSteps steps;
    private RoleLog serveLog;

    /** @param stdout pytest's stdout, where a gen worker's iteration lines go (the job script keeps it as gen_server_i.log) */
    WorkerRole(RoleContext ctx, PrintStream stdout) {
        this.ctx = ctx;
        this.stdout = stdout;
        this.isCtx = ctx.settings().servingType().contains("CTX");
    }

    void run() throws IOException, InterruptedException {
        String type = ctx.settings().servingType();
        Path addressFile = ctx.tod().workerAddressFile(type);
        Files.createDirectories(addressFile.getParent());
        Path config = ctx.tod().extraConfig(isCtx ? "ctx" : "gen", ctx.configName());
        if (!type.equals("CTX_0") && !type.equals("GEN_0")) {
            waitForConfigFile(config);
        }
        boolean printIterations = !isCtx && ctx.spec().genPrintsIterLog() && !ctx.settings().fault().is(Fault.Kind.BAD_RESULTS);
        steps = new DecodeSteps(printIterations ? stdout::println : null);
        Path logFile = ctx.tod().serveLog(type);
        ctx.log().info("Starting server. disagg_serving_type: " + type + " (emulated trtllm-serve --config " + config
                + " --host " + ctx.settings().host() + " --port 0 --report_addr " + addressFile + "), log " + logFile);
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            serveLog = new RoleLog("trtllm-serve " + type, log);
            try (EmulatedServer server = EmulatedServer.start(type, Routes.handler(this, serveLog), ctx.settings().fault(), serveLog)) {
                int port = ctx.settings().fault().is(Fault.Kind.WRONG_ADDRESS) ? 1 : server.port();
                Address address = new Address(ctx.settings().host(), port);
                AtomicFiles.writeCreatingParents(addressFile, address.toString());
                serveLog.info("listening on port " + server.port() + "; reported " + address + " to " + addressFile
                        + "; simulated work " + ctx.settings().tokenDelay().toNanos() / 1e6 + " ms per token");
                try {
                    ctx.waitForStatusFile(type, server::alive);
                } finally {
                    serveLog.info("served " + requests.get() + " completion request(s); stopping");
                    ctx.log().info("Server " + type + " stopped");
                }
            }
        }
    }

    /** upstream's {@code _wait_for_config_file}: 1 s polls, "Timed out waiting for config file" after 600 s. */
    private void waitForConfigFile(Path config) throws InterruptedException {
        long start = System.nanoTime();
        while (!Files.exists(config)) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed > CONFIG_WAIT.toSeconds()) {
                throw TestFailure.runtime("Timed out waiting for config file " + config + " after "
                        + CONFIG_WAIT.toSeconds() + "s");
            }
            ctx.log().info(String.format(java.util.Locale.ROOT, "Waiting for config file %s, elapsed: %.0fs", config, elapsed));
            RoleContext.sleep(ctx.settings().pollAtMost(CONFIG_POLL));
        }
    }

    @Override
    public void health(HttpExchange exchange) throws IOException {
        Listener.sendText(exchange, 200, "ok");
    }

    @Override
    public void complete(HttpExchange exchange) throws IOException {
        long number = requests.incrementAndGet();
        String id = "cmpl-" + ctx.settings().servingType() + "-" + number;
        Completions.Request request;
        try {
            request = completions.parse(completions.readBody(exchange.getRequestBody().readAllBytes()));
        } catch (Completions.BadRequest e) {
            serveLog.info(id + ": rejected (400): " + e.getMessage());
            Listener.send(exchange, 400, "application/json", completions.error(e.getMessage(), 400));
            return;
        }
        if (ctx.settings().fault().is(Fault.Kind.FAIL_REQUESTS)) {
            Listener.send(exchange, 500, "application/json", completions.error(
                    "simulated failure (" + Fault.VARIABLE + "=fail-requests)", 500));
            return;
        }
        // A context server only does the prefill, which yields the first token.
        int tokens = isCtx ? 1 : request.maxTokens();
        long start = System.nanoTime();
        try {
            if (request.stream()) {
                try (OutputStream out = Listener.startEventStream(exchange)) {
                    generate(tokens, token -> {
                        out.write(completions.chunk(id, request.promptTokens(), token, tokens).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    });
                    out.write(Completions.DONE_EVENT.getBytes(StandardCharsets.UTF_8));
                }
            } else {
                generate(tokens, token -> { });
                Listener.send(exchange, 200, "application/json", completions.response(id, request.promptTokens(), tokens));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        serveLog.info(id + ": prompt_tokens=" + request.promptTokens() + " max_tokens=" + request.maxTokens()
                + " stream=" + request.stream() + " -> " + tokens + " token(s) in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }

    /** What happens with each token as it is produced. */
    private interface TokenSink {
        void accept(int token) throws IOException;
    }

    private void generate(int tokens, TokenSink sink) throws IOException, InterruptedException {
        Duration delay = ctx.settings().tokenDelay();
        if (isCtx) {
            pause(delay);
            sink.accept(1);
            return;
        }
        steps.join();
        try {
            for (int token = 1; token <= tokens; token++) {
                steps.step();
                pause(delay);
                sink.accept(token);
            }
        } finally {
            steps.leave();
        }
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero()) {
            RoleContext.sleep(delay);
        }
    }
}
