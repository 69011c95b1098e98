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
    String HEALTH = "/health";
    String COMPLETIONS = "/v1/completions";

    void health(HttpExchange exchange) throws IOException, InterruptedException;

    void complete(HttpExchange exchange) throws IOException, InterruptedException;

    static HttpHandler handler(Routes routes, RoleLog log) {
        return exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (path.equals(HEALTH) && method.equals("GET")) {
                    routes.health(exchange);
                } else if (path.equals(COMPLETIONS) && method.equals("POST")) {
                    routes.complete(exchange);
                } else if (path.equals(HEALTH) || path.equals(COMPLETIONS)) {
                    Listener.sendText(exchange, 405, method + " is not supported on " + path);
                } else {
                    Listener.sendText(exchange, 404, "no such endpoint: " + path + " (try " + HEALTH + " or " + COMPLETIONS + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                log.info("request " + exchange.getRequestURI() + " failed: " + e);
            }
        };
    }
}
