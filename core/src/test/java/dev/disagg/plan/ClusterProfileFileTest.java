package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.verdict.VerdictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile file is read like a case file: a broken one is a user mistake named with its file
 * and line, never an internal error; every value that reaches sbatch or a shell is checked.
 */
class ClusterProfileFileTest {
    @TempDir
    Path dir;

    private Path profile(String text) throws Exception {
        return Files.writeString(dir.resolve("profile.yaml"), text);
    }

    private void assertRefused(String text, String... fragments) throws Exception {
        Path file = profile(text);
        assertThatThrownBy(() -> ClusterProfiles.resolve(file.toString())).as(text)
                .isInstanceOf(VerdictException.class).hasMessageStartingWith(file + ":")
                .hasMessageNotContainingAny("Exception", "\tat ")
                .satisfies(e -> List.of(fragments).forEach(f -> assertThat(e.getMessage()).contains(f)));
    }

    @Test
    void brokenProfilesAreUserErrors() throws Exception {
        List<String> broken = List.of("mpi: !!binary '***'\n", "ready_timeout_seconds: !!int abc\n", "1: x\n", "[a, b]\n",
                "a: &a [*a, *a]\nb: [*a, *a, *a]\n", "test_command: [\n", "extends: other\n", "containers: maybe\n",
                "ready_timeout_seconds: -5\n", "upload: sometimes\n", "role_env: [A, B]\n", "role_env: {'not a name': x}\n",
                "ucx_by_gpu_type: export UCX_TLS=tcp\n");
        for (String text : broken) {
            assertRefused(text);
        }
    }

    @Test
    void problemsNameTheirLine() throws Exception {
        assertRefused("mpi: pmix\npartition: a\npartition: b\n", ":3:1: ", "key 'partition' is written twice", "first at line 2");
        assertRefused("mpi: pmix\nlauncer: x\n", ":2:1: ", "unknown key", "did you mean 'launcher'?");
        assertRefused("mpi: pmix\n\nready_timeout_seconds: 99999999999\n", ":3:", "expected a whole number from 1 to 86400");
        assertRefused("case_timeout_minutes: 1e3\n", ":1:", "expected a whole number");
        assertRefused("case_timeout_minutes: 123456789012345678901234\n", ":1:", "expected a whole number");
        assertRefused("partition: [a, b]\n", ":1:", "expected a text value, got a list");
        assertRefused("containers: yes please\n", ":1:", "expected true or false");
    }

    @Test
    void wordsThatReachSbatchAreCheckedAsWords() throws Exception {
        assertRefused("mpi: 'pmix; touch X'\n", "mpi", "expected an MPI plugin name");
        assertRefused("partition: '$(touch X)'\n", "partition", "expected a partition name");
        assertRefused("account: \"a\\nb\"\n", "account", "control character");
        assertRefused("account: \"a\\0b\"\n", "account");
        assertRefused("sbatch_args: /path/evil.sh\n", "'/path/evil.sh' is not an option");
        assertRefused("sbatch_args: [--output=/tmp/elsewhere.log]\n", "--output is set by the tool");
        assertRefused("sbatch_args: --export=NONE\n", "--export=NONE would drop the job's environment");
        assertRefused("sbatch_args: --array=1-3\n", "--array is set by the tool");
        assertRefused("sbatch_args: -p batch\n", "short option");
    }

    @Test
    void numaBindingAndCoverageAreProfileChoices() throws Exception {
        assertThat(ClusterProfiles.DEFAULT.numaBind()).isTrue();
        assertThat(ClusterProfiles.LOCAL.numaBind()).isFalse();
        assertThat(ClusterProfiles.DEFAULT.coverage()).isFalse();
        assertThat(ClusterProfiles.LOCAL.withCoverage().coverage()).isTrue();
        assertThat(ClusterProfiles.LOCAL.withCoverage().withCoverage()).isEqualTo(ClusterProfiles.LOCAL.withCoverage());

        ClusterProfile inherited = ClusterProfiles.resolve(profile("extends: local\n").toString());
        assertThat(inherited.numaBind()).isFalse();
        assertThat(inherited.coverage()).isFalse();
        ClusterProfile set = ClusterProfiles.resolve(profile("extends: local\nnuma_bind: true\ncoverage: true\n").toString());
        assertThat(set.numaBind()).isTrue();
        assertThat(set.coverage()).isTrue();
        assertRefused("numa_bind: maybe\n", "numa_bind");
        assertRefused("coverage: 1.5\n", "coverage");
    }

    @Test
    void aGoodProfileReadsEveryKey() throws Exception {
        Path file = profile("""
                extends: local
                mpi: pmi2
                partition: batch,debug
                account: team-a
                sbatch_args: --qos=high --exclusive --export=ALL,EXTRA=1
                launcher: [trtllm-llmapi-launch, --flag]
                ready_timeout_seconds: 120
                case_timeout_minutes: 30
                """);

        ClusterProfile p = ClusterProfiles.resolve(file.toString());

        assertThat(p.mpi()).contains("pmi2");
        assertThat(p.partition()).contains("batch,debug");
        assertThat(p.account()).contains("team-a");
        assertThat(p.sbatchArgs()).containsExactly("--qos=high", "--exclusive", "--export=ALL,EXTRA=1");
        assertThat(p.launcher()).containsExactly("trtllm-llmapi-launch", "--flag");
        assertThat(p.readyTimeoutSeconds()).isEqualTo(120);
        assertThat(p.caseTimeoutMinutes()).isEqualTo(30);
        assertThat(p.testCommand()).isEqualTo(ClusterProfiles.LOCAL.testCommand());
    }

    @Test
    void aLauncherWithShellSyntaxIsQuotedWordByWord() throws Exception {
        Path file = profile("launcher: 'trtllm-llmapi-launch; touch X'\n");
        ClusterProfile p = ClusterProfiles.resolve(file.toString());
        assertThat(p.launcher()).containsExactly("trtllm-llmapi-launch;", "touch", "X");

        var config = dev.disagg.config.CaseTexts.load(dir, "c.yaml", dev.disagg.config.CaseTexts.MINIMAL);
        Plan plan = Planner.plan(config, new PlanOptions(dir, p, Optional.empty(), false, "disagg", Optional.empty()));
        // the ; is inside quotes: bash looks for a program named "trtllm-llmapi-launch;" and runs no touch
        assertThat(plan.commands().genWorker()).contains("'trtllm-llmapi-launch;' touch X ");
    }

    @Test
    void theProtocolKeysAreReadWithTheSameRules() throws Exception {
        Path file = profile("""
                extends: default
                llm_root: /src/TensorRT-LLM
                models_root: /models
                upload: true
                gpu_type: gb300
                ucx_by_gpu_type: {gb300: "export UCX_TLS=tcp", B200: "export UCX_TLS=^ib"}
                role_env: {NCCL_DEBUG: WARN, EMPTY: }
                emulator: false
                """);
        ClusterProfile p = ClusterProfiles.resolve(file.toString());

        assertThat(p.llmRoot()).contains("/src/TensorRT-LLM");
        assertThat(p.modelsRoot()).contains("/models");
        assertThat(p.upload()).isTrue();
        assertThat(p.gpuType()).contains("gb300");
        // GPU types match in upper case; the profile's setup wins over upstream's built-in one
        assertThat(p.ucxSetup()).isEqualTo("export UCX_TLS=tcp");
        assertThat(p.ucxByGpuType()).containsEntry("GB300", "export UCX_TLS=tcp").containsEntry("B200", "export UCX_TLS=^ib");
        assertThat(p.roleEnv()).containsExactly(java.util.Map.entry("NCCL_DEBUG", "WARN"), java.util.Map.entry("EMPTY", ""));
        assertThat(p.emulator()).isFalse();
    }

    @Test
    void protocolKeysWithWrongValuesNameTheirLine() throws Exception {
        assertRefused("upload: 1\n", ":1:", "expected true or false");
        assertRefused("gpu_type: 'GB200; touch X'\n", ":1:", "expected a GPU type");
        assertRefused("llm_root: \"/src\\nX\"\n", ":1:", "control character");
        assertRefused("mpi: pmix\nrole_env: {'BAD NAME': x}\n", ":2:", "expected a variable name as the key");
        assertRefused("role_env: [A=1]\n", ":1:", "expected a mapping");
        assertRefused("role_env: {A: [1, 2]}\n", ":1:", "expected a text value");
        assertRefused("ucx_by_gpu_type: {GB200: \"export A=\\0\"}\n", ":1:", "NUL");
        assertRefused("role_env: {A: 1, A: 2}\n", "written twice");
    }

    @Test
    void siteKeysOverTheBuiltInProfiles() throws Exception {
        Path file = Files.writeString(dir.resolve("site.yaml"), "extends: default\nllm_root: /src/trtllm\nmodels_root: /models\n"
                + "upload: true\ngpu_type: gb300\nucx_by_gpu_type: {b200: 'export UCX_TLS=tcp'}\nrole_env: {NCCL_DEBUG: WARN}\n");
        ClusterProfile profile = ClusterProfiles.resolve(file.toString());
        assertThat(profile.llmRoot()).hasValue("/src/trtllm");
        assertThat(profile.modelsRoot()).hasValue("/models");
        assertThat(profile.upload()).isTrue();
        assertThat(profile.emulator()).isFalse();
        assertThat(profile.ucxSetup()).as("upstream's GB300 setup is kept").isEqualTo("export UCX_TLS=cuda_copy,cuda_ipc,sm,self,tcp");
        assertThat(profile.ucxByGpuType()).containsEntry("B200", "export UCX_TLS=tcp");
        assertThat(profile.roleEnv()).containsExactly(java.util.Map.entry("NCCL_DEBUG", "WARN"));

        ClusterProfile local = ClusterProfiles.resolve(Files.writeString(dir.resolve("l.yaml"), "extends: local\n").toString());
        assertThat(local.emulator()).isTrue();
        assertThat(local.testCommand()).as("local differs from default only in PATH and flags").isEqualTo(ClusterProfiles.DEFAULT.testCommand());
        assertThat(local.launcher()).isEqualTo(ClusterProfiles.DEFAULT.launcher());
        assertThat(local.roleEnv()).containsEntry(ClusterProfiles.EMULATOR_POLL_VARIABLE, "0.2");
    }
}
