package dev.disagg.plan;

import dev.disagg.cli.UserError;
import dev.disagg.secret.SecretNames;
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
    /** Upstream's CI test entry point; the real default for GPU clusters with TensorRT-LLM. */
    static final String UPSTREAM_TEST_COMMAND = "pytest -v -s --rootdir={trtllmRepo}/tests/integration/defs"
            + " --output-dir={caseDir} --junit-xml={caseDir}/pytest_\"${DISAGG_SERVING_TYPE}\".xml"
            + " {trtllmRepo}/tests/integration/defs/perf/test_perf_sanity.py::test_e2e[disagg_upload-{caseName}]";

    /** A GB200-style cluster: pmix, pyxis containers, segments, GRES, TensorRT-LLM's real commands. */
    public static final ClusterProfile DEFAULT = new ClusterProfile(
            "default", Optional.of("pmix"), true, true, true, List.of(), Optional.empty(), Optional.empty(),
            "trtllm-llmapi-launch", UPSTREAM_TEST_COMMAND, 1800, 240, Optional.empty());

    /** The project's local SLURM cluster: no pmix, no pyxis, no segments, stand-in roles. */
    public static final ClusterProfile LOCAL = new ClusterProfile(
            "local", Optional.empty(), false, false, true, List.of(), Optional.of("batch"), Optional.empty(),
            "", "{self} standin", 60, 10, Optional.empty());

    private static final Set<String> KEYS = Set.of("name", "extends", "mpi", "containers", "segment", "gres",
            "sbatch_args", "partition", "account", "launcher", "test_command", "ready_timeout_seconds",
            "case_timeout_minutes", "install_command", "strict_rules", "secret_names", "not_secret_names");

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
                settings.has("strict_rules") ? settings.rules("strict_rules") : parent.strictRules(),
                SecretNames.of(settings.has("secret_names") ? settings.words("secret_names") : parent.secretNames().addedNames(),
                        settings.has("not_secret_names") ? settings.words("not_secret_names") : parent.secretNames().exemptNames()));
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

        /** Validation rules by id, as {@code --strict} takes them. */
        List<String> rules(String key) {
            List<String> rules = words(key);
            for (String rule : rules) {
                try {
                    dev.disagg.config.ValidationPolicy.requireKnown(rule);
                } catch (IllegalArgumentException e) {
                    throw new UserError(file + ": " + key + ": " + e.getMessage());
                }
            }
            return rules;
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
