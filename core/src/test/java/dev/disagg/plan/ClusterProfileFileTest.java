package dev.disagg.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken profile file is a user mistake named with its file, never an internal error. */
class ClusterProfileFileTest {
    @TempDir
    Path dir;

    @Test
    void brokenProfilesAreUserErrors() throws Exception {
        List<String> broken = List.of("mpi: !!binary '***'\n", "ready_timeout_seconds: !!int abc\n", "1: x\n", "[a, b]\n",
                "a: &a [*a, *a]\nb: [*a, *a, *a]\n", "test_command: [\n", "extends: other\n", "containers: maybe\n",
                "ready_timeout_seconds: -5\n", "upload: sometimes\n", "role_env: [A, B]\n", "role_env: {'not a name': x}\n",
                "ucx_by_gpu_type: export UCX_TLS=tcp\n");
        for (String text : broken) {
            Path file = Files.writeString(dir.resolve("profile.yaml"), text);
            assertThatThrownBy(() -> ClusterProfiles.resolve(file.toString())).as(text)
                    .isInstanceOf(UserError.class).hasMessageStartingWith(file + ": ");
        }
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
