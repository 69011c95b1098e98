package dev.disagg.jenkins

import dev.disagg.jenkins.support.AntPatterns
import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** Jenkinsfile.example, loaded from the repository root and run against the mocks and the real-shell agent. */
class JenkinsfileExampleTest extends StepTestBase {

    @Override
    @BeforeEach
    void setUp() throws Exception {
        super.setUp()
        binding.setVariable('scm', [:])
        binding.setVariable('params', [PERF_REGRESSION_UNSTABLE: false])
        helper.registerAllowedMethod('checkout', [Object], { })
        helper.registerAllowedMethod('properties', [List], { })
        helper.registerAllowedMethod('parameters', [List], { it })
        helper.registerAllowedMethod('booleanParam', [Map], { it })
        helper.registerAllowedMethod('findFiles', [Map], { Map args ->
            AntPatterns.matches(agent.currentDir(), String.valueOf(args.glob)).collect { [path: it, name: new File(it).name] }
        })
        // the agent provides the core jar the documented way
        agent.env.DISAGG_CORE_JAR = jar.path
        caseFile('cases/functional/f1.yaml')
        caseFile('cases/functional/f2.yaml')
        caseFile('cases/l0_perf/p1.yaml')
        caseFile('cases/l0_perf/p2.yaml')
    }

    @Test
    void runsTheFunctionalMatrixThenTheLockedPerfStage() {
        runScript('Jenkinsfile.example')

        assertThat(harness.stages).containsExactly('Checkout', 'Functional', 'L0 perf')
        assertThat(harness.parallelBranches).containsExactly('f1.yaml', 'f2.yaml')
        Map<String, List<String>> runs = core.invocations('run').collectEntries { [(it.contains('--config') ? it[it.indexOf('--config') + 1] : it[5]): it] }
        assertThat(runs.keySet()).containsExactlyInAnyOrder('cases/functional/f1.yaml', 'cases/functional/f2.yaml', 'cases/l0_perf/*.yaml')
        ['f1', 'f2'].each {
            assertThat(runs["cases/functional/${it}.yaml".toString()]).contains('--skip-perf-check=true')
                    .containsSequence('--cluster', 'default').doesNotContain('--baseline')
        }
        // the perf stage is one sweep of the core, one case at a time
        assertThat(runs['cases/l0_perf/*.yaml']).contains('--skip-perf-check=false')
                .containsSequence('--baseline', 'baselines/l0_perf.yaml').containsSequence('--timeout-minutes', '90')
                .contains('--missing-baseline=fail').containsSequence('--max-parallel', '1')
        assertThat(harness.locks).containsExactly(
                [label: 'slurm-partition-gb200', quantity: 1], [label: 'slurm-partition-gb200', quantity: 1],
                [resource: 'slurm-partition-gb200-perf'])
        assertThat(harness.timeouts).containsExactly([time: 2, unit: 'HOURS'], [time: 2, unit: 'HOURS'], [time: 6, unit: 'HOURS'])
        assertThat(harness.junitCalls*.testResults).containsExactly('disagg_logs/f1/results.xml', 'disagg_logs/f2/results.xml',
                'disagg_logs/p1/results.xml, disagg_logs/p2/results.xml')
        assertThat(harness.echoes).contains('p1: PASS, SLURM job 4242, [4:[output_throughput:1234.5]]')
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void perfRegressionFailsTheBuild() {
        caseFile('cases/l0_perf/p2.yaml', 'perf-regression')

        Throwable error = null
        try {
            runScript('Jenkinsfile.example')
        } catch (Throwable t) {
            error = t
        }

        assertThat(error?.message).contains('case p2: perf check failed')
        assertThat(harness.unstableMessages).isEmpty()
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void perfRegressionLeavesTheBuildUnstableWhenTheParameterSaysSo() {
        caseFile('cases/l0_perf/p2.yaml', 'perf-regression')
        binding.setVariable('params', [PERF_REGRESSION_UNSTABLE: true])

        runScript('Jenkinsfile.example')

        assertThat(harness.unstableMessages).hasSize(1)
        assertThat(harness.echoes).contains('p2: PERF_REGRESSION, SLURM job 4242, [4:[output_throughput:1234.5]]')
        assertThat(result()).isEqualTo('UNSTABLE')
    }

    @Test
    void aPerfCaseWithoutBaselineFailsTheBuild() {
        caseFile('cases/l0_perf/p1.yaml', 'no-baseline')

        Throwable error = null
        try {
            runScript('Jenkinsfile.example')
        } catch (Throwable t) {
            error = t
        }

        assertThat(error?.message).contains('case p1: perf check failed', 'MISSING_BASELINE')
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void failedFunctionalCaseStillLetsTheOtherBranchFinishAndStopsBeforePerf() {
        caseFile('cases/functional/f1.yaml', 'test-failed')

        Throwable error = null
        try {
            runScript('Jenkinsfile.example')
        } catch (Throwable t) {
            error = t
        }

        assertThat(error?.message).contains('case f1: test failed')
        assertThat(core.invocations('run')*.get(6)).containsExactly('cases/functional/f1.yaml', 'cases/functional/f2.yaml')
        assertThat(harness.stages).doesNotContain('L0 perf')
        assertThat(result()).isEqualTo('FAILURE')
    }
}
