package dev.disagg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.verdict.Verdict;
import org.junit.jupiter.api.Test;

class EmulateCommandTest {
    @Test
    void everyArgumentAfterTheExecutableReachesTheEmulator() {
        // pytest's own options (-q, -p NAME, --junit-xml=...) are not picocli's: a usage error would be 2.
        // No case YAML is where the default config folder points, so the emulated pytest answers "not found".
        int status = DisaggCli.commandLine().execute("emulate", "pytest",
                "perf/test_perf_sanity.py::test_e2e[disagg-e2e-no-such-case-anywhere]", "--collect-only", "-q",
                "-p", "no:cacheprovider");

        assertThat(status).isEqualTo(4);
    }

    @Test
    void anUnknownExecutableIsAUsageError() {
        assertThat(DisaggCli.commandLine().execute("emulate", "trtllm-serve")).isEqualTo(Verdict.INVALID_CONFIG.exitCode());
    }
}
