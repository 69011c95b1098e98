package dev.disagg.jenkins

import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

import java.util.stream.Stream

import static org.assertj.core.api.Assertions.assertThat

/**
 * SKIP_PERF_CHECK is the core's decision (its precedence: the option, then the environment
 * variable, then false; tested in the core and end to end): the step passes its skipPerfCheck
 * parameter through when given, never reads the variable, and the variable reaches the core in
 * the sh step's environment. What the core decided comes back in the result map.
 */
class SkipPerfCheckPrecedenceTest extends StepTestBase {
    private static final Object ABSENT = new Object() {
        String toString() { 'absent' }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> rows = []
        [true, false, ABSENT].each { parameter ->
            ['true', 'false', 'yes', ABSENT].each { environment -> rows << Arguments.of(parameter, environment) }
        }
        return rows.stream()
    }

    @ParameterizedTest(name = 'skipPerfCheck {0}, SKIP_PERF_CHECK {1}')
    @MethodSource('matrix')
    void theParameterIsPassedThroughAndTheEnvironmentReachesTheCoreUntouched(Object parameter, Object environment) {
        caseFile('cases/a.yaml')
        Map args = [config: 'cases/a.yaml', jar: jar.path]
        if (parameter != ABSENT) {
            args.skipPerfCheck = parameter
        }
        if (environment != ABSENT) {
            agent.env.SKIP_PERF_CHECK = environment
        }

        runStep(args)

        List<String> options = core.invocations('run')[0].findAll { it.startsWith('--skip-perf-check') }
        assertThat(options).isEqualTo(parameter == ABSENT ? [] : ["--skip-perf-check=${parameter}".toString()])
        assertThat(core.skipPerfCheckEnvironments()).containsExactly(environment == ABSENT ? '<unset>' : String.valueOf(environment))
    }

    @Test
    void theParameterMayBeABuildParameterString() {
        caseFile('cases/a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path, skipPerfCheck: 'True')

        assertThat(core.invocations('run')[0]).contains('--skip-perf-check=true')
    }

    @Test
    void whatTheCoreDecidedComesBackAndIsSaidInTheLog() {
        caseFile('cases/a.yaml')
        agent.env.SKIP_PERF_CHECK = 'TRUE'

        Map returned = runStep(config: 'cases/a.yaml', jar: jar.path) as Map

        assertThat(returned.skipPerfCheck).isEqualTo(true)
        assertThat(harness.echoes).contains('disaggBenchmark: case a passed, SLURM job 4242 (perf check skipped)')
    }
}
