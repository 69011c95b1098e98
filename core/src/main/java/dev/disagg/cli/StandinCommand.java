package dev.disagg.cli;

import dev.disagg.standin.Standin;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code disagg standin}: one stand-in role step. The job script sets the role protocol's
 * {@code DISAGG_*} variables; each option overrides its variable, for running roles by hand.
 */
@Command(
        name = "standin",
        mixinStandardHelpOptions = true,
        description = {
                "Runs one GPU-free stand-in role step (GEN_<i>, CTX_<i>, DISAGG_SERVER, BENCHMARK) over HTTP.",
                "Settings come from the role protocol's DISAGG_* variables; each option overrides the variable "
                        + "it names. See core/docs/standin.md."
        })
public final class StandinCommand implements Callable<Integer> {

    @Option(names = "--role", paramLabel = "TYPE", description = "DISAGG_SERVING_TYPE: GEN_<i>, CTX_<i>, DISAGG_SERVER, BENCHMARK")
    String role;

    @Option(names = "--case-dir", paramLabel = "DIR", description = "DISAGG_CASE_DIR; also the default parent of the files below")
    String caseDir;

    @Option(names = "--hostnames-dir", paramLabel = "DIR", description = "DISAGG_HOSTNAMES_DIR (default <case dir>/hostnames)")
    String hostnamesDir;

    @Option(names = "--status-file", paramLabel = "FILE", description = "DISAGG_STATUS_FILE (default <case dir>/benchmark_status.txt)")
    String statusFile;

    @Option(names = "--server-config", paramLabel = "FILE", description = "DISAGG_SERVER_CONFIG (default <case dir>/server_config.yaml)")
    String serverConfig;

    @Option(names = "--num-ctx", paramLabel = "N", description = "DISAGG_NUM_CTX_SERVERS")
    String numCtx;

    @Option(names = "--num-gen", paramLabel = "N", description = "DISAGG_NUM_GEN_SERVERS")
    String numGen;

    @Option(names = "--concurrency", paramLabel = "LIST", description = "DISAGG_CONCURRENCY_LIST, e.g. '1 2 4 8'")
    String concurrency;

    @Option(names = "--multi-round", paramLabel = "N", description = "DISAGG_MULTI_ROUND (default 1)")
    String multiRound;

    @Option(names = "--input-length", paramLabel = "TOKENS", description = "DISAGG_INPUT_LENGTH")
    String inputLength;

    @Option(names = "--output-length", paramLabel = "TOKENS", description = "DISAGG_OUTPUT_LENGTH")
    String outputLength;

    @Option(names = "--streaming", paramLabel = "BOOL", description = "DISAGG_STREAMING (default true)")
    String streaming;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", description = "DISAGG_READY_TIMEOUT_SECONDS (default 600)")
    String readyTimeout;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", description = "DISAGG_STANDIN_REQUEST_TIMEOUT_SECONDS (default 300)")
    String requestTimeout;

    @Option(names = "--token-delay-ms", paramLabel = "MS", description = "DISAGG_STANDIN_TOKEN_DELAY_MS (default 0)")
    String tokenDelayMs;

    @Option(names = "--fault", paramLabel = "FAULT", description = "DISAGG_STANDIN_FAULT: crash-start, crash-mid, hang, slow:<factor>")
    String fault;

    @Option(names = "--fault-role", paramLabel = "TYPE", description = "DISAGG_STANDIN_FAULT_ROLE: only this role gets the fault")
    String faultRole;

    @Option(names = "--host", paramLabel = "HOST", description = "DISAGG_STANDIN_HOST: the host name to publish (default this host's name)")
    String host;

    @Option(names = "--rank", paramLabel = "N", description = "SLURM_PROCID: ranks other than 0 only wait for the status file")
    String rank;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(overrides());
        return Standin.run(env, System.out);
    }

    /** The options given, as the variables they stand for. */
    Map<String, String> overrides() {
        Map<String, String> values = new HashMap<>();
        put(values, "DISAGG_SERVING_TYPE", role);
        put(values, "DISAGG_CASE_DIR", caseDir);
        put(values, "DISAGG_HOSTNAMES_DIR", hostnamesDir);
        put(values, "DISAGG_STATUS_FILE", statusFile);
        put(values, "DISAGG_SERVER_CONFIG", serverConfig);
        put(values, "DISAGG_NUM_CTX_SERVERS", numCtx);
        put(values, "DISAGG_NUM_GEN_SERVERS", numGen);
        put(values, "DISAGG_CONCURRENCY_LIST", concurrency);
        put(values, "DISAGG_MULTI_ROUND", multiRound);
        put(values, "DISAGG_INPUT_LENGTH", inputLength);
        put(values, "DISAGG_OUTPUT_LENGTH", outputLength);
        put(values, "DISAGG_STREAMING", streaming);
        put(values, "DISAGG_READY_TIMEOUT_SECONDS", readyTimeout);
        put(values, "DISAGG_STANDIN_REQUEST_TIMEOUT_SECONDS", requestTimeout);
        put(values, "DISAGG_STANDIN_TOKEN_DELAY_MS", tokenDelayMs);
        put(values, "DISAGG_STANDIN_FAULT", fault);
        put(values, "DISAGG_STANDIN_FAULT_ROLE", faultRole);
        put(values, "DISAGG_STANDIN_HOST", host);
        put(values, "SLURM_PROCID", rank);
        return values;
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
