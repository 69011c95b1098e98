package dev.disagg.jenkins

import dev.disagg.jenkins.support.SourceClasses
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** The core's verdicts mapped to build results; the messages are the core's. */
class ResultPolicyTest {
    private final Class policy = SourceClasses.load('dev.disagg.jenkins.ResultPolicy')

    private Map run(Map top = [:], List<Map> cases) {
        return [format: 'disagg-run-result/1', finished: true, verdict: 'PASS', cases: cases] + top
    }

    private static Map aCase(Map fields) {
        return [caseName: 'a', config: 'cases/a.yaml', jobId: '7', artifacts: [caseDir: 'disagg_logs/a']] + fields
    }

    private List effects(Map run, String onPerfRegression = 'failure') {
        return policy.effects(run, onPerfRegression) as List
    }

    @Test
    void eachVerdictMapsToOneBuildResult() {
        Map<String, String> expected = [PASS: 'SUCCESS', TEST_FAILED: 'FAILURE', PERF_REGRESSION: 'FAILURE', INVALID_CONFIG: 'FAILURE',
                                        INFRA_ERROR: 'FAILURE', ABORTED: 'ABORTED', SOMETHING_NEW: 'FAILURE']
        expected.each { verdict, build ->
            assertThat(effects(run([aCase(verdict: verdict, message: 'm')]))*.result).as(verdict).containsExactly(build)
        }
        assertThat(effects(run([aCase(verdict: 'PERF_REGRESSION')]), 'unstable')*.result).containsExactly('UNSTABLE')
    }

    @Test
    void aPassWithTheCoresWarningsIsUnstable() {
        List e = effects(run([aCase(verdict: 'PASS', warnings: ['2 measured metric(s) had no baseline: x at concurrency 4'])]))

        assertThat(e*.result).containsExactly('UNSTABLE')
        assertThat(e[0].message).isEqualTo("disaggBenchmark: case a passed, SLURM job 7, but 2 measured metric(s) had no baseline:" +
                " x at concurrency 4 (missingBaseline: 'warn'); add them to the baseline, or missingBaseline: 'ignore';" +
                ' logs: disagg_logs/a/ (archived with this build)')
    }

    @Test
    void theCoresMessageAndFirstDetailsAreTheCauseOnOneLine() {
        List e = effects(run([aCase(verdict: 'TEST_FAILED', message: 'ROLE_FAILED: GEN_0 exited with code 3: boom\nmore',
                details: ['d1', 'd2', 'd3', 'd4'])]))

        assertThat(e[0].message).isEqualTo('disaggBenchmark: case a: test failed, SLURM job 7:' +
                ' ROLE_FAILED: GEN_0 exited with code 3: boom more | d1 | d2 | d3; logs: disagg_logs/a/ (archived with this build)')
    }

    @Test
    void aRunThatFailedWithoutAnyCaseSayingSoIsOneFailure() {
        List e = effects(run([verdict: 'INVALID_CONFIG', message: 'Unknown option: --x'], []))
        List after = effects(run([verdict: 'INFRA_ERROR', message: 'I/O error: disk full'], [aCase(verdict: 'PASS')]))

        assertThat(e*.result).containsExactly('FAILURE')
        assertThat(e[0].message).isEqualTo('disaggBenchmark: invalid config or arguments: Unknown option: --x')
        assertThat(e[0].caseResult).isNull()
        assertThat(after*.result).containsExactly('SUCCESS', 'FAILURE')
        assertThat(after[1].message).isEqualTo('disaggBenchmark: SLURM or infrastructure error: I/O error: disk full')
    }

    @Test
    void onlyAFinishedRunResultOfThisFormatIsRead() {
        assertThat(policy.parse('')).isNull()
        assertThat(policy.parse('{"format": "disagg-run-result/1", "finished": tr')).isNull()
        assertThat(policy.parse('{"format": "other/1"}')).isNull()
        assertThat(policy.parse('{"format": "disagg-run-result/1", "finished": false}').finished).isEqualTo(false)
    }

    @Test
    void withoutARunResultTheCauseIsTheEndOfStderr() {
        assertThat(policy.noResult(4, 'a\n\nb\nc\nd\n')).isEqualTo('disaggBenchmark: the core ended (exit 4) without saying how the run ended: b | c | d')
        assertThat(policy.noResult(4, '')).isEqualTo('disaggBenchmark: the core ended (exit 4) without saying how the run ended')
    }
}
