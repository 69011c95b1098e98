package dev.disagg.emulator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What upstream's {@code _parse_disagg_config_file} takes from a case YAML, with its defaults.
 *
 * @param timeoutSeconds {@code slurm.timeout} (10800): every role's wait bound
 * @param concurrencies  {@code benchmark.concurrency_list} (a string, a list or one number); gen_only keeps the first
 * @param iterations     {@code benchmark.multi_round} (1); 1 for gen_only
 * @param ctx            {@code worker_config.ctx} as written
 * @param gen            {@code worker_config.gen} as written
 * @param specDecoding   a {@code speculative_config.decoding_type} in ctx or gen
 */
record CaseSpec(
        String modelName,
        long timeoutSeconds,
        int numCtx,
        int numGen,
        List<Integer> concurrencies,
        int iterations,
        int inputLength,
        int outputLength,
        boolean streaming,
        Map<String, Object> ctx,
        Map<String, Object> gen,
        boolean specDecoding,
        Optional<String> authKey) {

    static final long DEFAULT_TIMEOUT = 10800;

    /** A case the test cannot run; pytest reports it as the test's failure. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    static Map<String, Object> readYaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object root = new Yaml(new LoaderOptions()).load(reader);
            return root instanceof Map<?, ?> map ? cast(map) : Map.of();
        }
    }

    static CaseSpec of(Map<String, Object> config, TestId id) {
        Map<String, Object> metadata = section(config, "metadata");
        Map<String, Object> hardware = section(config, "hardware");
        Map<String, Object> benchmark = section(config, "benchmark");
        Map<String, Object> slurm = section(config, "slurm");
        Map<String, Object> workers = section(config, "worker_config");
        String model = String.valueOf(metadata.getOrDefault("model_name", ""));
        if (model.isEmpty() || model.equals("null")) {
            throw new Invalid("AssertionError: model_name is required in metadata section");
        }
        int numCtx = integer(hardware.getOrDefault("num_ctx_servers", 0), "hardware.num_ctx_servers");
        int numGen = integer(hardware.getOrDefault("num_gen_servers", 0), "hardware.num_gen_servers");
        if (id.genOnly() && String.valueOf(benchmark.getOrDefault("mode", "e2e")).contains("gen_only_no_context")) {
            numCtx = 0;
        }
        List<Integer> concurrencies = concurrencies(benchmark.getOrDefault("concurrency_list", "1"));
        if (concurrencies.isEmpty()) {
            throw new Invalid("IndexError: benchmark.concurrency_list is empty");
        }
        int iterations = integer(benchmark.getOrDefault("multi_round", 1), "benchmark.multi_round");
        if (id.genOnly()) {
            concurrencies = List.of(concurrencies.get(0));
            iterations = 1;
        }
        Map<String, Object> ctx = section(workers, "ctx");
        Map<String, Object> gen = section(workers, "gen");
        Object key = config.get("internal_request_auth_key");
        return new CaseSpec(model,
                integer(slurm.getOrDefault("timeout", DEFAULT_TIMEOUT), "slurm.timeout"),
                numCtx, numGen, concurrencies, iterations,
                integer(benchmark.getOrDefault("input_length", 1024), "benchmark.input_length"),
                integer(benchmark.getOrDefault("output_length", 1024), "benchmark.output_length"),
                !Boolean.FALSE.equals(benchmark.getOrDefault("streaming", true)),
                ctx, gen, decodingType(ctx) || decodingType(gen),
                key == null || String.valueOf(key).isEmpty() ? Optional.empty() : Optional.of(String.valueOf(key)));
    }

    /** Speculative draft length (max_draft_len, else num_nextn_predict_layers) of the gen worker, 0 without one. */
    int maxDraftLen() {
        Map<String, Object> spec = section(gen, "speculative_config");
        Object value = spec.getOrDefault("max_draft_len", spec.getOrDefault("num_nextn_predict_layers", 0));
        return value instanceof Number n ? n.intValue() : 0;
    }

    /** Whether gen workers print py_executor's per-iteration line ({@code print_iter_log}). */
    boolean genPrintsIterLog() {
        return Boolean.TRUE.equals(gen.get("print_iter_log"));
    }

    private static boolean decodingType(Map<String, Object> worker) {
        Object type = section(worker, "speculative_config").get("decoding_type");
        return type != null && !String.valueOf(type).isEmpty();
    }

    private static List<Integer> concurrencies(Object value) {
        List<Integer> result = new ArrayList<>();
        if (value instanceof String text) {
            for (String token : text.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    result.add(integer(token, "benchmark.concurrency_list"));
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                result.add(integer(item, "benchmark.concurrency_list"));
            }
        } else {
            result.add(integer(value, "benchmark.concurrency_list"));
        }
        return List.copyOf(result);
    }

    private static int integer(Object value, String path) {
        try {
            if (value instanceof Number n) {
                return Math.toIntExact(n.longValue());
            }
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Invalid("ValueError: " + path + ": invalid literal for int(): '" + value + "'");
        }
    }

    static Map<String, Object> section(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    private static Map<String, Object> cast(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
