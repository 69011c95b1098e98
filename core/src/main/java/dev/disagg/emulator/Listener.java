package dev.disagg.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on all interfaces and a port chosen by the OS (port 0: the socket is bound
 * once, so there is no probe-then-bind race), with one thread per request in flight.
 */
final class Listener implements AutoCloseable {
    /** Room for a burst of connections from a high-concurrency benchmark. */
    private static final int BACKLOG = 4096;

    private final HttpServer server;
    private final ExecutorService pool;

    private Listener(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    static Listener start(String name, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(0), BACKLOG);
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, name + "-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        server.createContext("/", handler);
        server.start();
        return new Listener(server, pool);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: open connections are dropped, as when the process dies. */
    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendText(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", body + "\n");
    }

    /** Starts a streamed (chunked) response of server-sent events. */
    static OutputStream startEventStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }
}
