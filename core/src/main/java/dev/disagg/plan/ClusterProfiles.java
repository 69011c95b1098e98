package dev.disagg.plan;

import dev.disagg.cli.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** The built-in cluster profiles and profile files ({@code --cluster NAME|FILE}). */
public final class ClusterProfiles {
    /**
     * The base pytest command of every role, as upstream's CI passes it (--output-dir, --junit-xml, the
     * node id relative to tests/integration/defs, where the job changes to). One JUnit file per role.
     */
    static final String UPSTREAM_TEST_COMMAND = "pytest -v -s --output-dir={outputDir}"
            + " --junit-xml={junitDir}/pytest_\"${DISAGG_SERVING_TYPE}\".xml {nodeId}";

    /** Upstream's UCX setup when the GPU type has none of its own (jenkins/scripts/perf/submit.py@05323f95). */
    static final String UCX_DEFAULT = "unset UCX_TLS UCX_NET_DEVICES";

    /** Upstream's per-GPU-type UCX setup of the role commands (jenkins/scripts/perf/submit.py@05323f95). */
    static final Map<String, String> UPSTREAM_UCX = Map.of(
            "GB300", "export UCX_TLS=cuda_copy,cuda_ipc,sm,self,tcp",
            "B200", "export UCX_TLS=^ib");

    /** The emulator's poll interval in seconds (upstream's roles poll every 10 s). */
    public static final String EMULATOR_POLL_VARIABLE = "DISAGG_EMULATOR_POLL_SECONDS";

    /** A GB200-style cluster: pmix, pyxis containers, segments, GRES, TensorRT-LLM's real roles. */
    public static final ClusterProfile DEFAULT = new ClusterProfile(
            "default", Optional.of("pmix"), true, true, true, List.of(), Optional.empty(), Optional.empty(),
            "trtllm-llmapi-launch", UPSTREAM_TEST_COMMAND, 3600, 240, Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), UPSTREAM_UCX, Map.of(), false);

    /**
     * The project's local SLURM cluster: the same roles and commands, with the emulator of upstream's
     * roles first on the PATH; no pmix, no pyxis, no segments. Its roles poll every 0.2 s instead of 10 s.
     */
    public static final ClusterProfile LOCAL = new ClusterProfile(
            "local", Optional.empty(), false, false, true, List.of(), Optional.of("batch"), Optional.empty(),
            "trtllm-llmapi-launch", UPSTREAM_TEST_COMMAND, 60, 10, Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), UPSTREAM_UCX, Map.of(EMULATOR_POLL_VARIABLE, "0.2"), true);

    private static final Set<String> KEYS = Set.of("name", "extends", "mpi", "containers", "segment", "gres",
            "sbatch_args", "partition", "account", "launcher", "test_command", "ready_timeout_seconds",
            "case_timeout_minutes", "install_command", "llm_root", "models_root", "upload", "gpu_type",
            "ucx_by_gpu_type", "role_env", "emulator");

    private ClusterProfiles() {
    }

    /** A built-in profile by name, or a YAML profile file (keys as in {@link #KEYS}, {@code extends: local|default}). */
    public static ClusterProfile resolve(String nameOrFile) {
        if (nameOrFile == null || nameOrFile.isBlank() || nameOrFile.equals("default")) {
            return DEFAULT;
        }
        if (nameOrFile.equals("local")) {
            return LOCAL;
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new UserError("cluster profile '" + nameOrFile + "' is neither a built-in profile (default, local) nor a readable file");
        }
        return fromFile(file);
    }

    static ClusterProfile fromFile(Path file) {
        Object loaded = load(file);
        if (!(loaded instanceof Map<?, ?> raw)) {
            throw new UserError(file + ": a cluster profile is a mapping of settings (" + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        for (Object key : raw.keySet()) {
            if (!(key instanceof String) || !KEYS.contains(key)) {
                throw new UserError(file + ": unknown cluster profile key '" + key + "' (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) raw;
        String base = String.valueOf(map.getOrDefault("extends", "default"));
        ClusterProfile parent = switch (base) {
            case "default" -> DEFAULT;
            case "local" -> LOCAL;
            default -> throw new UserError(file + ": extends: expected default or local, got '" + base + "'");
        };
        Settings settings = new Settings(file, map);
        settings.text("test_command").flatMap(TestCommands::quotingProblem).ifPresent(problem -> {
            throw new UserError(file + ": test_command: " + problem);
        });
        return new ClusterProfile(
                settings.text("name").orElse(file.getFileName().toString().replaceFirst("\\.ya?ml$", "")),
                settings.has("mpi") ? settings.text("mpi").filter(v -> !v.isBlank() && !v.equals("none")) : parent.mpi(),
                settings.bool("containers").orElse(parent.containers()),
                settings.bool("segment").orElse(parent.segment()),
                settings.bool("gres").orElse(parent.gres()),
                settings.has("sbatch_args") ? settings.words("sbatch_args") : parent.sbatchArgs(),
                settings.has("partition") ? settings.text("partition") : parent.partition(),
                settings.has("account") ? settings.text("account") : parent.account(),
                settings.text("launcher").orElse(parent.launcher()),
                settings.text("test_command").orElse(parent.testCommand()),
                settings.positive("ready_timeout_seconds").orElse(parent.readyTimeoutSeconds()),
                settings.positive("case_timeout_minutes").orElse(parent.caseTimeoutMinutes()),
                settings.has("install_command") ? settings.text("install_command") : parent.installCommand(),
                settings.has("llm_root") ? settings.text("llm_root").filter(v -> !v.isBlank()) : parent.llmRoot(),
                settings.has("models_root") ? settings.text("models_root").filter(v -> !v.isBlank()) : parent.modelsRoot(),
                settings.bool("upload").orElse(parent.upload()),
                settings.has("gpu_type") ? settings.text("gpu_type").filter(v -> !v.isBlank()) : parent.gpuType(),
                merged(parent.ucxByGpuType(), settings.map("ucx_by_gpu_type", true)),
                merged(parent.roleEnv(), settings.map("role_env", false)),
                settings.bool("emulator").orElse(parent.emulator()));
    }

    private static Map<String, String> merged(Map<String, String> parent, Map<String, String> child) {
        Map<String, String> out = new java.util.LinkedHashMap<>(parent);
        out.putAll(child);
        return out;
    }

    private static Object load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException | YAMLException e) {
            throw new UserError(file + ": cannot read cluster profile: " + e.getMessage().replace('\n', ' '));
        } catch (RuntimeException e) {
            // SnakeYAML's constructors throw plain exceptions for a tag that does not fit (!!int abc).
            throw new UserError(file + ": cannot read cluster profile: " + e);
        }
    }

    private record Settings(Path file, Map<String, Object> map) {
        boolean has(String key) {
            return map.containsKey(key);
        }

        Optional<String> text(String key) {
            Object value = map.get(key);
            return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
        }

        Optional<Boolean> bool(String key) {
            Object value = map.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Boolean b) {
                return Optional.of(b);
            }
            throw new UserError(file + ": " + key + ": expected true or false, got '" + value + "'");
        }

        Optional<Integer> positive(String key) {
            Object value = map.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Integer i && i > 0) {
                return Optional.of(i);
            }
            throw new UserError(file + ": " + key + ": expected a whole number > 0, got '" + value + "'");
        }

        /** A mapping of text to text; GPU types are matched in upper case. */
        Map<String, String> map(String key, boolean upperKeys) {
            Object value = map.get(key);
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> raw)) {
                throw new UserError(file + ": " + key + ": expected a mapping of names to text, got '" + value + "'");
            }
            Map<String, String> out = new java.util.LinkedHashMap<>();
            raw.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (!upperKeys && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UserError(file + ": " + key + ": '" + name + "' is not a variable name");
                }
                out.put(upperKeys ? name.toUpperCase(java.util.Locale.ROOT) : name, v == null ? "" : String.valueOf(v));
            });
            return out;
        }

        List<String> words(String key) {
            Object value = map.get(key);
            if (value instanceof List<?> list) {
                List<String> words = new ArrayList<>();
                list.forEach(item -> words.add(String.valueOf(item)));
                return words;
            }
            return value == null || String.valueOf(value).isBlank() ? List.of() : List.of(String.valueOf(value).trim().split("\\s+"));
        }
    }
}
