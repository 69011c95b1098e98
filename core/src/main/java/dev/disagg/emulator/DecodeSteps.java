package dev.disagg.emulator;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A gen worker's decode loop, emulated: every request in flight takes one token per step, a step
 * ends when each of them has taken its token (in-flight batching), and each step may print
 * py_executor's per-iteration line. Its {@code prev_device_step_time} is the previous step's
 * duration: there is no device, and the real value is also one step late.
 */
final class DecodeSteps {
    private static final DateTimeFormatter LOGGER_TIME = DateTimeFormatter.ofPattern("MM/dd/yyyy-HH:mm:ss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Object lock = new Object();
    private final Consumer<String> iterationLog;
    private int active;
    private int arrived;
    private long iteration;
    private long lastStep = System.nanoTime();
    private double previousStepMs = -1;

    /** @param iterationLog where iteration lines go, or null to print none (print_iter_log off) */
    DecodeSteps(Consumer<String> iterationLog) {
        this.iterationLog = iterationLog;
    }

    void join() {
        synchronized (lock) {
            if (active == 0) {
                lastStep = System.nanoTime();
            }
            active++;
        }
    }

    void leave() {
        synchronized (lock) {
            active--;
            if (active > 0 && arrived == active) {
                advance();
            }
        }
    }

    /** Blocks until the step this request takes part in ends. */
    void step() throws InterruptedException {
        synchronized (lock) {
            long mine = iteration;
            arrived++;
            if (arrived >= active) {
                advance();
                return;
            }
            while (iteration == mine) {
                lock.wait();
            }
        }
    }

    long iterations() {
        synchronized (lock) {
            return iteration;
        }
    }

    private void advance() {
        long now = System.nanoTime();
        double hostMs = (now - lastStep) / 1e6;
        if (iterationLog != null) {
            iterationLog.accept(line(iteration, arrived, hostMs, previousStepMs));
        }
        previousStepMs = hostMs;
        lastStep = now;
        arrived = 0;
        iteration++;
        lock.notifyAll();
    }

    /**
     * py_executor's iteration line (tensorrt_llm/_torch/pyexecutor/py_executor.py), behind the
     * logger's prefix; {@code N/A} before the first measured step, as upstream.
     */
    static String line(long iteration, int scheduled, double hostMs, double previousMs) {
        LocalDateTime now = LocalDateTime.now();
        String previous = previousMs < 0 ? "N/A" : String.format(Locale.ROOT, "%.6fms", previousMs);
        return String.format(Locale.ROOT, "[%s] [TRT-LLM] [I] [_torch][RANK 0] iter = %d, global_rank = 0, rank = 0, "
                + "num_scheduled_requests = %d, adp_dummy_ctx_tokens = 0, adp_dummy_gen_tokens = 0, kv_cache_util = 0.000, "
                + "currank_total_requests = %d/%d, "
                + "host_step_time = %.6fms, prev_device_step_time = %s, timestamp = %s, "
                + "states = {'num_ctx_requests': 0, 'num_ctx_tokens': 0, 'num_generation_tokens': %d}",
                LOGGER_TIME.format(now), iteration, scheduled, scheduled, scheduled, hostMs, previous,
                STAMP.format(now), scheduled);
    }
}
