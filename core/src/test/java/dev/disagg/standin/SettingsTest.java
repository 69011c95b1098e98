package dev.disagg.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.disagg.cli.UserError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the role protocol's variables: defaults, and errors that name the variable. */
class SettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void roleNames() {
        assertThat(RoleName.parse("GEN_12", "X")).isEqualTo(RoleName.gen(12));
        assertThat(RoleName.parse(" CTX_0 ", "X")).isEqualTo(RoleName.ctx(0));
        assertThat(RoleName.parse("DISAGG_SERVER", "X")).isEqualTo(RoleName.DISAGG_SERVER);
        assertThat(RoleName.parse("BENCHMARK", "X").toString()).isEqualTo("BENCHMARK");
        assertThat(RoleName.gen(3).addressFileName()).isEqualTo("GEN_3.txt");
        assertThatThrownBy(() -> RoleName.parse("gen_0", "DISAGG_SERVING_TYPE"))
                .isInstanceOf(UserError.class)
                .hasMessage("DISAGG_SERVING_TYPE='gen_0': expected GEN_<i>, CTX_<i>, DISAGG_SERVER or BENCHMARK");
    }

    @Test
    void faults() {
        assertThat(Fault.parse(Optional.empty(), Optional.empty())).isEqualTo(Fault.NONE);
        assertThat(Fault.parse(Optional.of("hang"), Optional.empty()).kind()).isEqualTo(Fault.Kind.HANG);
        Fault slow = Fault.parse(Optional.of("slow:2.5"), Optional.of("GEN_0"));
        assertThat(slow.slowFactor()).isEqualTo(2.5);
        assertThat(slow.forRole(RoleName.gen(0))).isEqualTo(slow);
        assertThat(slow.forRole(RoleName.gen(1))).isEqualTo(Fault.NONE);
        assertThatThrownBy(() -> Fault.parse(Optional.of("explode"), Optional.empty()))
                .hasMessageContaining("DISAGG_STANDIN_FAULT='explode': expected crash-start, crash-mid, hang or slow:<factor>");
        assertThatThrownBy(() -> Fault.parse(Optional.of("slow:0.5"), Optional.empty()))
                .hasMessageContaining("the slow factor must be a number >= 1");
        assertThatThrownBy(() -> Fault.parse(Optional.of("hang"), Optional.of("SERVER")))
                .hasMessageContaining("DISAGG_STANDIN_FAULT_ROLE='SERVER'");
    }

    @Test
    void commonSettingsDeriveFilesFromTheCaseDirectory() {
        CommonSettings s = CommonSettings.from(new Env(env(
                "DISAGG_SERVING_TYPE", "CTX_1", "DISAGG_CASE_DIR", "/c", "DISAGG_STANDIN_HOST", "node7",
                "SLURM_PROCID", "0")));
        assertThat(s.role()).isEqualTo(RoleName.ctx(1));
        assertThat(s.hostnamesDir()).isEqualTo(Path.of("/c/hostnames"));
        assertThat(s.statusFile()).isEqualTo(Path.of("/c/benchmark_status.txt"));
        assertThat(s.host()).isEqualTo("node7");
        assertThat(s.tokenDelay()).isEqualTo(Duration.ZERO);
        assertThat(s.fault()).isEqualTo(Fault.NONE);
    }

    @Test
    void missingOrMalformedVariablesAreNamed() {
        assertThatThrownBy(() -> CommonSettings.from(new Env(env())))
                .hasMessageStartingWith("DISAGG_SERVING_TYPE is not set");
        assertThatThrownBy(() -> CommonSettings.from(new Env(env("DISAGG_SERVING_TYPE", "GEN_0"))))
                .hasMessageStartingWith("DISAGG_HOSTNAMES_DIR is not set (nor DISAGG_CASE_DIR to derive it from)");
        assertThatThrownBy(() -> CommonSettings.from(new Env(env("DISAGG_SERVING_TYPE", "GEN_0",
                "DISAGG_CASE_DIR", "/c", "DISAGG_STANDIN_TOKEN_DELAY_MS", "-1"))))
                // The name contains TOKEN, so by the one rule for secrets its value is not repeated.
                .hasMessage("DISAGG_STANDIN_TOKEN_DELAY_MS='***': '***' is not a whole number >= 0");
    }

    @Test
    void benchmarkSettings() {
        Env vars = new Env(env("DISAGG_SERVING_TYPE", "BENCHMARK", "DISAGG_CASE_DIR", "/c",
                "DISAGG_CONCURRENCY_LIST", " 1 2\t16 ", "DISAGG_INPUT_LENGTH", "1024", "DISAGG_OUTPUT_LENGTH", "8",
                "DISAGG_STREAMING", "FALSE"));
        BenchmarkSettings b = BenchmarkSettings.from(vars, CommonSettings.from(vars));
        assertThat(b.concurrencies()).isEqualTo(List.of(1, 2, 16));
        assertThat(b.multiRound()).isEqualTo(1);
        assertThat(b.streaming()).isFalse();
        assertThat(b.benchDir()).isEqualTo(Path.of("/c/bench"));
        assertThat(b.readyTimeout()).isEqualTo(Duration.ofSeconds(600));

        Env bad = new Env(env("DISAGG_SERVING_TYPE", "BENCHMARK", "DISAGG_CASE_DIR", "/c",
                "DISAGG_CONCURRENCY_LIST", "1 two", "DISAGG_INPUT_LENGTH", "1", "DISAGG_OUTPUT_LENGTH", "1"));
        assertThatThrownBy(() -> BenchmarkSettings.from(bad, CommonSettings.from(bad)))
                .hasMessage("DISAGG_CONCURRENCY_LIST='1 two': 'two' is not a whole number >= 1");
        Env noStreamingFlag = new Env(env("DISAGG_SERVING_TYPE", "BENCHMARK", "DISAGG_CASE_DIR", "/c",
                "DISAGG_CONCURRENCY_LIST", "1", "DISAGG_INPUT_LENGTH", "1", "DISAGG_OUTPUT_LENGTH", "1",
                "DISAGG_STREAMING", "yes"));
        assertThatThrownBy(() -> BenchmarkSettings.from(noStreamingFlag, CommonSettings.from(noStreamingFlag)))
                .hasMessage("DISAGG_STREAMING='yes': expected true or false");
    }

    @Test
    void serverSettings() {
        Env vars = new Env(env("DISAGG_SERVING_TYPE", "DISAGG_SERVER", "DISAGG_CASE_DIR", "/c",
                "DISAGG_NUM_CTX_SERVERS", "0", "DISAGG_NUM_GEN_SERVERS", "3", "DISAGG_READY_TIMEOUT_SECONDS", "90"));
        ServerSettings s = ServerSettings.from(vars, CommonSettings.from(vars));
        assertThat(s.numCtx()).isZero();
        assertThat(s.numGen()).isEqualTo(3);
        assertThat(s.serverConfig()).isEqualTo(Path.of("/c/server_config.yaml"));
        assertThat(s.readyTimeout()).isEqualTo(Duration.ofSeconds(90));
        Env noGen = new Env(env("DISAGG_SERVING_TYPE", "DISAGG_SERVER", "DISAGG_CASE_DIR", "/c",
                "DISAGG_NUM_CTX_SERVERS", "1", "DISAGG_NUM_GEN_SERVERS", "0"));
        assertThatThrownBy(() -> ServerSettings.from(noGen, CommonSettings.from(noGen)))
                .hasMessage("DISAGG_NUM_GEN_SERVERS='0': '0' is not a whole number >= 1");
    }
}
