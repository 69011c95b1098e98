package dev.disagg.emulator;

import dev.disagg.verdict.VerdictException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulated roles read from the environment besides the case: upstream's variables
 * ({@code DISAGG_SERVING_TYPE}, {@code SLURM_JOB_ID}, {@code TRTLLM_TEST_*_SERVER_READY_TIMEOUT})
 * and the emulator's own knobs ({@code DISAGG_EMULATOR_*}).
 *
 * @param servingType  {@code DISAGG_SERVING_TYPE}, default {@code BENCHMARK}
 * @param runId        {@code SLURM_JOB_ID}, default {@code local}
 * @param poll         {@value #POLL_SECONDS}: the roles' status/hostname poll (upstream's 10 s); also caps
 *                     the shorter polls (config 1 s, sentinels 2 s, address 0.5 s)
 * @param readyTimeout the DISAGG server ready bound before min(timeout, ...): upstream's
 *                     TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT > TRTLLM_TEST_SERVER_READY_TIMEOUT > 3600 s
 * @param sentinelTimeout {@value #SENTINEL_TIMEOUT_SECONDS}, upstream's GEN_LOG_SENTINEL_TIMEOUT 120 s
 * @param tokenDelay   {@value #TOKEN_DELAY_MS}: simulated work per decode step (0), scaled by a slow fault
 * @param host         {@value #HOST}, else this host's name (upstream: socket.gethostname())
 */
record Settings(
        String servingType,
        String runId,
        Duration poll,
        Duration readyTimeout,
        Duration sentinelTimeout,
        Duration tokenDelay,
        String host,
        Fault fault) {

    static final String SERVING_TYPE = "DISAGG_SERVING_TYPE";
    static final String POLL_SECONDS = "DISAGG_EMULATOR_POLL_SECONDS";
    static final String SENTINEL_TIMEOUT_SECONDS = "DISAGG_EMULATOR_SENTINEL_TIMEOUT_SECONDS";
    static final String TOKEN_DELAY_MS = "DISAGG_EMULATOR_TOKEN_DELAY_MS";
    static final String HOST = "DISAGG_EMULATOR_HOST";
    static final Duration UPSTREAM_POLL = Duration.ofSeconds(10);
    static final Duration DISAGG_SERVER_READY_TIMEOUT = Duration.ofSeconds(3600);
    static final Duration GEN_LOG_SENTINEL_TIMEOUT = Duration.ofSeconds(120);

    static Settings from(Map<String, String> env) {
        String type = get(env, SERVING_TYPE).orElse("BENCHMARK");
        Duration poll = seconds(env, POLL_SECONDS, UPSTREAM_POLL);
        Fault fault = Fault.parse(get(env, Fault.VARIABLE), get(env, Fault.ROLE_VARIABLE)).forRole(type);
        double delayMs = get(env, TOKEN_DELAY_MS).map(v -> number(TOKEN_DELAY_MS, v)).orElse(0.0);
        if (fault.is(Fault.Kind.SLOW)) {
            // A slow fault with no delay would change nothing: start from 1 ms.
            delayMs = Math.max(delayMs, 1.0) * fault.slowFactor();
        }
        return new Settings(type, get(env, "SLURM_JOB_ID").orElse("local"), poll, readyTimeout(env),
                seconds(env, SENTINEL_TIMEOUT_SECONDS, GEN_LOG_SENTINEL_TIMEOUT),
                Duration.ofNanos(Math.round(delayMs * 1_000_000)),
                get(env, HOST).orElseGet(Settings::localHostName), fault);
    }

    /** A shorter upstream poll interval, never longer than the configured poll. */
    Duration pollAtMost(Duration upstream) {
        return poll.compareTo(upstream) < 0 ? poll : upstream;
    }

    /** As upstream's server_ready_timeout("DISAGG"): a malformed or non-positive value is ignored. */
    private static Duration readyTimeout(Map<String, String> env) {
        for (String name : new String[] {"TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", "TRTLLM_TEST_SERVER_READY_TIMEOUT"}) {
            Optional<String> raw = get(env, name);
            if (raw.isPresent()) {
                try {
                    long value = Long.parseLong(raw.get().trim());
                    if (value > 0) {
                        return Duration.ofSeconds(value);
                    }
                } catch (NumberFormatException e) {
                    // ignored, as upstream ("Invalid ...; ignoring it")
                }
            }
        }
        return DISAGG_SERVER_READY_TIMEOUT;
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        return get(env, name).map(v -> {
            double value = number(name, v);
            if (value <= 0) {
                throw VerdictException.invalid(name + "='" + v + "': expected a number of seconds > 0, e.g. 0.2");
            }
            return Duration.ofNanos(Math.round(value * 1e9));
        }).orElse(fallback);
    }

    private static double number(String name, String value) {
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isFinite(parsed) && parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VerdictException.invalid(name + "='" + value + "': expected a number >= 0");
    }

    /** Seconds as upstream prints its bounds: {@code 120}, or {@code 0.3} below a whole second. */
    static String seconds(Duration duration) {
        double value = duration.toNanos() / 1e9;
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static Optional<String> get(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
