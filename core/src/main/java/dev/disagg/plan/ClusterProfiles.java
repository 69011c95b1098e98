package dev.disagg.plan;

import dev.disagg.config.SbatchArgs;
import dev.disagg.config.SettingsFile;
import dev.disagg.secret.SecretNames;
import dev.disagg.verdict.VerdictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

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
            List.of("trtllm-llmapi-launch"), UPSTREAM_TEST_COMMAND, 3600, 240, Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), UPSTREAM_UCX, Map.of(), false);

    /**
     * The project's local SLURM cluster: the same roles and commands, with the emulator of upstream's
     * roles first on the PATH; no pmix, no pyxis, no segments, no NUMA binding (no numactl there). Its roles poll every 0.2 s instead of 10 s.
     */
    public static final ClusterProfile LOCAL = new ClusterProfile(
            "local", Optional.empty(), false, false, true, List.of(), Optional.of("batch"), Optional.empty(),
            List.of("trtllm-llmapi-launch"), UPSTREAM_TEST_COMMAND, 60, 10, Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), UPSTREAM_UCX, Map.of(EMULATOR_POLL_VARIABLE, "0.2"), true, List.of(), SecretNames.DEFAULT,
            false, false);

    /** Far larger than any profile; a larger file is not one. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    /** An MPI plugin, a partition or account name (several partitions are separated by commas). */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+:-]*");
    private static final Pattern NAME_LIST = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+:-]*(,[A-Za-z0-9_][A-Za-z0-9_.+:-]*)*");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A day is longer than any role needs to start. */
    private static final long MAX_READY_SECONDS = 24 * 3600;

    /** The keys a profile file may set; a new key is one line here and one read in {@link #fromFile}. */
    private static final Set<String> KEYS = Set.of("name", "extends", "mpi", "containers", "segment", "gres",
            "sbatch_args", "partition", "account", "launcher", "test_command", "ready_timeout_seconds",
            "case_timeout_minutes", "install_command", "llm_root", "models_root", "upload", "gpu_type",
            "ucx_by_gpu_type", "role_env", "emulator", "strict_rules", "secret_names", "not_secret_names", "numa_bind", "coverage");

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
        if (!Files.exists(file)) {
            throw VerdictException.invalid("cluster profile '" + nameOrFile + "' is neither a built-in profile (default, local) nor a readable file");
        }
        return fromFile(file);
    }

    /** Reads a profile file with the case files' rules; every problem is reported with its line, exit 2. */
    static ClusterProfile fromFile(Path file) {
        SettingsFile settings = SettingsFile.read(file, MAX_FILE_BYTES, "cluster profile", KEYS);
        if (!settings.errors().isEmpty()) {
            throw VerdictException.invalid(settings.errorText() + "\n" + file + ": invalid cluster profile");
        }
        ClusterProfile parent = switch (settings.text("extends").orElse("default")) {
            case "default" -> DEFAULT;
            case "local" -> LOCAL;
            default -> {
                settings.error("extends", "expected default or local");
                yield DEFAULT;
            }
        };
        settings.programText("test_command").flatMap(TestCommands::quotingProblem)
                .ifPresent(problem -> settings.error("test_command", problem));
        Optional<List<String>> sbatchArgs = settings.words("sbatch_args");
        sbatchArgs.ifPresent(words -> words.forEach(word -> SbatchArgs.problem(word)
                .ifPresent(problem -> settings.error("sbatch_args", problem))));
        Optional<String> mpi = settings.word("mpi", PLAIN_WORD, "an MPI plugin name (pmix, pmi2, none)");
        ClusterProfile profile = new ClusterProfile(
                settings.text("name").orElse(file.getFileName().toString().replaceFirst("\\.ya?ml$", "")),
                settings.has("mpi") ? mpi.filter(v -> !v.equals("none")) : parent.mpi(),
                settings.bool("containers").orElse(parent.containers()),
                settings.bool("segment").orElse(parent.segment()),
                settings.bool("gres").orElse(parent.gres()),
                settings.has("sbatch_args") ? sbatchArgs.orElse(List.of()) : parent.sbatchArgs(),
                settings.has("partition") ? settings.word("partition", NAME_LIST, "a partition name (or names separated by commas)")
                        : parent.partition(),
                settings.has("account") ? settings.word("account", PLAIN_WORD, "an account name") : parent.account(),
                settings.has("launcher") ? settings.words("launcher").orElse(List.of()) : parent.launcher(),
                settings.programText("test_command").orElse(parent.testCommand()),
                settings.integer("ready_timeout_seconds", 1, MAX_READY_SECONDS).orElse(parent.readyTimeoutSeconds()),
                settings.integer("case_timeout_minutes", 1, Planner.MAX_CASE_TIMEOUT_MINUTES).orElse(parent.caseTimeoutMinutes()),
                settings.has("install_command") ? settings.programText("install_command") : parent.installCommand(),
                settings.has("llm_root") ? settings.text("llm_root").filter(v -> !v.isBlank()) : parent.llmRoot(),
                settings.has("models_root") ? settings.text("models_root").filter(v -> !v.isBlank()) : parent.modelsRoot(),
                settings.bool("upload").orElse(parent.upload()),
                settings.has("gpu_type") ? settings.word("gpu_type", PLAIN_WORD, "a GPU type (GB200, GB300, B200, ...)")
                        : parent.gpuType(),
                merged(parent.ucxByGpuType(), upperKeys(settings.programTextMap("ucx_by_gpu_type", PLAIN_WORD, "a GPU type"))),
                merged(parent.roleEnv(), settings.programTextMap("role_env", VARIABLE_NAME, "a variable name")),
                settings.bool("emulator").orElse(parent.emulator()),
                settings.has("strict_rules") ? rules(settings) : parent.strictRules(),
                SecretNames.of(settings.has("secret_names") ? settings.words("secret_names").orElse(List.of())
                                : parent.secretNames().addedNames(),
                        settings.has("not_secret_names") ? settings.words("not_secret_names").orElse(List.of())
                                : parent.secretNames().exemptNames()),
                settings.bool("numa_bind").orElse(parent.numaBind()),
                settings.bool("coverage").orElse(parent.coverage()));
        if (!settings.errors().isEmpty()) {
            throw VerdictException.invalid(settings.errorText() + "\n" + file + ": invalid cluster profile");
        }
        return profile;
    }

    /** Validation rules by id, as {@code --strict} takes them; an unknown id is a problem on its line. */
    private static List<String> rules(SettingsFile settings) {
        List<String> rules = settings.words("strict_rules").orElse(List.of());
        for (String rule : rules) {
            try {
                dev.disagg.config.ValidationPolicy.requireKnown(rule);
            } catch (IllegalArgumentException e) {
                settings.error("strict_rules", e.getMessage());
            }
        }
        return rules;
    }

    private static Map<String, String> upperKeys(Map<String, String> byType) {
        Map<String, String> out = new LinkedHashMap<>();
        byType.forEach((type, setup) -> out.put(type.toUpperCase(Locale.ROOT), setup));
        return out;
    }

    private static Map<String, String> merged(Map<String, String> parent, Map<String, String> child) {
        Map<String, String> out = new LinkedHashMap<>(parent);
        out.putAll(child);
        return out;
    }
}
