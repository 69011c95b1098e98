package dev.disagg.emulator;

import dev.disagg.io.YamlDump;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code extra-llm-api-config.<ctx|gen>.<mode>-<stem>.yml} that CTX_0 / GEN_0 write: upstream's
 * ServerConfig data ({@code internal_request_auth_key} then {@code worker_config.<ctx|gen>}) without
 * the harness's own keys, dumped in order; a relative {@code moe_config.load_balancer} path is
 * joined with the LLM root and {@code speculative_config.speculative_model} with
 * {@code LLM_MODELS_ROOT} (when set), as upstream's generate_extra_llm_api_config does.
 */
final class ExtraConfig {
    /** ServerConfig's exclude_keys. */
    static final Set<String> EXCLUDED = Set.of("mode", "concurrency", "name", "model_name", "disagg_run_type", "gpus",
            "gpus_per_node", "match_mode", "client_configs", "backend", "extra_llm_api_config_path", "server_env_var");

    private ExtraConfig() {
    }

    static String render(String authKey, Map<String, Object> worker, Path llmRoot, String modelsRoot) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("internal_request_auth_key", authKey);
        worker.forEach((key, value) -> {
            if (!EXCLUDED.contains(key)) {
                data.put(key, copy(value));
            }
        });
        if (data.get("speculative_config") instanceof Map<?, ?> spec && modelsRoot != null) {
            Object model = spec.get("speculative_model");
            if (model != null && !String.valueOf(model).isEmpty()) {
                cast(spec).put("speculative_model", Path.of(modelsRoot).resolve(String.valueOf(model)).toString());
            }
        }
        if (data.get("moe_config") instanceof Map<?, ?> moe && moe.get("load_balancer") instanceof String lb
                && !lb.isEmpty() && !Path.of(lb).isAbsolute()) {
            cast(moe).put("load_balancer", llmRoot.resolve(lb).toString());
        }
        return YamlDump.dump(data);
    }

    /** A deep copy: the case YAML may share one object under two keys (anchors), which dump would alias. */
    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
