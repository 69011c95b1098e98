package dev.disagg.standin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What every role reads from its environment.
 *
 * @param role          from {@code DISAGG_SERVING_TYPE}
 * @param rank          {@code SLURM_PROCID} (0 when unset); only rank 0 does the role's work
 * @param caseDir       {@code DISAGG_CASE_DIR}, when set
 * @param hostnamesDir  where {@code <TYPE>.txt} address files live
 * @param statusFile    the file whose appearance ends the run
 * @param host          the host name published in address files
 * @param fault         the simulated failure for this role ({@link Fault#NONE} if none)
 * @param tokenDelay    simulated work per token, already scaled by a {@code slow} fault
 */
public record CommonSettings(
        RoleName role,
        int rank,
        Optional<Path> caseDir,
        Path hostnamesDir,
        Path statusFile,
        String host,
        Fault fault,
        Duration tokenDelay) {

    static final String SERVING_TYPE = "DISAGG_SERVING_TYPE";
    static final String CASE_DIR = "DISAGG_CASE_DIR";
    static final String HOSTNAMES_DIR = "DISAGG_HOSTNAMES_DIR";
    static final String STATUS_FILE = "DISAGG_STATUS_FILE";
    static final String HOST = "DISAGG_STANDIN_HOST";
    static final String TOKEN_DELAY_MS = "DISAGG_STANDIN_TOKEN_DELAY_MS";
    static final String PROCID = "SLURM_PROCID";

    static CommonSettings from(Env env) {
        RoleName role = RoleName.parse(env.require(SERVING_TYPE,
                "set it to GEN_<i>, CTX_<i>, DISAGG_SERVER or BENCHMARK (or pass --role)"), SERVING_TYPE);
        Optional<Path> caseDir = env.optionalPath(CASE_DIR);
        Path hostnames = env.pathOr(HOSTNAMES_DIR, caseDir, "hostnames", "roles publish their addresses there");
        Path status = env.pathOr(STATUS_FILE, caseDir, "benchmark_status.txt", "its appearance ends the run");
        Fault fault = Fault.parse(env.get(Fault.VARIABLE), env.get(Fault.ROLE_VARIABLE)).forRole(role);
        int delayMs = env.intAtLeast(TOKEN_DELAY_MS, 0, 0);
        return new CommonSettings(role, env.intAtLeast(PROCID, 0, 0), caseDir, hostnames, status,
                env.get(HOST).orElseGet(CommonSettings::localHostName), fault, scaledDelay(delayMs, fault));
    }

    /**
     * A slow fault multiplies the per-token delay; with the default delay of 0 it starts from
     * 1 ms, otherwise "slow" would change nothing.
     */
    static Duration scaledDelay(int delayMs, Fault fault) {
        if (fault.kind() != Fault.Kind.SLOW) {
            return Duration.ofMillis(delayMs);
        }
        double base = Math.max(delayMs, 1);
        return Duration.ofNanos(Math.round(base * fault.slowFactor() * 1_000_000));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
