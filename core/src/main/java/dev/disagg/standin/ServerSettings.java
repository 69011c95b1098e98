package dev.disagg.standin;

import java.nio.file.Path;
import java.time.Duration;

/** What DISAGG_SERVER reads beyond {@link CommonSettings}. */
public record ServerSettings(
        int numCtx, int numGen, Path serverConfig, Duration readyTimeout, Duration requestTimeout) {

    static final String NUM_CTX = "DISAGG_NUM_CTX_SERVERS";
    static final String NUM_GEN = "DISAGG_NUM_GEN_SERVERS";
    static final String SERVER_CONFIG = "DISAGG_SERVER_CONFIG";
    static final String READY_TIMEOUT = "DISAGG_READY_TIMEOUT_SECONDS";
    static final String REQUEST_TIMEOUT = "DISAGG_STANDIN_REQUEST_TIMEOUT_SECONDS";
    static final int DEFAULT_READY_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 300;

    static ServerSettings from(Env env, CommonSettings common) {
        int numCtx = env.requireIntAtLeast(NUM_CTX, 0, "DISAGG_SERVER waits for that many CTX_<i> workers");
        int numGen = env.requireIntAtLeast(NUM_GEN, 1, "DISAGG_SERVER waits for that many GEN_<i> workers");
        Path config = env.pathOr(SERVER_CONFIG, common.caseDir(), "server_config.yaml",
                "DISAGG_SERVER writes its configuration there");
        return new ServerSettings(numCtx, numGen, config, readyTimeout(env), requestTimeout(env));
    }

    static Duration readyTimeout(Env env) {
        return Duration.ofSeconds(env.intAtLeast(READY_TIMEOUT, 1, DEFAULT_READY_TIMEOUT_SECONDS));
    }

    static Duration requestTimeout(Env env) {
        return Duration.ofSeconds(env.intAtLeast(REQUEST_TIMEOUT, 1, DEFAULT_REQUEST_TIMEOUT_SECONDS));
    }
}
