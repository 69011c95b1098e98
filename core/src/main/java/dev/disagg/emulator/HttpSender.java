package dev.disagg.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The emulator's HTTP client, on the JDK's {@link HttpURLConnection}: keep-alive connections, a
 * request's timeout bounding its connection and each read, and a request sent again when its
 * connection failed before any response arrived.
 *
 * <p>Why not {@code java.net.http.HttpClient}: building one and sending its first request cost a role's
 * JVM 0.25 s and 0.35 CPU-seconds (its selector thread, the default TLS context with the whole trust
 * store, some 400 classes), on the path from the workers' start to the server being ready, while the
 * other roles start on the same cores; this client's first request costs 0.05 s (core/docs/benchmarks.md).
 *
 * <p>Why the second send: a kept connection the server closes just as a request is written on it fails
 * with no answer. The JDK sends such a request again by itself once (also a POST, whose body it holds);
 * a connection that reached no server (refused, reset before any answer) is sent again here as well, up to
 * {@link #ATTEMPTS} times: a dead peer fails every attempt. A timeout is not sent again.
 */
final class HttpSender {
    /** One send and up to two more; each takes another kept connection or opens a fresh one. */
    static final int ATTEMPTS = 3;

    /** A response: its status and its body (the error body for a status >= 400). */
    record Answer<T>(int status, T body) {
    }

    /** How a response body is taken: read whole, or handed over open. */
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /** A GET, its body read whole. */
    Answer<String> get(URI uri, Duration timeout) throws IOException {
        return send(uri, null, timeout, HttpSender::text);
    }

    /** A POST of a JSON body, the answer read whole. */
    Answer<String> post(URI uri, String json, Duration timeout) throws IOException {
        return send(uri, json, timeout, HttpSender::text);
    }

    /** A POST of a JSON body, the answer's body open for the caller to read as it comes, and to close. */
    Answer<InputStream> postForStream(URI uri, String json, Duration timeout) throws IOException {
        return send(uri, json, timeout, body -> body);
    }

    private static String text(InputStream body) throws IOException {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * @throws SocketTimeoutException when the timeout passed while connecting or reading (never sent again)
     * @throws IOException the first attempt's failure (later ones suppressed) when every attempt failed
     */
    private <T> Answer<T> send(URI uri, String json, Duration timeout, BodyReader<T> reader) throws IOException {
        IOException failure = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(uri, json, timeout, reader);
            } catch (SocketTimeoutException e) {
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

    private static <T> Answer<T> once(URI uri, String json, Duration timeout, BodyReader<T> reader) throws IOException {
        // No proxy: the roles talk to each other on the cluster's own network.
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        if (json != null) {
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return new Answer<>(status, reader.read(body == null ? InputStream.nullInputStream() : body));
    }
}
