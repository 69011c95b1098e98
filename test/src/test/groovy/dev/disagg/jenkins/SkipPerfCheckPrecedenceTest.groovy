package dev.disagg.jenkins

import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

import java.util.stream.Stream

import static org.assertj.core.api.Assertions.assertThat

/**
 * SKIP_PERF_CHECK precedence, as the core defines it: the step's skipPerfCheck parameter
 * wins; else the environment variable SKIP_PERF_CHECK (true/false, any case); else false.
 * The step always passes the resolved value explicitly, so the core and the log agree.
 */
class SkipPerfCheckPrecedenceTest extends StepTestBase {
    private static final Object ABSENT = new Object() {
        String toString() { 'absent' }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = []
        Map<Object, Map<Object, Boolean>> expected = [
                (true)  : [(true): true, (false): true, (ABSENT): true],
                (false) : [(true): false, (false): false, (ABSENT): false],
                (ABSENT): [(true): true, (false): false, (ABSENT): false],
        ]
        expected.each { parameter, byEnv ->
            byEnv.each { environment, skip ->
                rows << Arguments.of(parameter, environment == ABSENT ? ABSENT : String.valueOf(environment), skip)
            }
        }
        return rows.stream()
    }

    @ParameterizedTest(name = 'skipPerfCheck {0}, SKIP_PERF_CHECK {1} -> {2}')
    @MethodSource('matrix')
    void parameterWinsThenEnvironmentThenFalse(Object parameter, Object environment, boolean skip) {
        caseFile('cases/a.yaml')
        Map args = [config: 'cases/a.yaml', jar: jar.path]
        if (parameter != ABSENT) {
            args.skipPerfCheck = parameter
        }
        if (environment != ABSENT) {
            agent.env.SKIP_PERF_CHECK = environment
        }

        Map returned = runStep(args) as Map

        assertThat(core.invocations('run')[0]).contains("--skip-perf-check=${skip}".toString())
                .doesNotContain("--skip-perf-check=${!skip}".toString())
        assertThat(returned.skipPerfCheck).isEqualTo(skip)
    }

    @Test
    void environmentValueIsCaseInsensitiveLikeTheCore() {
        caseFile('cases/a.yaml')
        agent.env.SKIP_PERF_CHECK = 'TRUE'

        runStep(config: 'cases/a.yaml', jar: jar.path)

        assertThat(core.invocations('run')[0]).contains('--skip-perf-check=true')
    }

    @Test
    void parameterMayBeABuildParameterString() {
        caseFile('cases/a.yaml')
        agent.env.SKIP_PERF_CHECK = 'false'

        runStep(config: 'cases/a.yaml', jar: jar.path, skipPerfCheck: 'True')

        assertThat(core.invocations('run')[0]).contains('--skip-perf-check=true')
    }

    @Test
    void invalidEnvironmentValueIsAnErrorWhenItWouldDecide() {
        agent.env.SKIP_PERF_CHECK = 'yes'

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(error.message).contains("the environment variable SKIP_PERF_CHECK is 'yes'; it must be true or false")
        assertThat(agent.shCalls).isEmpty()
    }

    @Test
    void invalidEnvironmentValueIsIgnoredWhenTheParameterDecides() {
        caseFile('cases/a.yaml')
        agent.env.SKIP_PERF_CHECK = 'yes'

        runStep(config: 'cases/a.yaml', jar: jar.path, skipPerfCheck: false)

        assertThat(core.invocations('run')[0]).contains('--skip-perf-check=false')
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void skippedPerfCheckIsSaidInTheLog() {
        caseFile('cases/a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path, skipPerfCheck: true)

        assertThat(harness.echoes).contains('disaggBenchmark: case a passed, SLURM job 4242 (perf check skipped)')
    }
}
