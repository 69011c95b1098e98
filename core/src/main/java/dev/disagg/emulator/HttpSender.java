package dev.disagg.emulator;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;

/**
 * The emulator's HTTP client: keep-alive connections, no bound of its own on connecting (a
 * request's timeout covers its connection too), and a request sent again when its connection
 * failed before any response arrived.
 *
 * <p>Why the second send: the JDK client keeps an idle connection for 20 minutes, the JDK server
 * closes one after 30 s idle. A request that takes a pooled connection while the server closes it
 * fails with "HTTP/1.1 header parser received no bytes", and the JDK client sends again by itself
 * only for idempotent methods, never for a completion's POST. A connection that reached no server
 * (refused, reset before any answer) is sent again as well: a dead peer fails every attempt.
 */
final class HttpSender {
    /** One send and up to two more; each takes another pooled connection or opens a fresh one. */
    static final int ATTEMPTS = 3;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @throws HttpTimeoutException when the request's own timeout passed (never sent again)
     * @throws IOException the first attempt's failure (later ones suppressed) when every attempt failed
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        IOException failure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return client.send(request, body);
            } catch (HttpTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                if (attempt == ATTEMPTS) {
                    throw failure;
                }
            }
        }
    }

    /** A GET the JDK client sends again by itself on an expired connection (it is idempotent). */
    <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return client.sendAsync(request, body);
    }
}
