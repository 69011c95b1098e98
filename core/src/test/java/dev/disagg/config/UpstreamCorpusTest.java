package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every real upstream case file of the corpus (resources/upstream-corpus, see its PROVENANCE.md)
 * validates with the default policy (warnings allowed) and plans with the node counts of upstream's
 * formula: per server ceil(tp x pp x cp / gpus_per_node), no ctx servers in gen_only_no_context.
 * The expected numbers come from the YAML read as plain maps here, not from the loader under test.
 */
class UpstreamCorpusTest {
    private static final Path CORPUS = corpusRoot();
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| `([^`]+)` \\| `([0-9a-f]{40})` \\| ([0-9]+) \\|$");

    @TempDir
    Path workspace;

    static Stream<Path> caseFiles() {
        try (Stream<Path> walk = Files.walk(CORPUS)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void validatesAndPlansWithUpstreamsNodeCounts(Path file) throws IOException {
        Map<String, Object> raw = rawYaml(file);
        LoadResult result = new CaseConfigLoader().load(file);
        assertThat(result.errors()).as(file + "\n" + result.problems()).isEmpty();

        Map<String, Object> hardware = map(raw.get("hardware"));
        Map<String, Object> benchmark = map(raw.get("benchmark"));
        Map<String, Object> workers = map(raw.get("worker_config"));
        int gpusPerNode = number(hardware.get("gpus_per_node"), -1);
        String mode = String.valueOf(benchmark.getOrDefault("mode", "e2e"));
        int ctxServers = mode.equals("gen_only_no_context") ? 0 : number(hardware.get("num_ctx_servers"), -1);
        int genServers = number(hardware.get("num_gen_servers"), -1);
        int ctxPerServer = ceilDiv(world(map(workers.get("ctx"))), gpusPerNode);
        int genPerServer = ceilDiv(world(map(workers.get("gen"))), gpusPerNode);

        Plan plan = Planner.plan(result.config().orElseThrow(), PlanOptions.defaults(workspace));
        assertThat(plan.ctx().servers()).as("ctx servers").isEqualTo(ctxServers);
        assertThat(plan.gen().servers()).as("gen servers").isEqualTo(genServers);
        assertThat(plan.ctx().nodes()).as("ctx nodes").isEqualTo(ctxPerServer * ctxServers);
        assertThat(plan.gen().nodes()).as("gen nodes").isEqualTo(genPerServer * genServers);
        assertThat(plan.totalNodes()).isEqualTo(ctxPerServer * ctxServers + genPerServer * genServers);
        assertThat(plan.totalTasks()).as("upstream's total_gpus").isEqualTo(plan.totalNodes() * gpusPerNode);
    }

    /** TensorRT-LLM's token knobs are settings: their values stay in the role commands, none becomes a secret. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void noUpstreamEnvironmentVariableIsTakenForASecret(Path file) {
        CaseConfig config = new CaseConfigLoader().load(file).config().orElseThrow();
        Plan plan = Planner.plan(config, PlanOptions.defaults(workspace));
        assertThat(plan.secrets().isEmpty()).as(plan.secrets().toString()).isTrue();
        config.environment().workerEnv().stream().filter(v -> v.name().equals("TLLM_SPEC_DECODE_FORCE_NUM_ACCEPTED_TOKENS"))
                .forEach(v -> assertThat(plan.commands().genWorker()).contains(v.name() + "=" + v.value()));
    }

    /** Each file is there as read upstream (length in characters) and listed once in PROVENANCE.md. */
    @Test
    void theCorpusIsWhatItsProvenanceSays() throws IOException {
        String provenance = Files.readString(CORPUS.resolve("PROVENANCE.md"));
        Matcher row = ROW.matcher(provenance);
        Map<String, Integer> listed = new LinkedHashMap<>();
        while (row.find()) {
            assertThat(row.group(2)).as("an upstream case folder")
                    .matches("tests/(scripts/perf-sanity/disaggregated|integration/defs/perf/disagg/test_configs)/.+\\.yaml");
            assertThat(listed.put(row.group(1), Integer.parseInt(row.group(4)))).as("listed once: " + row.group(1)).isNull();
        }
        List<String> files = caseFiles().map(p -> CORPUS.relativize(p).toString().replace('\\', '/')).toList();
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(files);
        for (Map.Entry<String, Integer> entry : listed.entrySet()) {
            String text = Files.readString(CORPUS.resolve(entry.getKey()), StandardCharsets.UTF_8);
            assertThat(text.length()).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    /** At least 60 files, across both folders, GPU types, modes, pipeline parallelism, MTP and EPLB. */
    @Test
    void theCorpusCoversWhatUpstreamRuns() throws IOException {
        List<Path> files = caseFiles().toList();
        assertThat(files).hasSizeGreaterThanOrEqualTo(60);
        Set<String> gpus = new HashSet<>();
        Set<String> modes = new HashSet<>();
        Set<String> models = new HashSet<>();
        int pipelined = 0;
        int mtp = 0;
        int eplb = 0;
        int severalGenServers = 0;
        for (Path file : files) {
            Map<String, Object> raw = rawYaml(file);
            Map<String, Object> metadata = map(raw.get("metadata"));
            ((List<?>) metadata.get("supported_gpus")).forEach(g -> gpus.add(String.valueOf(g)));
            models.add(String.valueOf(metadata.get("model_dir_name")));
            modes.add(String.valueOf(map(raw.get("benchmark")).getOrDefault("mode", "e2e")));
            Map<String, Object> workers = map(raw.get("worker_config"));
            Map<String, Object> gen = map(workers.get("gen"));
            pipelined += number(map(workers.get("ctx")).get("pipeline_parallel_size"), 1) > 1 ? 1 : 0;
            mtp += gen.get("speculative_config") != null ? 1 : 0;
            eplb += map(gen.get("moe_config")).get("load_balancer") != null ? 1 : 0;
            severalGenServers += number(map(raw.get("hardware")).get("num_gen_servers"), 1) > 1 ? 1 : 0;
        }
        assertThat(files).anyMatch(f -> f.startsWith(CORPUS.resolve("perf-sanity")))
                .anyMatch(f -> f.startsWith(CORPUS.resolve("test_configs")));
        assertThat(gpus).contains("B200", "GB200", "GB300");
        assertThat(modes).contains("e2e", "gen_only");
        assertThat(models).hasSizeGreaterThanOrEqualTo(6);
        assertThat(pipelined).isGreaterThanOrEqualTo(10);
        assertThat(mtp).isGreaterThanOrEqualTo(20);
        assertThat(eplb).isGreaterThanOrEqualTo(10);
        assertThat(severalGenServers).isGreaterThanOrEqualTo(3);
    }

    /** Upstream's gen_only_no_context cases run the same files with that mode: no ctx servers, gen nodes unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void asGenOnlyNoContextTheFilePlansNoCtxServers(Path file) throws IOException {
        String text = Files.readString(file);
        String noContext = text.replaceFirst("(?m)^  mode: \\S+$", "  mode: gen_only_no_context");
        Map<String, Object> raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(noContext);
        Map<String, Object> workers = map(raw.get("worker_config"));
        Map<String, Object> hardware = map(raw.get("hardware"));
        int gpusPerNode = number(hardware.get("gpus_per_node"), -1);
        LoadResult result = new CaseConfigLoader().load(workspace.resolve(file.getFileName()), noContext);
        assertThat(result.errors()).as(result.problems().toString()).isEmpty();
        Plan plan = Planner.plan(result.config().orElseThrow(), PlanOptions.defaults(workspace));
        assertThat(plan.ctx().servers()).isZero();
        assertThat(plan.ctx().nodes()).isZero();
        assertThat(plan.totalNodes()).isEqualTo(ceilDiv(world(map(workers.get("gen"))), gpusPerNode)
                * number(hardware.get("num_gen_servers"), -1));
    }

    private static int world(Map<String, Object> worker) {
        return number(worker.get("tensor_parallel_size"), 1) * number(worker.get("pipeline_parallel_size"), 1)
                * number(worker.get("context_parallel_size"), 1);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int number(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value).trim());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> rawYaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    private static Path corpusRoot() {
        try {
            return Path.of(UpstreamCorpusTest.class.getResource("/upstream-corpus/PROVENANCE.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
