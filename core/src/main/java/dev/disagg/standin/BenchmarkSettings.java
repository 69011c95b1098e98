package dev.disagg.standin;

import dev.disagg.cli.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What BENCHMARK reads beyond {@link CommonSettings}. */
public record BenchmarkSettings(
        Path benchDir,
        List<Integer> concurrencies,
        int multiRound,
        int inputLength,
        int outputLength,
        boolean streaming,
        Duration readyTimeout,
        Duration requestTimeout) {

    static final String CONCURRENCY_LIST = "DISAGG_CONCURRENCY_LIST";
    static final String MULTI_ROUND = "DISAGG_MULTI_ROUND";
    static final String INPUT_LENGTH = "DISAGG_INPUT_LENGTH";
    static final String OUTPUT_LENGTH = "DISAGG_OUTPUT_LENGTH";
    static final String STREAMING = "DISAGG_STREAMING";

    static BenchmarkSettings from(Env env, CommonSettings common) {
        Path caseDir = common.caseDir().orElseThrow(() -> new UserError(
                CommonSettings.CASE_DIR + " is not set; BENCHMARK writes bench/concurrency_<C>.json there"));
        return new BenchmarkSettings(
                caseDir.resolve("bench"),
                env.intList(CONCURRENCY_LIST, 1, "BENCHMARK runs one round per concurrency, e.g. '1 2 4 8'"),
                env.intAtLeast(MULTI_ROUND, 1, 1),
                env.requireIntAtLeast(INPUT_LENGTH, 1, "BENCHMARK sends prompts of that many tokens"),
                env.requireIntAtLeast(OUTPUT_LENGTH, 1, "BENCHMARK asks for that many tokens per request"),
                env.bool(STREAMING, true),
                ServerSettings.readyTimeout(env),
                ServerSettings.requestTimeout(env));
    }
}
