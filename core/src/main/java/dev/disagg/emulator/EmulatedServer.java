package dev.disagg.emulator;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The emulated {@code trtllm-serve} process of a role: an HTTP listener on port 0 that can "die"
 * (the crash-mid fault: after its first request, or about a second after it started).
 */
final class EmulatedServer implements AutoCloseable {
    static final Duration CRASH_MID_AFTER = Duration.ofSeconds(1);

    private final Listener listener;
    private final CountDownLatch firstRequest;
    private volatile boolean alive = true;

    private EmulatedServer(Listener listener, CountDownLatch firstRequest) {
        this.listener = listener;
        this.firstRequest = firstRequest;
    }

    static EmulatedServer start(String name, HttpHandler handler, Fault fault, RoleLog serveLog) throws IOException {
        CountDownLatch firstRequest = new CountDownLatch(1);
        Listener listener = Listener.start(name, exchange -> {
            handler.handle(exchange);
            firstRequest.countDown();
        });
        EmulatedServer server = new EmulatedServer(listener, firstRequest);
        if (fault.is(Fault.Kind.CRASH_MID)) {
            Thread crash = new Thread(() -> {
                try {
                    boolean served = server.firstRequest.await(CRASH_MID_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                    serveLog.info("simulated crash (" + Fault.VARIABLE + "=crash-mid) "
                            + (served ? "after the first request" : "after " + CRASH_MID_AFTER.toMillis() + " ms"));
                    server.die();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name + "-crash-mid");
            crash.setDaemon(true);
            crash.start();
        }
        return server;
    }

    int port() {
        return listener.port();
    }

    boolean alive() {
        return alive;
    }

    private void die() {
        alive = false;
        listener.close();
    }

    @Override
    public void close() {
        alive = false;
        listener.close();
    }
}
