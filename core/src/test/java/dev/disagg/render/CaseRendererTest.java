package dev.disagg.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.disagg.cli.CliRun;
import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.CaseTexts;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The case directory: what render writes, and that an earlier run is kept, never lost. */
class CaseRendererTest {
    @TempDir
    Path dir;

    private static Object yaml(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Path caseFile, String role) throws IOException {
        Map<String, Object> root = (Map<String, Object>) yaml(Files.readString(caseFile));
        return (Map<String, Object>) ((Map<String, Object>) root.get("worker_config")).get(role);
    }

    /** Key order at every level, not only equality: the server reads these files as written. */
    @SuppressWarnings("unchecked")
    private static List<String> keyPaths(Object value, String prefix) {
        List<String> paths = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                paths.add(prefix + key);
                paths.addAll(keyPaths(child, prefix + key + "."));
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                paths.addAll(keyPaths(list.get(i), prefix + i + "."));
            }
        }
        return paths;
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(CaseTexts.fixtures())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void ctxAndGenConfigsAreTheWorkerSectionsVerbatimInTheirKeyOrder(String fixture) throws Exception {
        Path file = CaseTexts.fixture(fixture);
        Path workspace = dir.resolve("ws");
        CliRun run = CliRun.run("render", "--cluster", "default", "--config", file.toString(), "--workspace", workspace.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());

        Path caseDir = workspace.resolve("disagg_logs").resolve(fixture.replaceFirst("\\.yaml$", ""));
        for (String role : List.of("ctx", "gen")) {
            Object written = yaml(Files.readString(caseDir.resolve(role + "_config.yaml")));
            Map<String, Object> original = section(file, role);
            assertThat(written).as(role).isEqualTo(original);
            assertThat(keyPaths(written, "")).as(role + " key order").containsExactlyElementsOf(keyPaths(original, ""));
        }
    }

    @Test
    void theRolesConfigCopyMasksSecretsAndStaysValidYaml() throws Exception {
        // A secret as a whole plain value (flow and block) would read as an alias if masked with "***".
        Path file = CaseTexts.write(dir, "secret.yaml", CaseTexts.minimalWith("  worker_env_var: \"A=1\"",
                "  worker_env_var: \"HF_TOKEN=hfWorkerToken1 A=1\"\n  ctx_worker_env_var: {MY_API_KEY: ctxApiKey22}\n"
                        + "  server_env_var: SERVER_PASSWORD=serverPass333"));
        Path workspace = dir.resolve("ws");
        CliRun run = CliRun.run("render", "--cluster", "default", "--config", file.toString(), "--workspace", workspace.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());

        String copy = Files.readString(workspace.resolve("disagg_logs/secret/disagg_configs/secret.yaml"));
        assertThat(copy).doesNotContain("hfWorkerToken1", "ctxApiKey22", "serverPass333");
        Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(copy);
        assertThat(parsed.get("environment")).isEqualTo(Map.of("worker_env_var", "HF_TOKEN=REDACTED A=1",
                "ctx_worker_env_var", Map.of("MY_API_KEY", "REDACTED"), "server_env_var", "SERVER_PASSWORD=REDACTED"));
    }

    @Test
    void renderWritesThePlanTheConfigsAndTheJobScript() throws Exception {
        Path file = CaseTexts.write(dir, "tiny.yaml",
                CaseTexts.minimalWith("    tensor_parallel_size: 8", "    tensor_parallel_size: '8'\n    zz_custom: {b: 1, a: 2}"));
        Path workspace = dir.resolve("ws");
        CliRun run = CliRun.run("render", "--cluster", "default", "--config", file.toString(), "--workspace", workspace.toString());
        assertThat(run.status()).as(run.all()).isEqualTo(Verdict.PASS.exitCode());

        Path caseDir = workspace.resolve("disagg_logs/tiny");
        assertThat(caseDir.resolve("plan.json")).isRegularFile();
        assertThat(caseDir.resolve("job.sh")).isRegularFile().isExecutable();
        // the roles make the hostnames directory; the job refuses a case directory that has one (a requeued job)
        assertThat(caseDir.resolve("disagg-e2e-" + caseDir.getFileName())).doesNotExist();
        // upstream's roles read the case from DISAGG_CONFIG_FOLDER: the very bytes that were planned
        assertThat(caseDir.resolve("disagg_configs").resolve(caseDir.getFileName() + ".yaml")).hasSameBinaryContentAs(file);
        assertThat(run.out()).contains("wrote " + caseDir.resolve("plan.json"), "wrote " + caseDir.resolve("gen_config.yaml"));

        CliRun plan = CliRun.run("plan", "--json", "--cluster", "default", "--config", file.toString(), "--workspace", workspace.toString());
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(caseDir.resolve("plan.json").toFile())).isEqualTo(json.readTree(plan.out()));

        String gen = Files.readString(caseDir.resolve("gen_config.yaml"));
        assertThat(gen).startsWith("tensor_parallel_size: '8'\nzz_custom:\n  b: 1\n  a: 2\nenable_attention_dp: true\n");
        // sbatch options go on sbatch's command line (plan.json's list), so no #SBATCH line can disagree with them
        assertThat(Files.readString(caseDir.resolve("job.sh")))
                .startsWith("#!/bin/bash\n")
                .contains("\nSERVER_TYPES=(GEN_0 CTX_0)\n", "\nSERVER_NODES=(0,1 2)\n", "\nSERVER_TASKS=(8 4)\n",
                        "\nSERVER_LOGS=(gen_server_0.log ctx_server_0.log)\n", "WORKER_SRUN_ARGS=(--mpi=pmix)", "wait -n -p")
                .doesNotContain("@@HEADER@@", "#SBATCH");
    }

    @Test
    void anEarlierRunIsMovedAsideWithItsLogsNeverOverwritten() throws Exception {
        Path file = CaseTexts.write(dir, "again.yaml", CaseTexts.MINIMAL);
        Path workspace = dir.resolve("ws");
        Path caseDir = workspace.resolve("disagg_logs/again");
        String[] render = {"render", "--config", file.toString(), "--workspace", workspace.toString()};

        assertThat(CliRun.run(render).status()).isEqualTo(Verdict.PASS.exitCode());
        Files.writeString(caseDir.resolve("slurm_101.log"), "first run's log");
        String firstPlan = Files.readString(caseDir.resolve("plan.json"));

        CliRun second = CliRun.run(render);
        assertThat(second.status()).isEqualTo(Verdict.PASS.exitCode());
        Path prev1 = workspace.resolve("disagg_logs/again.prev-1");
        assertThat(second.out()).contains("earlier run kept as " + prev1);
        assertThat(prev1.resolve("slurm_101.log")).hasContent("first run's log");
        assertThat(prev1.resolve("plan.json")).hasContent(firstPlan);
        assertThat(caseDir.resolve("slurm_101.log")).doesNotExist();
        assertThat(caseDir.resolve("plan.json")).isRegularFile();

        Files.writeString(caseDir.resolve("slurm_102.log"), "second run's log");
        assertThat(CliRun.run(render).status()).isEqualTo(Verdict.PASS.exitCode());
        assertThat(workspace.resolve("disagg_logs/again.prev-2/slurm_102.log")).hasContent("second run's log");
        assertThat(prev1.resolve("slurm_101.log")).hasContent("first run's log");
    }

    @Test
    void theNextKeptNameIsOnePastTheHighestAlreadyThere() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("disagg_logs"));
        Path caseDir = Files.createDirectories(logs.resolve("c"));
        Files.createDirectories(logs.resolve("c.prev-7"));
        Files.createDirectories(logs.resolve("c.prev-x"));
        Files.createDirectories(logs.resolve("other.prev-40"));
        Files.writeString(caseDir.resolve("benchmark.log"), "keep me");

        assertThat(fresh(caseDir)).contains(logs.resolve("c.prev-8"));
        assertThat(logs.resolve("c.prev-8/benchmark.log")).hasContent("keep me");
        assertThat(caseDir).isEmptyDirectory();
    }

    private static java.util.Optional<Path> fresh(Path caseDir) throws Exception {
        try (CaseDirectory claimed = CaseDirectory.claim(caseDir)) {
            return claimed.prepareFresh();
        }
    }

    @Test
    void aClaimedCaseIsRefusedToAnotherRunUntilItIsLetGo() throws Exception {
        Path caseDir = dir.resolve("disagg_logs/c");
        try (CaseDirectory first = CaseDirectory.claim(caseDir)) {
            first.prepareFresh();
            assertThatThrownBy(() -> CaseDirectory.claim(caseDir))
                    .isInstanceOf(CaseDirectory.BusyException.class)
                    .hasMessageStartingWith("case c is being run by pid " + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("nothing was changed");
        }
        assertThat(caseDir).isEmptyDirectory();
        try (CaseDirectory again = CaseDirectory.claim(caseDir)) {
            assertThat(again.prepareFresh()).contains(dir.resolve("disagg_logs/c.prev-1"));
        }
    }

    @Test
    void aFileWhereTheCaseDirectoryGoesIsKeptToo() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("disagg_logs"));
        Path caseDir = Files.writeString(logs.resolve("c"), "someone's notes");
        assertThat(fresh(caseDir)).contains(logs.resolve("c.prev-1"));
        assertThat(logs.resolve("c.prev-1")).hasContent("someone's notes");
        assertThat(caseDir).isDirectory();
    }

    @Test
    void aFreshCaseDirectoryMovesNothing() throws Exception {
        Path caseDir = dir.resolve("new/disagg_logs/c");
        assertThat(fresh(caseDir)).isEmpty();
        assertThat(caseDir).isEmptyDirectory();
    }

    @Test
    void renderingTheSamePlanObjectTwiceKeepsTheFirst() throws Exception {
        CaseConfig config = new CaseConfigLoader().load(CaseTexts.write(dir, "twice.yaml", CaseTexts.MINIMAL)).config().orElseThrow();
        Plan plan = Planner.plan(config, PlanOptions.defaults(dir.resolve("ws")));
        CaseRenderer.Rendered first = CaseRenderer.render(config, plan);
        CaseRenderer.Rendered second = CaseRenderer.render(config, plan);
        assertThat(first.previousRunMovedTo()).isEmpty();
        assertThat(second.previousRunMovedTo()).contains(plan.caseDir().resolveSibling("twice.prev-1"));
        assertThat(plan.caseDir().resolveSibling("twice.prev-1").resolve("gen_config.yaml")).isRegularFile();
    }
}
