package dev.disagg.config;

import dev.disagg.io.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads TensorRT-LLM case files as they are and reports every problem at once. */
public final class CaseConfigLoader {
    /** Real case files are a few KiB; the limit keeps a stray log or dump from being parsed. */
    public static final int MAX_FILE_BYTES = 256 * 1024;
    /** sbatch --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. Zero ("no limit") is left to the cluster's policy. */
    private static final java.util.regex.Pattern SLURM_TIME = java.util.regex.Pattern.compile(
            "[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}");
    /** Real files alias a handful of collections; thousands is an alias bomb. */
    static final int MAX_ALIASES = 50;

    /** Far above any node's GPUs; keeps every product of the plan within an int. */
    static final int MAX_GPUS_PER_NODE = 1024;

    /** The case sections; a YAML file with none of them is not a case file. */
    public static final List<String> CASE_SECTIONS = List.of(
            "metadata", "slurm", "benchmark", "hardware", "environment", "profiling", "accuracy", "worker_config");
    /**
     * Top-level keys upstream's harness reads besides the sections (test_perf_sanity.py, precheck_config.py;
     * core/docs/config.md cites them). This tool passes them by: it plans nothing from them.
     */
    static final List<String> UPSTREAM_EXTRAS = List.of(
            "cache_transceiver_precheck", "server_config_extra", "router_config", "ctx_router_config", "gen_router_config");
    static final List<String> TOP_LEVEL = java.util.stream.Stream.concat(CASE_SECTIONS.stream(), UPSTREAM_EXTRAS.stream()).toList();
    static final List<String> METADATA = List.of(
            "model_name", "precision", "model_dir_name", "supported_gpus", "script_file", "benchmark_type",
            "dataset_file", "config_index", "accuracy", "use_legacy_ctx_calculation", "ctx_capacity");
    static final List<String> SLURM = List.of(
            "script_file", "partition", "account", "job_time", "job_name", "extra_args", "set_segment", "numa_bind",
            "timeout");
    static final List<String> BENCHMARK = List.of(
            "mode", "use_nv_sa_benchmark", "multi_round", "benchmark_ratio", "streaming", "concurrency_list",
            "input_length", "output_length", "dataset_file", "env_var", "enable_benchmark", "benchmark_client",
            "post_benchmark_drain_seconds");
    static final List<String> HARDWARE = List.of("gpus_per_node", "num_ctx_servers", "num_gen_servers");
    static final List<String> ENVIRONMENT = List.of(
            "container_mount", "container_image", "model_path", "trtllm_repo", "build_wheel", "trtllm_wheel_path",
            "cuda_architectures", "work_dir", "log_dir", "worker_env_var", "ctx_worker_env_var",
            "gen_worker_env_var", "server_env_var", "benchmark_env_var", "client_env_var");
    static final List<String> PROFILING = List.of("nsys_on", "ctx_profile_range", "gen_profile_range");
    static final List<String> ACCURACY = List.of(
            "enable_accuracy_test", "model", "tasks", "model_args_extra", "env_var");
    static final List<String> WORKER_CONFIG = List.of("ctx", "gen");

    private final ValidationPolicy policy;

    public CaseConfigLoader(ValidationPolicy policy) {
        this.policy = policy;
    }

    public CaseConfigLoader() {
        this(ValidationPolicy.DEFAULT);
    }

    /** Loads one file; never throws for a user mistake, the problems say what is wrong. */
    public LoadResult load(Path file) {
        String name = file.toString();
        Problems problems = new Problems(name);
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                problems.add(Problem.Severity.ERROR, "file", null, "", "is a directory, expected a case file (.yaml)");
                return new LoadResult(file, Optional.empty(), problems.list());
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // a FIFO would wait for a writer, a device (/dev/zero) never ends
                problems.add(Problem.Severity.ERROR, "file", null, "",
                        "is not a regular file (a device, FIFO or socket), expected a case file (.yaml)");
                return new LoadResult(file, Optional.empty(), problems.list());
            }
            // Read with the limit, not checked against the size the file claims: a file may grow meanwhile.
            bytes = InputFiles.read(file, MAX_FILE_BYTES);
        } catch (InputFiles.RefusedException e) {
            problems.add(Problem.Severity.ERROR, "file", mark(1), "",
                    "file is larger than " + MAX_FILE_BYTES + " bytes; a case file may be at most " + MAX_FILE_BYTES
                            + " bytes (is this really a case file?)");
            return new LoadResult(file, Optional.empty(), problems.list());
        } catch (NoSuchFileException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", "no such file");
            return new LoadResult(file, Optional.empty(), problems.list());
        } catch (IOException e) {
            problems.add(Problem.Severity.ERROR, "file", null, "", "cannot read the file: " + e.getMessage());
            return new LoadResult(file, Optional.empty(), problems.list());
        }
        return parse(file, bytes, problems);
    }

    /**
     * Whether a YAML file found by a directory walk is meant as a case: its top level names at least
     * one of {@link #CASE_SECTIONS}. Upstream keeps helper YAML next to its cases (EPLB load-balancer
     * tables); those are skipped, not failed. A file that cannot be read or parsed counts as a case,
     * so its problem is reported rather than hidden.
     */
    public static boolean isCaseFile(Path file) {
        // Reads events only up to the first top-level key that names a section (usually the first key),
        // so a directory walk costs little more than the checks themselves.
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return true; // the full check says what it is
            }
        } catch (IOException e) {
            return true;
        }
        try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int depth = 0;
            boolean expectKey = true;
            for (Event event : new Yaml(new SafeConstructor(loaderOptions())).parse(reader)) {
                if (event instanceof CollectionStartEvent) {
                    if (depth == 0 && !(event instanceof org.yaml.snakeyaml.events.MappingStartEvent)) {
                        return false;
                    }
                    depth++;
                } else if (event instanceof org.yaml.snakeyaml.events.CollectionEndEvent) {
                    depth--;
                    if (depth == 0) {
                        return false;
                    }
                    expectKey = depth == 1 || expectKey;
                } else if (depth == 1 && (event instanceof org.yaml.snakeyaml.events.ScalarEvent || event instanceof AliasEvent)) {
                    if (expectKey && event instanceof org.yaml.snakeyaml.events.ScalarEvent key
                            && CASE_SECTIONS.contains(key.getValue())) {
                        return true;
                    }
                    expectKey = !expectKey;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // not UTF-8, not YAML ...: the full check says what is wrong
        }
    }

    /** Loads case text that did not come from a file (tests, generated cases). */
    public LoadResult load(Path nominalPath, String text) {
        return parse(nominalPath, text.getBytes(StandardCharsets.UTF_8), new Problems(nominalPath.toString()));
    }

    private LoadResult parse(Path file, byte[] bytes, Problems problems) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(Problem.Severity.ERROR, "file", mark(1), "", "the file is not UTF-8 text");
            return new LoadResult(file, Optional.empty(), problems.list());
        }
        if (text.isBlank()) {
            problems.add(Problem.Severity.ERROR, "empty", mark(1), "",
                    "the file is empty; expected a mapping with the sections " + String.join(", ", CASE_SECTIONS));
            return new LoadResult(file, Optional.empty(), problems.list());
        }
        ValueConstructor constructor = new ValueConstructor(loaderOptions());
        Node root = YamlDocument.compose(text, constructor, "a case file holds exactly one",
                "the file must be a mapping of sections (" + String.join(", ", CASE_SECTIONS) + ")", problems);
        if (root == null) {
            if (!problems.hasErrors()) {
                problems.add(Problem.Severity.ERROR, "empty", mark(1), "",
                        "the file has no content; expected a mapping with the sections " + String.join(", ", CASE_SECTIONS));
            }
            return new LoadResult(file, Optional.empty(), problems.list());
        }
        CaseConfig config;
        try {
            config = new CaseReader(file, Section.of(root, "", problems), constructor, policy).read(text);
        } catch (YAMLException e) {
            // Constructing a verbatim section can still refuse it (a recursive alias, a merge key of a list of numbers).
            problems.add(Problem.Severity.ERROR, "yaml", YamlDocument.markOf(e), "worker_config", YamlDocument.message(e));
            return new LoadResult(file, Optional.empty(), problems.list());
        }
        return new LoadResult(file, problems.hasErrors() ? Optional.empty() : Optional.of(config), problems.list());
    }

    /**
     * Reports every key written twice in one mapping. YAML parsers disagree on which one wins
     * (the inference server's keeps the last), so a duplicate is a mistake to fix, not to guess.
     */
    static boolean duplicateKeys(Node root, Problems problems) {
        boolean found = false;
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (!seen.add(node)) {
                continue; // an alias: its node was checked where it was defined
            }
            if (node instanceof SequenceNode sequence) {
                pending.addAll(sequence.getValue());
            } else if (node instanceof MappingNode mapping) {
                Map<String, Node> first = new HashMap<>();
                for (NodeTuple tuple : mapping.getValue()) {
                    pending.push(tuple.getValueNode());
                    if (tuple.getKeyNode() instanceof ScalarNode key && !key.getTag().equals(Tag.MERGE)) {
                        Node earlier = first.putIfAbsent(key.getValue(), key);
                        if (earlier != null) {
                            found = true;
                            problems.error("duplicate-key", key, "", "key '" + Section.shown(key.getValue()) + "' is written twice in one mapping (first at line "
                                    + (earlier.getStartMark().getLine() + 1) + "); keep one");
                        }
                    }
                }
            }
        }
        return found;
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    static org.yaml.snakeyaml.error.Mark mark(int line) {
        return new org.yaml.snakeyaml.error.Mark("", 0, line - 1, 0, new int[0], 0);
    }

    /** Turns composed nodes into plain Java values (maps keep key order) for verbatim sections. */
    static final class ValueConstructor extends SafeConstructor {
        ValueConstructor(LoaderOptions options) {
            super(options);
        }

        Object value(Node node) {
            return constructDocument(node);
        }
    }

    /** One pass over a document: typed sections for the tool, verbatim worker sections. */
    private static final class CaseReader {
        private final Path file;
        private final Section root;
        private final Problems problems;
        private final ValueConstructor constructor;
        private final ValidationPolicy policy;

        CaseReader(Path file, Section root, ValueConstructor constructor, ValidationPolicy policy) {
            this.file = file;
            this.root = root;
            this.problems = root.problems();
            this.constructor = constructor;
            this.policy = policy;
        }

        CaseConfig read(String text) {
            root.checkKeys(TOP_LEVEL, policy);
            CaseConfig.Metadata metadata = metadata(root.section("metadata"));
            CaseConfig.Slurm slurm = slurm(root.section("slurm"));
            CaseConfig.Benchmark benchmark = benchmark(root.requiredSection("benchmark"));
            CaseConfig.Hardware hardware = hardware(root.requiredSection("hardware"), metadata, benchmark);
            CaseConfig.Environment environment = environment(root.section("environment"));
            CaseConfig.Profiling profiling = profiling(root.section("profiling"));
            Section accuracySection = root.section("accuracy");
            accuracySection.checkKeys(ACCURACY, policy);
            Section workers = root.requiredSection("worker_config");
            workers.checkKeys(WORKER_CONFIG, policy);
            CaseConfig.Worker ctx = worker(workers, "ctx");
            CaseConfig.Worker gen = worker(workers, "gen");
            SemanticRules.check(root, benchmark, hardware, ctx, gen, policy, problems);
            String stem = file.getFileName() == null ? "case" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            return new CaseConfig(file, stem, metadata, slurm, benchmark, hardware, environment, profiling,
                    verbatim(accuracySection), ctx, gen, text);
        }

        private CaseConfig.Metadata metadata(Section section) {
            section.checkKeys(METADATA, policy);
            boolean legacy = section.bool("use_legacy_ctx_calculation", false);
            int capacity = section.integer("ctx_capacity", 1).orElse(CaseConfig.Metadata.DEFAULT_CTX_CAPACITY);
            if (section.has("ctx_capacity") && !legacy) {
                problems.warning("legacy", section.valueNode("ctx_capacity").orElseThrow(), section.childPath("ctx_capacity"),
                        "ctx_capacity is only used with use_legacy_ctx_calculation: true; it is ignored");
            }
            return new CaseConfig.Metadata(
                    section.string("model_name"), section.string("precision"), section.string("benchmark_type"),
                    section.strings("supported_gpus"), legacy, capacity);
        }

        private CaseConfig.Slurm slurm(Section section) {
            section.checkKeys(SLURM, policy);
            Optional<String> jobTime = filled(section.optionText("job_time"));
            jobTime.filter(time -> !SLURM_TIME.matcher(time).matches()).ifPresent(time ->
                    problems.error("format", section.valueNode("job_time").orElseThrow(), section.childPath("job_time"),
                            "'" + Section.shown(time) + "' is not a SLURM time limit; expected e.g. '02:00:00', '90', '1-12:00:00'"));
            List<String> extraArgs = section.string("extra_args").flatMap(args -> sbatchWords(section, args)).orElse(List.of());
            return new CaseConfig.Slurm(
                    filled(section.optionText("partition")), filled(section.optionText("account")),
                    jobTime, filled(section.optionText("job_name")), extraArgs,
                    section.bool("set_segment", true), section.bool("numa_bind", false), section.integer("timeout", 1));
        }

        /** Whitespace separates the extra arguments; any other control character cannot be in one. */
        private Optional<List<String>> sbatchWords(Section section, String args) {
            if (Section.firstControl(args, " \t\n\r") >= 0) {
                problems.error("text", section.valueNode("extra_args").orElseThrow(), section.childPath("extra_args"),
                        "contains a control character; sbatch arguments are plain words separated by spaces");
                return Optional.empty();
            }
            List<String> words = words(args);
            for (String word : words) {
                SbatchArgs.problem(word).ifPresent(problem -> problems.error("sbatch-option",
                        section.valueNode("extra_args").orElseThrow(), section.childPath("extra_args"), problem));
            }
            return Optional.of(words);
        }

        private CaseConfig.Benchmark benchmark(Section section) {
            section.checkKeys(BENCHMARK, policy);
            String mode = section.string("mode", "e2e");
            if (!CaseConfig.Benchmark.MODES.contains(mode)) {
                String hint = Suggestions.closest(mode, CaseConfig.Benchmark.MODES).map(m -> " (did you mean '" + m + "'?)").orElse("");
                problems.error("enum", section.valueNode("mode").orElseThrow(), section.childPath("mode"),
                        "unknown mode '" + Section.shown(mode) + "'; expected one of " + String.join(", ", CaseConfig.Benchmark.MODES) + hint);
            }
            List<Integer> concurrency = concurrency(section);
            int isl = section.requiredInteger("input_length", 1);
            int osl = section.requiredInteger("output_length", 1);
            return new CaseConfig.Benchmark(
                    mode, section.bool("streaming", true), concurrency, isl, osl,
                    section.integer("multi_round", 1).orElse(1), section.number("benchmark_ratio"),
                    filled(section.string("dataset_file")), section.bool("use_nv_sa_benchmark", false),
                    section.bool("enable_benchmark", true), envVars(section, "env_var"));
        }

        private List<Integer> concurrency(Section section) {
            String path = section.childPath("concurrency_list");
            Optional<Node> value = section.valueNode("concurrency_list");
            if (value.isEmpty()) {
                section.reportMissing("concurrency_list", "missing required key (expected concurrencies, e.g. '1 2 4 8')");
                return List.of();
            }
            List<Node> items = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            if (value.get() instanceof ScalarNode scalar) {
                // upstream writes '1 2 4'; issue 12's users write '1,2,4' and '1, 2, 4'
                for (String word : java.util.Arrays.stream(scalar.getValue().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList()) {
                    items.add(scalar);
                    texts.add(word);
                }
            } else if (value.get() instanceof SequenceNode sequence) {
                for (Node item : sequence.getValue()) {
                    items.add(item);
                    texts.add(item instanceof ScalarNode s ? s.getValue() : null);
                }
            } else {
                problems.error("type", value.get(), path, "expected concurrencies as '1 2 4', a number or a list, got a mapping");
                return List.of();
            }
            List<Integer> result = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                if (text == null || !text.trim().matches("[0-9]{1,9}") || Integer.parseInt(text.trim()) <= 0) {
                    problems.error("concurrency", items.get(i), path, "cannot read concurrency "
                            + (text == null ? "(not a number)" : "'" + Section.shown(text) + "'") + ": expected whole numbers > 0 separated by spaces or commas, e.g. '1 2 4 8'");
                } else {
                    result.add(Integer.parseInt(text.trim()));
                }
            }
            if (texts.isEmpty()) {
                problems.error("concurrency", value.get(), path, "the concurrency list is empty; expected e.g. '1 2 4 8'");
            }
            return List.copyOf(result);
        }

        private CaseConfig.Hardware hardware(Section section, CaseConfig.Metadata metadata, CaseConfig.Benchmark benchmark) {
            section.checkKeys(HARDWARE, policy);
            int gpusPerNode = section.requiredInteger("gpus_per_node", 1);
            if (gpusPerNode > MAX_GPUS_PER_NODE) {
                problems.error("range", section.valueNode("gpus_per_node").orElseThrow(), section.childPath("gpus_per_node"),
                        "expected at most " + MAX_GPUS_PER_NODE + " GPUs per node, got " + gpusPerNode);
            }
            int minCtx = benchmark.startsCtxServers() ? 1 : 0;
            Optional<Integer> ctx;
            if (metadata.useLegacyCtxCalculation()) {
                ctx = section.integer("num_ctx_servers", minCtx);
            } else {
                ctx = Optional.of(section.requiredInteger("num_ctx_servers", minCtx));
            }
            return new CaseConfig.Hardware(gpusPerNode, ctx, section.requiredInteger("num_gen_servers", 1));
        }

        private CaseConfig.Environment environment(Section section) {
            section.checkKeys(ENVIRONMENT, policy);
            return new CaseConfig.Environment(
                    filled(section.programText("container_image")), filled(section.programText("container_mount")),
                    filled(section.programText("model_path")), filled(section.programText("trtllm_repo")),
                    filled(section.programText("work_dir")), filled(section.programText("trtllm_wheel_path")),
                    section.bool("build_wheel", false),
                    envVars(section, "worker_env_var"), envVars(section, "ctx_worker_env_var"),
                    envVars(section, "gen_worker_env_var"), envVars(section, "server_env_var"),
                    envVars(section, "benchmark_env_var"));
        }

        private CaseConfig.Profiling profiling(Section section) {
            section.checkKeys(PROFILING, policy);
            return new CaseConfig.Profiling(section.bool("nsys_on", false),
                    filled(section.programText("ctx_profile_range")), filled(section.programText("gen_profile_range")));
        }

        private CaseConfig.Worker worker(Section workers, String role) {
            Section section = workers.requiredSection(role);
            int tp = section.requiredInteger("tensor_parallel_size", 1);
            int pp = section.integer("pipeline_parallel_size", 1).orElse(1);
            int cp = section.integer("context_parallel_size", 1).orElse(1);
            Section moe = section.section("moe_config");
            // TensorRT-LLM also takes a file path here (upstream's EPLB tables); only a mapping says how many slots.
            int eplb = moe.valueNode("load_balancer").filter(MappingNode.class::isInstance).map(node ->
                    moe.section("load_balancer").integer("num_slots", 0).orElse(0)).orElse(0);
            Section speculative = section.section("speculative_config");
            int mtp = speculative.integer("num_nextn_predict_layers", 0)
                    .or(() -> speculative.integer("max_draft_len", 0)).orElse(0);
            return new CaseConfig.Worker(
                    verbatim(section), tp, pp, cp, section.bool("enable_attention_dp", false),
                    section.integer("max_batch_size", 1), section.integer("max_num_tokens", 1),
                    section.integer("max_seq_len", 1), eplb, mtp);
        }

        private List<EnvVar> envVars(Section section, String key) {
            Optional<Node> value = section.valueNode(key);
            if (value.isEmpty()) {
                return List.of();
            }
            List<EnvVar> vars = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            if (value.get() instanceof ScalarNode) {
                section.programText(key).ifPresent(text -> vars.addAll(EnvVar.parse(text, wrong)));
            } else if (value.get() instanceof MappingNode) {
                // Names and values as written (yes stays yes, 0x10 stays 0x10): they become shell text; a
                // nested value is an error rather than something expanded into text, aliases and all.
                Section map = Section.of(value.get(), section.childPath(key), problems);
                for (String name : map.keys()) {
                    if (!EnvVar.NAME.matcher(name).matches()) {
                        bad.add(name);
                    } else {
                        vars.add(new EnvVar(name, map.programText(name).orElse("")));
                    }
                }
            } else {
                problems.error("type", value.get(), section.childPath(key), "expected 'NAME=value NAME=value' or a mapping, got a list");
            }
            for (String name : bad) {
                wrong.add("'" + Section.shown(name) + "' is not a NAME=value assignment (NAME: letters, digits, _; not starting with a digit)");
            }
            wrong.forEach(message -> problems.error("env", value.get(), section.childPath(key), message));
            return List.copyOf(vars);
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> verbatim(Section section) {
            if (section.node() == null) {
                return Map.of();
            }
            Object value = constructor.value(section.node());
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
        }

        private static List<String> words(String text) {
            String trimmed = text.trim();
            return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
        }

        /** Upstream ships {@code <partition>}-style placeholders; they mean "not set". */
        private static Optional<String> filled(Optional<String> value) {
            return value.map(String::trim).filter(v -> !v.isEmpty() && !(v.startsWith("<") && v.endsWith(">")));
        }
    }
}
