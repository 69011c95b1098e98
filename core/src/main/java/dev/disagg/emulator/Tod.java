package dev.disagg.emulator;

import java.nio.file.Path;

/**
 * The test output directory ({@code <--output-dir>/<test id>}) and upstream's file names in it
 * (tests/integration/defs/perf/test_perf_sanity.py, server index 0).
 *
 * @param runId {@code SLURM_JOB_ID}, else {@code local}: the hostnames directory's scope
 */
record Tod(Path dir, String runId) {
    static final int SERVER_IDX = 0;
    static final String DONE = "Done";

    Path hostnamesDir() {
        return dir.resolve("hostnames-" + runId + "-" + SERVER_IDX);
    }

    /** A worker's address file: {@code <hostnames dir>/<DISAGG_SERVING_TYPE>.txt}, e.g. {@code CTX_0.txt}. */
    Path workerAddressFile(String servingType) {
        return hostnamesDir().resolve(servingType + ".txt");
    }

    Path serverAddressFile() {
        return hostnamesDir().resolve("DISAGG_SERVER." + SERVER_IDX + ".addr");
    }

    Path statusFile() {
        return dir.resolve("benchmark_status." + SERVER_IDX + ".txt");
    }

    Path serverConfig() {
        return dir.resolve("server_config." + SERVER_IDX + ".yaml");
    }

    /** {@code trtllm-serve.<TYPE>.<idx>.log}: the (emulated) server's own output. */
    Path serveLog(String servingType) {
        return dir.resolve("trtllm-serve." + servingType + "." + SERVER_IDX + ".log");
    }

    /** {@code extra-llm-api-config.<ctx|gen>.<mode>-<stem>.yml}. */
    Path extraConfig(String runType, String configName) {
        return dir.resolve("extra-llm-api-config." + runType + "." + configName + ".yml");
    }

    Path benchmarkLog(int clientIdx) {
        return dir.resolve("trtllm-benchmark." + SERVER_IDX + "." + clientIdx + ".log");
    }

    /** Written by the job script: the GEN_i srun's output, and its end-of-write sentinel. */
    Path genServerLog(int i) {
        return dir.resolve("gen_server_" + i + ".log");
    }

    Path genServerDone(int i) {
        return dir.resolve("gen_server_" + i + ".done");
    }

    Path authKeyFile() {
        return dir.resolve("internal_request_auth_key.txt");
    }
}
