package dev.disagg.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.yaml.snakeyaml.Yaml;

/**
 * What the JVM that writes the class-data sharing archive does besides its own work (the emulator's script sets
 * {@value #PROPERTY} for the collect check that writes it): it loads what the roles load at start, an HTTP server
 * and client, SnakeYAML, Jackson's streaming parser and generator, and the classes of the emulator's own packages,
 * so the archive holds them and each role maps them instead of loading them. Once per workspace, a fraction of a
 * second.
 */
final class ClassTraining {
    static final String PROPERTY = "disagg.emulator.train";
    private static final List<String> PACKAGES = List.of("dev/disagg/emulator/", "dev/disagg/io/");

    private ClassTraining() {
    }

    static void run() {
        try {
            loadPackages();
            Yaml yaml = new Yaml();
            yaml.dump(yaml.load("a: [1, {b: c}]"));
            Json.write(Json.parse("{\"a\": [1, 2.5, \"x\", true, null, {\"b\": 12345678901234567890}]}"
                    .getBytes(StandardCharsets.UTF_8)));
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
                URI base = URI.create("http://127.0.0.1:" + listener.port());
                HttpSender client = new HttpSender();
                client.get(base.resolve(Routes.HEALTH), Duration.ofSeconds(5));
                client.postForStream(base.resolve(Routes.COMPLETIONS), "{}", Duration.ofSeconds(5)).body().close();
            }
        } catch (IOException | RuntimeException e) {
            // an archive without these classes is still an archive: the roles load the rest as usual
        }
    }

    /**
     * Loads, without initializing, every class of the packages the roles use, as the jar lists them; a jar that
     * cannot be read leaves the rest of the training to run.
     */
    private static void loadPackages() {
        ClassLoader loader = ClassTraining.class.getClassLoader();
        Optional<Path> jar = EmulatorBin.ownJar();
        if (jar.isEmpty()) {
            return;
        }
        try (JarFile classes = new JarFile(jar.get().toFile())) {
            for (JarEntry entry : Collections.list(classes.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && PACKAGES.stream().anyMatch(name::startsWith)) {
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // not one the roles can load either
                    }
                }
            }
        } catch (IOException e) {
            // the roles then load these classes from the jar as usual
        }
    }
}
