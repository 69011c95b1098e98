package dev.disagg.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.config.CaseConfig;
import dev.disagg.config.CaseConfigLoader;
import dev.disagg.config.LoadResult;
import dev.disagg.config.Problem;
import dev.disagg.plan.ClusterProfile;
import dev.disagg.plan.ClusterProfiles;
import dev.disagg.plan.Plan;
import dev.disagg.plan.PlanException;
import dev.disagg.plan.PlanOptions;
import dev.disagg.plan.Planner;
import dev.disagg.run.CaseJob;
import dev.disagg.shell.Shell;
import dev.disagg.slurm.CommandResult;
import dev.disagg.slurm.CommandRunner;
import dev.disagg.slurm.ProcessCommandRunner;
import dev.disagg.slurm.SlurmCli;
import dev.disagg.verdict.VerdictException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every string of a case that reaches a shell, made hostile, goes the whole way: loaded, planned,
 * rendered, and then what a shell would run is run by bash (the job script's header, each role
 * command, the install step) and sbatch gets its arguments. A stand-in program records the
 * arguments and environment it receives. Nothing may run a command of the input (no file named
 * PWNED appears) and every value must arrive byte for byte. What cannot be passed literally is
 * refused with a clear error instead (the tests at the end).
 */
class ShellSafetyTest {
    private static final String MARKER = "PWNED";

    /** Shell syntax in all its forms; each would create the marker file if a shell read it as code. */
    private static final List<String> HOSTILE = List.of(
            "$(touch PWNED)",
            "`touch PWNED`",
            "'; touch PWNED; '",
            "\"; touch PWNED; \"",
            "a; touch PWNED",
            "a && touch PWNED",
            "a | touch PWNED",
            "a\ntouch PWNED",
            "* ? [a] ~",
            "-rf --help",
            "$HOME ${PATH} $1 $@ $$",
            "a  b\tc ",
            "\\ \\\\ \\' \\\"",
            "{self} {caseDir} {caseName} {trtllmRepo}",
            "\u00e9 \u4e2d \ud83d\ude00",
            "");

    private static final String CASE_NAME = "case $(touch PWNED) `touch PWNED` 'q' \"d\" ; & * {self} {trtllmRepo}";
    private static final String SECRET = "hf_$(touch PWNED) 'secret' \"value\"";

    @TempDir
    Path root;

    private Path records;
    private Path bin;
    private Path recorder;

    @BeforeEach
    void sandbox() throws IOException {
        records = Files.createDirectories(root.resolve("records"));
        bin = Files.createDirectories(root.resolve("bin"));
        recorder = bin.resolve("record-argv.sh");
        try (InputStream in = getClass().getResourceAsStream("record-argv.sh")) {
            Files.write(recorder, in.readAllBytes());
        }
        recorder.toFile().setExecutable(true);
        Files.createSymbolicLink(bin.resolve("pip"), recorder);
    }

    @Test
    void hostileValuesArriveLiterallyAndRunNothing() throws Exception {
        Path workspace = Files.createDirectories(root.resolve("ws $(touch PWNED) 'q' \"d\" ; * %j"));
        Map<String, Object> doc = hostileCase();
        CaseConfig config = load(doc);
        ClusterProfile profile = new ClusterProfile("hostile", Optional.of("pmix"), true, false, false, List.of(),
                Optional.empty(), Optional.empty(), List.of(), "{self} role {caseDir} {caseName} {trtllmRepo}", 60, 10, Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), Map.of(), false);
        Plan plan = Planner.plan(config, new PlanOptions(workspace, profile, Optional.of(CASE_NAME), false,
                Shell.quote(recorder.toString()), Optional.empty()));
        CaseRenderer.render(config, plan);
        Path caseDir = plan.caseDir();
        assertThat(caseDir.getFileName().toString()).isEqualTo(CASE_NAME);

        // The job script's header, run by bash: every variable holds exactly the plan's value.
        Map<String, String> header = runHeader(caseDir.resolve("job.sh"));
        assertThat(header.get("CASE_DIR")).isEqualTo(caseDir.toString());
        assertThat(header.get("GEN_WORKER_COMMAND")).isEqualTo(plan.commands().genWorker());
        assertThat(header.get("CTX_WORKER_COMMAND")).isEqualTo(plan.commands().ctxWorker());
        assertThat(header.get("SERVER_COMMAND")).isEqualTo(plan.commands().disaggServer());
        assertThat(header.get("BENCHMARK_COMMAND")).isEqualTo(plan.commands().benchmark());
        assertThat(header.get("INSTALL_COMMAND")).isEqualTo(plan.installCommand().orElseThrow());
        assertThat(nulSplit(header.get("SRUN_ARGS"))).containsExactlyElementsOf(plan.srunArgs()).containsExactly(
                "--container-image=" + HOSTILE.get(0), "--container-mounts=" + HOSTILE.get(6),
                "--container-workdir=" + HOSTILE.get(4), "--no-container-mount-home", "--container-name=disagg-${SLURM_JOB_ID}",
                "--container-env=DISAGG_SERVING_TYPE", "--container-env=DISAGG_CONFIG_FOLDER", "--container-env=LLM_ROOT",
                "--container-env=TRTLLM_TEST_DISAGG_SERVER_READY_TIMEOUT", "--container-env=PMIX_MCA_gds",
                "--container-env=NVIDIA_IMEX_CHANNELS");
        assertThat(nulSplit(header.get("SECRET_VARIABLES"))).containsExactly("DISAGG_SECRET_WORKER_HF_TOKEN");

        // Each role command, run as the job runs it (bash -c), with the secret carrier sbatch would pass.
        String repo = HOSTILE.get(13);
        List<String> expectedArgv = List.of("role", caseDir.toString(), CASE_NAME, repo);
        Map<String, String> gen = runRole("GEN_0", plan.commands().genWorker(), plan);
        assertThat(gen.get("argv")).isEqualTo(String.join("\0", expectedArgv) + "\0");
        assertThat(gen).containsAllEntriesOf(vars("W")).containsAllEntriesOf(vars("G"))
                .containsEntry("TLLM_PROFILE_START_STOP", HOSTILE.get(9)).containsEntry("HF_TOKEN", SECRET)
                .doesNotContainKeys("C0", "S0", "B0");
        Map<String, String> ctx = runRole("CTX_0", plan.commands().ctxWorker(), plan);
        assertThat(ctx.get("argv")).isEqualTo(gen.get("argv"));
        assertThat(ctx).containsAllEntriesOf(vars("W")).containsAllEntriesOf(vars("C"))
                .containsEntry("TLLM_PROFILE_START_STOP", HOSTILE.get(2)).containsEntry("HF_TOKEN", SECRET)
                .doesNotContainKeys("G0");
        Map<String, String> server = runRole("DISAGG_SERVER", plan.commands().disaggServer(), plan);
        assertThat(server.get("argv")).isEqualTo(gen.get("argv"));
        assertThat(server).containsAllEntriesOf(vars("S")).doesNotContainKeys("W0", "HF_TOKEN");
        Map<String, String> benchmark = runRole("BENCHMARK", plan.commands().benchmark(), plan);
        assertThat(benchmark).containsAllEntriesOf(vars("E")).containsEntry("Q1", "$(touch${IFS}PWNED)")
                .containsEntry("Q2", "`touch${IFS}PWNED`").containsEntry("Q3", "a;touch${IFS}PWNED")
                // env strings are shell words (issue 11): their quotes go as a shell would take them, nothing runs
                .containsEntry("Q4", "x").containsEntry("Q5", "y").containsEntry("Q6", "a&&touch${IFS}PWNED")
                .containsEntry("Q7", "$(touch PWNED)");
        Map<String, String> install = runRole("INSTALL", plan.installCommand().orElseThrow(), plan);
        assertThat(nulSplit(install.get("argv"))).containsExactly("install", "--no-deps", "/wheels/x $(touch PWNED).whl");

        // sbatch gets its arguments without a shell: the hostile job name is one argument.
        CaseJob.submit(new SlurmCli(sbatchRecorder(), Duration.ofSeconds(30)), plan);
        Map<String, String> sbatch = recorded("sbatch");
        List<String> expectedSbatch = new ArrayList<>(plan.sbatch());
        expectedSbatch.add(caseDir.resolve("job.sh").toString());
        assertThat(nulSplit(sbatch.get("argv"))).containsExactlyElementsOf(expectedSbatch)
                .contains("--job-name=job name; $(touch PWNED) `x`", "--partition=p $(touch PWNED)",
                        "--account=a'; touch PWNED", "--comment=$(touch${IFS}PWNED)", "--mail-user=`id`", "--export=ALL",
                        "--output=" + workspace.toString().replace("%", "%%") + "/disagg_logs/" + CASE_NAME + "/slurm_%j.log");
        assertThat(sbatch).containsEntry("DISAGG_SECRET_WORKER_HF_TOKEN", SECRET);

        assertNothingRan();
    }

    // ---- what cannot be passed literally is refused -------------------------------------------------

    @Test
    void aNewlineInTheCaseNameIsRefused() throws Exception {
        CaseConfig config = load(hostileCase());
        assertThatThrownBy(() -> Planner.plan(config, new PlanOptions(root, ClusterProfiles.LOCAL, Optional.of("a\ntouch PWNED"),
                false, "disagg", Optional.empty())))
                .isInstanceOf(PlanException.class).hasMessageContaining("control character");
    }

    @Test
    void envNamesThatAreNoIdentifiersAreRefusedWithTheirLine() throws Exception {
        Map<String, Object> doc = hostileCase();
        env(doc).put("server_env_var", "GOOD=1 1BAD=x A-B=y $(touch${IFS}PWNED)=z");
        env(doc).put("benchmark_env_var", new LinkedHashMap<>(Map.of("A B", "x")));
        LoadResult result = new CaseConfigLoader().load(root.resolve("case.yaml"), dump(doc));
        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(Problem::format).anySatisfy(p -> assertThat(p)
                        .contains("environment.server_env_var: '1BAD=x' is not a NAME=value assignment"))
                .anySatisfy(p -> assertThat(p).contains("'A-B=y' is not a NAME=value"))
                .anySatisfy(p -> assertThat(p).contains("'$(touch${IFS}PWNED)=z' is not a NAME=value"))
                .anySatisfy(p -> assertThat(p).contains("environment.benchmark_env_var: 'A B' is not a NAME=value"));
        assertThat(result.errors()).allSatisfy(p -> assertThat(p.line()).isPositive());
    }

    @Test
    void aNulCharacterCannotBePassedToAProgram() throws Exception {
        Map<String, Object> doc = hostileCase();
        env(doc).put("container_image", "img\0.sqsh");
        env(doc).put("server_env_var", new LinkedHashMap<>(Map.of("A", "x\0y")));
        LoadResult result = new CaseConfigLoader().load(root.resolve("case.yaml"), dump(doc));
        assertThat(result.errors()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).contains("environment.container_image: contains a NUL character"))
                .anySatisfy(p -> assertThat(p).contains("environment.server_env_var.A: contains a NUL character"));
    }

    @Test
    void sbatchOptionsMustBeOneLineOfPlainText() throws Exception {
        Map<String, Object> doc = hostileCase();
        slurm(doc).put("job_name", "name\n#SBATCH --uid=0");
        slurm(doc).put("partition", "p\u001b[2J");
        slurm(doc).put("extra_args", "--comment=a\u0007b");
        LoadResult result = new CaseConfigLoader().load(root.resolve("case.yaml"), dump(doc));
        assertThat(result.errors()).extracting(Problem::format)
                .anySatisfy(p -> assertThat(p).contains("slurm.job_name: contains the control character \\u000a at position 5"))
                .anySatisfy(p -> assertThat(p).contains("slurm.partition: contains the control character \\u001b"))
                .anySatisfy(p -> assertThat(p).contains("slurm.extra_args: contains a control character"));
    }

    @Test
    void aBackslashInTheCaseDirectoryIsRefusedBecauseSbatchWouldLoseTheLog() throws Exception {
        CaseConfig config = load(hostileCase());
        assertThatThrownBy(() -> Planner.plan(config, PlanOptions.defaults(root.resolve("ws\\x"))))
                .isInstanceOf(PlanException.class).hasMessageContaining("backslash");
    }

    @Test
    void aProfilePlaceholderInsideQuotesIsRefused() throws Exception {
        for (String command : List.of("pytest --name=\"{caseName}\"", "pytest '{caseDir}/x'")) {
            Path profile = Files.writeString(root.resolve("profile.yaml"), "test_command: " + new Yaml().dump(command));
            assertThatThrownBy(() -> ClusterProfiles.resolve(profile.toString()))
                    .isInstanceOf(VerdictException.class).hasMessageContaining("inside quotes");
        }
        Path fine = Files.writeString(root.resolve("fine.yaml"),
                "test_command: 'pytest --junit-xml={caseDir}/pytest_\"${DISAGG_SERVING_TYPE}\".xml -k \"a b\" {caseName}'\n");
        assertThat(ClusterProfiles.resolve(fine.toString()).testCommand()).startsWith("pytest --junit-xml={caseDir}");
    }

    // ---- the case --------------------------------------------------------------------------------

    /** The embedded example case with a hostile value in every field that reaches a shell or sbatch. */
    private static Map<String, Object> hostileCase() throws IOException {
        Map<String, Object> doc;
        try (InputStream in = ShellSafetyTest.class.getResourceAsStream("/dev/disagg/examples/local-smoke.yaml")) {
            doc = new Yaml().load(in);
        }
        Map<String, Object> env = env(doc);
        Map<String, Object> workers = new LinkedHashMap<>(vars("W"));
        workers.put("HF_TOKEN", SECRET);
        env.put("worker_env_var", workers);
        env.put("ctx_worker_env_var", new LinkedHashMap<>(vars("C")));
        env.put("gen_worker_env_var", new LinkedHashMap<>(vars("G")));
        env.put("server_env_var", new LinkedHashMap<>(vars("S")));
        env.put("benchmark_env_var", new LinkedHashMap<>(vars("E")));
        env.put("container_image", HOSTILE.get(0));
        env.put("container_mount", HOSTILE.get(6));
        env.put("work_dir", HOSTILE.get(4));
        env.put("trtllm_repo", HOSTILE.get(13));
        env.put("trtllm_wheel_path", "/wheels/x $(touch PWNED).whl");
        @SuppressWarnings("unchecked")
        Map<String, Object> benchmark = (Map<String, Object>) doc.get("benchmark");
        benchmark.put("env_var", "Q1=$(touch${IFS}PWNED) Q2=`touch${IFS}PWNED` Q3=a;touch${IFS}PWNED Q4='x' Q5=\"y\""
                + " Q6=a&&touch${IFS}PWNED Q7='$(touch PWNED)'");
        doc.put("profiling", new LinkedHashMap<>(Map.of("nsys_on", true, "ctx_profile_range", HOSTILE.get(2),
                "gen_profile_range", HOSTILE.get(9))));
        Map<String, Object> slurm = slurm(doc);
        slurm.put("partition", "p $(touch PWNED)");
        slurm.put("account", "a'; touch PWNED");
        slurm.put("job_name", "job name; $(touch PWNED) `x`");
        slurm.put("extra_args", "--comment=$(touch${IFS}PWNED) --mail-user=`id`");
        return doc;
    }

    /** {@code <prefix><i>: HOSTILE[i]} for every hostile value. */
    private static Map<String, String> vars(String prefix) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            vars.put(prefix + i, HOSTILE.get(i));
        }
        return vars;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> slurm(Map<String, Object> doc) {
        return (Map<String, Object>) doc.get("slurm");
    }

    private static String dump(Map<String, Object> doc) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return new Yaml(options).dump(doc);
    }

    private CaseConfig load(Map<String, Object> doc) {
        LoadResult result = new CaseConfigLoader().load(root.resolve("case.yaml"), dump(doc));
        assertThat(result.errors()).isEmpty();
        return result.config().orElseThrow();
    }

    // ---- running what a shell runs ---------------------------------------------------------------

    /** Runs job.sh's header (its assignments) with bash; returns each variable (arrays NUL-joined). */
    private Map<String, String> runHeader(Path jobScript) throws Exception {
        String script = Files.readString(jobScript);
        String header = script.substring(script.indexOf('\n') + 1, script.indexOf("# -----"));
        Path out = Files.createDirectories(root.resolve("header"));
        String dump = header + "\nfor v in CASE_DIR GEN_WORKER_COMMAND CTX_WORKER_COMMAND SERVER_COMMAND BENCHMARK_COMMAND"
                + " INSTALL_COMMAND; do printf '%s' \"${!v}\" > \"$1/$v\"; done\n"
                + "for a in SRUN_ARGS WORKER_SRUN_ARGS SECRET_VARIABLES; do declare -n arr=$a;"
                + " printf '%s\\0' \"${arr[@]}\" > \"$1/$a\"; unset -n arr; done\n";
        Path check = Files.writeString(root.resolve("header-check.sh"), dump);
        run(List.of("bash", check.toString(), out.toString()), Map.of());
        Map<String, String> values = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.toList()) {
                values.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return values;
    }

    /** Runs {@code command} as the job does ({@code bash -c}) as role {@code role}; returns what the program got. */
    private Map<String, String> runRole(String role, String command, Plan plan) throws Exception {
        Map<String, String> env = new HashMap<>(plan.secrets().values());
        env.put("DISAGG_SERVING_TYPE", role);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        run(List.of("bash", "-c", command), env);
        return recorded(role);
    }

    private void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("RECORD_DIR", records.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command.get(0), output).isZero();
    }

    /** The recorder's argv (key {@code argv}, NUL-terminated items) and environment. */
    private Map<String, String> recorded(String name) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String entry : nulSplit(Files.readString(records.resolve(name + ".env")))) {
            int equals = entry.indexOf('=');
            values.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        values.put("argv", Files.readString(records.resolve(name + ".argv")));
        return values;
    }

    private CommandRunner sbatchRecorder() {
        return new CommandRunner() {
            @Override
            public CommandResult run(List<String> command, Map<String, String> environment, Duration timeout)
                    throws IOException, InterruptedException {
                assertThat(command.get(0)).isEqualTo("sbatch");
                List<String> swapped = new ArrayList<>(command);
                swapped.set(0, recorder.toString());
                Map<String, String> env = new HashMap<>(environment);
                env.put("RECORD_AS", "sbatch");
                env.put("RECORD_DIR", records.toString());
                return new ProcessCommandRunner().run(swapped, env, timeout);
            }
        };
    }

    private static List<String> nulSplit(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
    }

    private void assertNothingRan() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(MARKER))).as("files named " + MARKER).isEmpty();
        }
    }
}
