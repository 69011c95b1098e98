package dev.disagg.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The emulator's HTTP path (benchmark client, coordinator, workers) under load, and the race that
 * once failed one request in twenty loaded cases: a keep-alive connection the server closes just
 * as the client sends a POST on it.
 */
class EmulatorHttpTest {
    /** A ceiling for a request on a loaded machine, far above what one takes (milliseconds). */
    private static final Duration REQUEST_CEILING = Duration.ofMinutes(2);

    private final Completions completions = new Completions();

    @Test
    void aPostOnAKeptConnectionTheServerClosesIsSentAgainOnAFreshOne() throws Exception {
        try (ClosingServer server = ClosingServer.start()) {
            HttpSender sender = new HttpSender();

            assertThat(sender.post(server.uri(), "{}", REQUEST_CEILING).body()).isEqualTo("answer 1");
            // the kept connection is closed as the second POST arrives on it: sent again, answered on a new one
            assertThat(sender.post(server.uri(), "{}", REQUEST_CEILING).body()).isEqualTo("answer 2");
            assertThat(server.closedUnanswered()).as("the kept connection was taken and closed").isEqualTo(1);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void aPeerThatIsGoneFailsEveryAttemptWithTheFirstFailure() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        URI gone = URI.create("http://127.0.0.1:" + port + "/v1/completions");

        assertThatThrownBy(() -> new HttpSender().post(gone, "{}", REQUEST_CEILING))
                .isInstanceOf(java.net.ConnectException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(HttpSender.ATTEMPTS - 1));
    }

    @Test
    void everyStreamedCompletionThroughTheCoordinatorSucceedsAtHighConcurrency() throws Exception {
        try (Serving serving = serving(Duration.ZERO)) {
            String request = "{\"prompt\": \"" + "x ".repeat(128) + "\", \"max_tokens\": 32, \"stream\": true}";
            HttpSender client = new HttpSender();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            int sent = 0;
            // as upstream's benchmark runs its concurrencies one after another on one client
            for (int concurrency : new int[] {1, 4, 16, 64, 128}) {
                sent += round(client, serving.completions(), request, concurrency, 2 * concurrency, failures);
            }

            assertThat(failures).as("failed requests of " + sent).isEmpty();
            assertThat(serving.coordinator().requests()).isEqualTo(sent);
        }
    }

    @Test
    void aStreamThroughTheCoordinatorArrivesTokenByTokenNotAtItsEnd() throws Exception {
        // TTFT and ITL are measured at the client: a relay that handed the stream over at its end would hide them
        Duration gap = Duration.ofMillis(100);
        int tokens = 6;
        try (Serving serving = serving(gap)) {
            HttpSender.Answer<InputStream> response = new HttpSender().postForStream(serving.completions(),
                    "{\"prompt\": \"x x\", \"max_tokens\": " + tokens + ", \"stream\": true}", REQUEST_CEILING);
            List<Long> arrivals = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data: {")) {
                        arrivals.add(System.nanoTime());
                    }
                }
            }

            assertThat(response.status()).isEqualTo(200);
            assertThat(arrivals).hasSize(tokens);
            // the worker waits one gap before each token after the first: at least 5 gaps between the first and last
            assertThat(Duration.ofNanos(arrivals.get(tokens - 1) - arrivals.get(0)))
                    .isGreaterThanOrEqualTo(gap.multipliedBy(tokens - 2));
        }
    }

    /** A context worker, a generation worker streaming its tokens {@code genGap} apart, and the coordinator before them. */
    private record Serving(Listener ctx, Listener gen, Coordinator coordinator, Listener server) implements AutoCloseable {
        URI completions() {
            return new Address("127.0.0.1", server.port()).uri(Routes.COMPLETIONS);
        }

        @Override
        public void close() {
            server.close();
            gen.close();
            ctx.close();
        }
    }

    private Serving serving(Duration genGap) throws IOException {
        RoleLog quiet = new RoleLog("test", new PrintStream(OutputStream.nullOutputStream()));
        Listener ctx = Listener.start("ctx", exchange -> worker(exchange, true, Duration.ZERO));
        Listener gen = Listener.start("gen", exchange -> worker(exchange, false, genGap));
        Coordinator coordinator = new Coordinator(
                List.of(new Coordinator.Worker("CTX_0", new Address("127.0.0.1", ctx.port()))),
                List.of(new Coordinator.Worker("GEN_0", new Address("127.0.0.1", gen.port()))),
                REQUEST_CEILING, quiet, false);
        return new Serving(ctx, gen, coordinator, Listener.start("server", coordinator.handler()));
    }

    private static int round(HttpSender client, URI uri, String request, int concurrency, int total,
                             Map<String, Integer> failures) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                clients.add(pool.submit(() -> {
                    while (next.getAndIncrement() < total) {
                        String problem = streamed(client, uri, request);
                        if (problem != null) {
                            failures.merge(problem, 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> c : clients) {
                c.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return total;
    }

    /** null when the stream ended with [DONE], else what went wrong. */
    private static String streamed(HttpSender client, URI uri, String request) {
        try {
            HttpSender.Answer<InputStream> response = client.postForStream(uri, request, REQUEST_CEILING);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.status() != 200) {
                    return "HTTP " + response.status();
                }
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.contains("\"error\"")) {
                        return line;
                    }
                    if (line.equals("data: [DONE]")) {
                        return null;
                    }
                }
                return "no [DONE]";
            }
        } catch (IOException e) {
            return Coordinator.describe(e);
        }
    }

    /**
     * A worker as the emulator's: the context server answers one token, the generation server streams them,
     * {@code gap} apart.
     */
    private void worker(HttpExchange exchange, boolean context, Duration gap) {
        try (exchange) {
            Completions.Request request = completions.parse(completions.readBody(exchange.getRequestBody().readAllBytes()));
            int tokens = context ? 1 : request.maxTokens();
            if (!request.stream()) {
                Listener.send(exchange, 200, "application/json", completions.response("cmpl", request.promptTokens(), tokens));
                return;
            }
            try (OutputStream out = Listener.startEventStream(exchange)) {
                for (int token = 1; token <= tokens; token++) {
                    if (token > 1 && !gap.isZero()) {
                        Thread.sleep(gap.toMillis());
                    }
                    out.write(completions.chunk("cmpl", request.promptTokens(), token, tokens).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(Completions.DONE_EVENT.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | Completions.BadRequest e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Answers the first request on each connection and keeps the connection; when another request
     * arrives on it, closes it unanswered, as a server does that times an idle connection out at
     * that very moment.
     */
    private static final class ClosingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger answers = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger closedUnanswered = new AtomicInteger();
        private final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());

        private ClosingServer(ServerSocket socket) {
            this.socket = socket;
        }

        static ClosingServer start() throws IOException {
            ClosingServer server = new ClosingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread acceptor = new Thread(server::accept, "closing-server");
            acceptor.setDaemon(true);
            acceptor.start();
            return server;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/completions");
        }

        int connections() {
            return connections.get();
        }

        int closedUnanswered() {
            return closedUnanswered.get();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    open.add(connection);
                    connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(connection), "closing-server-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                readRequest(in);
                String body = "answer " + answers.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readRequest(in);
                closedUnanswered.incrementAndGet();
            } catch (IOException e) {
                // the client closed the connection, or the test ended
            }
        }

        private static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed");
                }
                head.write(b);
            }
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    in.readNBytes(Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket connection : open) {
                    connection.close();
                }
            }
        }
    }
}
