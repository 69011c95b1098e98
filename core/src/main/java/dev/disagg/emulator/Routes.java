package dev.disagg.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * The endpoints of an emulated {@code trtllm-serve} process, a worker's or DISAGG_SERVER's: {@code GET /health}
 * and {@code POST /v1/completions}. {@link #handler} routes to them, answers anything else 404 (405 for another
 * method) and logs a request that fails, the same for every role.
 */
interface Routes {
    void health(HttpExchange exchange) throws IOException, InterruptedException;

    void complete(HttpExchange exchange) throws IOException, InterruptedException;

    static HttpHandler handler(Routes routes, RoleLog log) {
        return exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (path.equals("/health") && method.equals("GET")) {
                    routes.health(exchange);
                } else if (path.equals("/v1/completions") && method.equals("POST")) {
                    routes.complete(exchange);
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
        };
    }
}
