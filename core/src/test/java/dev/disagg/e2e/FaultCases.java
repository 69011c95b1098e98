package dev.disagg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Case files made from the embedded example case (local-smoke) with one setting changed. */
final class FaultCases {
    private static final String EXAMPLE = "/dev/disagg/examples/local-smoke.yaml";
    private static final String SERVER_ENV = "  server_env_var: \"TRTLLM_SERVER_DISABLE_GC=1\"\n";
    private static final String WORKER_ENV = "  worker_env_var: \"TLLM_LOG_LEVEL=INFO\"\n";

    private FaultCases() {
    }

    static String example() throws IOException {
        try (InputStream in = FaultCases.class.getResourceAsStream(EXAMPLE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The benchmark never starts nor ends: the job runs until something stops it. */
    static Path hangingBenchmark(Path dir) throws IOException {
        return write(dir, "hang", replace(example(), SERVER_ENV,
                SERVER_ENV + "  benchmark_env_var: \"DISAGG_EMULATOR_FAULT=hang\"\n"));
    }

    /** Workers answer {@code factor} times slower: a passing case that takes a while. */
    static Path slowWorkers(Path dir, int factor) throws IOException {
        return write(dir, "slow", replace(example(), WORKER_ENV,
                "  worker_env_var: \"TLLM_LOG_LEVEL=INFO DISAGG_EMULATOR_FAULT=slow:" + factor + "\"\n"));
    }

    /** The example case on nodes of two GPUs: the local cluster's four nodes run four such jobs at once. */
    static Path twoGpusPerNode(Path dir) throws IOException {
        return write(dir, "two-gpus", replace(example(), "  gpus_per_node: 4\n", "  gpus_per_node: 2\n"));
    }

    /** A cluster profile file: the local profile with {@code key: value}. */
    static Path profile(Path dir, String name, String key, String value) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "extends: local\n" + key + ": " + value + "\n");
    }

    private static String replace(String text, String what, String with) {
        assertThat(text).as("the example case").contains(what);
        return text.replace(what, with);
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), text);
    }
}
