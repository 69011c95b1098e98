package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A typo around '=' in an env string never puts the secret's value into an error message. */
class EnvSecretMessageTest {
    private static final String VALUE = "hf_s3cr3tValue";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"HF_TOKEN = " + VALUE, "HF_TOKEN =" + VALUE, "HF_TOKEN= " + VALUE, "A=1 MY_API_KEY " + VALUE,
            "HF_TOKEN = KEY_" + VALUE})
    void theValueIsNotShown(String env) {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "  worker_env_var: \"A=1\"", "  worker_env_var: \"" + env + "\"");
        LoadResult result = new CaseConfigLoader().load(CaseTexts.write(dir, "s.yaml", text));

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.format()).doesNotContain(VALUE).doesNotContain("s3cr3t");
            assertThat(p.path()).isEqualTo("environment.worker_env_var");
        });
        assertThat(result.errors()).anySatisfy(p -> assertThat(p.message()).startsWith("'***' is not a NAME=value"));
    }
}
