package dev.disagg.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.disagg.perf.MissingBaselinePolicy;
import dev.disagg.perf.PerfCheckStatus;
import dev.disagg.verdict.FinalVerdict;
import dev.disagg.verdict.Verdict;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The documents' rule: the test's status if non-zero, else the perf check's if non-zero, else 0. */
class FinalVerdictTest {

    static Stream<Arguments> everyCombination() {
        return Stream.of(
                // test exit, check status, fail on missing baseline, verdict, exit, perf check exit
                Arguments.of(0, PerfCheckStatus.PASSED, false, Verdict.PASS, 0, 0),
                Arguments.of(0, PerfCheckStatus.REGRESSED, false, Verdict.PERF_REGRESSION, 3, 3),
                Arguments.of(0, PerfCheckStatus.SKIPPED, false, Verdict.PASS, 0, 0),
                Arguments.of(0, PerfCheckStatus.NO_BASELINE, false, Verdict.PASS, 0, 0),
                Arguments.of(0, PerfCheckStatus.NO_BASELINE, true, Verdict.PERF_REGRESSION, 3, 3),
                Arguments.of(1, PerfCheckStatus.PASSED, false, Verdict.TEST_FAILED, 1, 0),
                Arguments.of(1, PerfCheckStatus.REGRESSED, false, Verdict.TEST_FAILED, 1, 3),
                Arguments.of(1, PerfCheckStatus.SKIPPED, false, Verdict.TEST_FAILED, 1, 0),
                Arguments.of(1, PerfCheckStatus.NO_BASELINE, false, Verdict.TEST_FAILED, 1, 0),
                Arguments.of(1, PerfCheckStatus.NO_BASELINE, true, Verdict.TEST_FAILED, 1, 3),
                Arguments.of(130, PerfCheckStatus.REGRESSED, false, Verdict.ABORTED, 130, 3),
                Arguments.of(4, PerfCheckStatus.PASSED, false, Verdict.INFRA_ERROR, 4, 0));
    }

    @ParameterizedTest(name = "test {0}, check {1}, failOnMissing {2} -> {3} exit {4}")
    @MethodSource("everyCombination")
    void decide(int testExit, PerfCheckStatus status, boolean failOnMissing, Verdict verdict, int exit, int perfExit) {
        FinalVerdict.Decision d = FinalVerdict.decide(testExit, status, failOnMissing ? MissingBaselinePolicy.FAIL : MissingBaselinePolicy.WARN);

        assertThat(d.verdict()).isEqualTo(verdict);
        assertThat(d.exitCode()).isEqualTo(exit);
        assertThat(d.testExitCode()).isEqualTo(testExit);
        assertThat(d.perfCheckExitCode()).isEqualTo(perfExit);
        assertThat(d.exitCode()).isEqualTo(verdict.exitCode());
    }

    @ParameterizedTest(name = "test {0}, check {1} -> {2}")
    @CsvSource({"0,0,0", "0,3,3", "1,0,1", "1,3,1", "2,3,2", "130,0,130"})
    void finalExitCode(int test, int check, int expected) {
        assertThat(FinalVerdict.finalExitCode(test, check)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "cause {0} -> test exit {1}")
    @CsvSource({"JOB_LOST,4", "ROLE_FAILED,1", "JOB_FAILED,1", "BENCHMARK_INVALID,1"})
    void aFailureCauseGivesTheTestItsStatus(FailureCause cause, int expected) {
        assertThat(FinalVerdict.testExitCode(Optional.of(cause))).isEqualTo(expected);
        assertThat(FinalVerdict.testExitCode(Optional.empty())).isZero();
    }
}
