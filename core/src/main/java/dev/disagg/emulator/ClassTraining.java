package dev.disagg.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.Yaml;

/**
 * What the JVM that writes the class-data sharing archive does besides its own work (the emulator's script sets
 * {@value #PROPERTY} for the collect check that writes it): it loads what the roles load at start, an HTTP server
 * and client, SnakeYAML and Jackson, and the role classes, so the archive holds them and each role maps them
 * instead of loading them. Once per workspace, a fraction of a second.
 */
final class ClassTraining {
    static final String PROPERTY = "disagg.emulator.train";
    private static final List<Class<?>> ROLES = List.of(WorkerRole.class, ServerRole.class, BenchmarkRole.class,
            Coordinator.class, LlmapiLaunch.class, Completions.class, BenchmarkReport.class, PytestReport.class);

    private ClassTraining() {
    }

    static void run() {
        try {
            ROLES.forEach(Class::getName);
            new Yaml().load("a: [1, {b: c}]");
            new ObjectMapper().readTree("{\"a\": [1, 2.5, \"x\"]}");
            RoleLog log = new RoleLog("training", new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
            try (Listener listener = Listener.start("training", Routes.handler(new Routes() {
                @Override
                public void health(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
                    Listener.sendText(exchange, 200, "ok");
                }

                @Override
                public void complete(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
                    Listener.sendText(exchange, 200, "{}");
                }
            }, log))) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + "/health"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException | RuntimeException e) {
            // an archive without these classes is still an archive: the roles load the rest as usual
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
