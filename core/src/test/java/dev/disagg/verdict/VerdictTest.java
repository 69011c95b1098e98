package dev.disagg.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.perf.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The exit-status table is a contract with the Jenkins step (and core/docs/design.md). */
class VerdictTest {
    @Test
    void everyVerdictHasItsDocumentedStatus() {
        Map<String, Integer> table = Arrays.stream(Verdict.values()).collect(Collectors.toMap(Verdict::name, Verdict::exitCode));

        assertThat(table).containsExactlyInAnyOrderEntriesOf(Map.of("PASS", 0, "TEST_FAILED", 1, "INVALID_CONFIG", 2,
                "PERF_REGRESSION", 3, "INFRA_ERROR", 4, "ABORTED", 130));
        for (Verdict v : Verdict.values()) {
            assertThat(Verdict.ofExitCode(v.exitCode())).isEqualTo(v);
        }
    }

    @Test
    void aStatusNotInTheTableIsAnInfrastructureError() {
        assertThat(Verdict.ofExitCode(137)).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(Verdict.ofExitCode(-1)).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(Verdict.ofExitCode(5)).isEqualTo(Verdict.INFRA_ERROR);
    }

    @Test
    void anExceptionCarriesItsVerdictAndEveryOtherIsInfrastructure() {
        assertThat(VerdictException.verdictOf(VerdictException.invalid("x"))).isEqualTo(Verdict.INVALID_CONFIG);
        assertThat(VerdictException.invalid("x").exitCode()).isEqualTo(2);
        assertThat(VerdictException.infra("x").exitCode()).isEqualTo(4);
        assertThat(VerdictException.verdictOf(new VerdictException(Verdict.TEST_FAILED, "x"))).isEqualTo(Verdict.TEST_FAILED);
        assertThat(VerdictException.verdictOf(new InvalidInputException("bad baseline"))).isEqualTo(Verdict.INVALID_CONFIG);
        assertThat(VerdictException.verdictOf(new UncheckedIOException(new IOException("disk full")))).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(VerdictException.verdictOf(new IllegalStateException("a bug"))).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(VerdictException.isIoError(new IOException("x"))).isTrue();
        assertThat(VerdictException.isIoError(new IllegalStateException("x"))).isFalse();
    }

    @Test
    void theWorstOfSeveralIsTheMostSevere() {
        assertThat(Verdict.worst(java.util.List.of())).isEqualTo(Verdict.PASS);
        assertThat(Verdict.worst(java.util.List.of(Verdict.PASS, Verdict.PERF_REGRESSION))).isEqualTo(Verdict.PERF_REGRESSION);
        assertThat(Verdict.worst(java.util.List.of(Verdict.PERF_REGRESSION, Verdict.TEST_FAILED))).isEqualTo(Verdict.TEST_FAILED);
        assertThat(Verdict.worst(java.util.List.of(Verdict.TEST_FAILED, Verdict.INVALID_CONFIG))).isEqualTo(Verdict.INVALID_CONFIG);
        assertThat(Verdict.worst(java.util.List.of(Verdict.INVALID_CONFIG, Verdict.INFRA_ERROR))).isEqualTo(Verdict.INFRA_ERROR);
        assertThat(Verdict.worst(java.util.List.of(Verdict.INFRA_ERROR, Verdict.ABORTED, Verdict.PASS))).isEqualTo(Verdict.ABORTED);
    }
}
