package dev.disagg.jenkins

import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** configs: a glob or a list, run with bounded parallelism; results applied once all cases ended. */
class MultipleConfigsTest extends StepTestBase {

    @Test
    void globRunsEveryMatchingCaseOnceWithAtMostMaxParallelBranches() {
        ['c', 'a', 'b'].each { caseFile("cases/${it}.yaml") }
        caseFile('cases/notes.txt')

        List<Map> returned = runStep(configs: 'cases/*.yaml', jar: jar.path, maxParallel: 2) as List<Map>

        assertThat(harness.parallelBranches).containsExactly('disagg 1/2', 'disagg 2/2')
        assertThat(core.invocations('run')*.get(4)).containsExactlyInAnyOrder('cases/a.yaml', 'cases/b.yaml', 'cases/c.yaml')
        assertThat(returned*.caseName).containsExactly('a', 'b', 'c')
        assertThat(harness.junitCalls*.testResults).containsExactlyInAnyOrder(
                'disagg_logs/a/results.xml', 'disagg_logs/b/results.xml', 'disagg_logs/c/results.xml')
        assertThat(harness.archiveCalls).hasSize(3)
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void defaultParallelismIsTwoAndNeverMoreBranchesThanCases() {
        ['a', 'b', 'c'].each { caseFile("cases/${it}.yaml") }

        runStep(configs: 'cases/*.yaml', jar: jar.path)
        assertThat(harness.parallelBranches).hasSize(2)

        harness.parallelBranches.clear()
        runStep(configs: ['cases/a.yaml', 'cases/b.yaml'], jar: jar.path, maxParallel: 8)
        assertThat(harness.parallelBranches).hasSize(2)
    }

    @Test
    void listIsRunAsGivenAndResultsComeBackInItsOrder() {
        caseFile('cases/x/b.yaml')
        caseFile('cases/y/a.yaml')

        List<Map> returned = runStep(configs: ['cases/y/a.yaml', 'cases/x/b.yaml'], jar: jar.path) as List<Map>

        assertThat(returned*.config).containsExactly('cases/y/a.yaml', 'cases/x/b.yaml')
        assertThat(agent.shCalls*.label).containsExactly('disagg plan cases/y/a.yaml', 'disagg run a',
                'disagg plan cases/x/b.yaml', 'disagg run b')
    }

    @Test
    void globIsExpandedWithoutEvaluationAndKeepsSpaces() {
        caseFile('my cases/a.yaml')
        caseFile('my cases/b.yaml')

        List<Map> returned = runStep(configs: 'my cases/*.yaml', jar: jar.path) as List<Map>

        assertThat(returned*.config).containsExactly('my cases/a.yaml', 'my cases/b.yaml')
    }

    @Test
    void globMatchingNothingIsAnError() {
        Throwable error = runStepExpectingError(configs: 'nowhere/*.yaml', jar: jar.path)

        assertThat(error.message).isEqualTo("disaggBenchmark: configs 'nowhere/*.yaml' matches no file (relative to the current directory)")
        assertThat(core.invocations()).isEmpty()
    }

    @Test
    void everyCaseRunsThenRegressionsMarkUnstableAndFailuresAreListedInOneError() {
        caseFile('cases/a.yaml', 'test-failed')
        caseFile('cases/b.yaml', 'perf-regression')
        caseFile('cases/c.yaml', 'pass')
        caseFile('cases/d.yaml', 'invalid')

        Throwable error = runStepExpectingError(configs: 'cases/*.yaml', jar: jar.path, maxParallel: 3, onPerfRegression: 'unstable')

        assertThat(core.invocations('run')).hasSize(3)
        assertThat(harness.unstableMessages).hasSize(1)
        assertThat(harness.unstableMessages[0]).startsWith('disaggBenchmark: case b: perf check failed')
        assertThat(error.message).startsWith('disaggBenchmark: 2 of 4 cases failed:\n')
                .contains(' - disaggBenchmark: case a: test failed', ' - disaggBenchmark: cases/d.yaml: invalid case config')
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void regressionsAloneLeaveTheBuildUnstableAndReturnEveryResult() {
        caseFile('cases/a.yaml', 'perf-regression')
        caseFile('cases/b.yaml', 'pass')

        List<Map> returned = runStep(configs: 'cases/*.yaml', jar: jar.path, onPerfRegression: 'unstable') as List<Map>

        assertThat(returned*.verdict).containsExactly('PERF_REGRESSION', 'PASS')
        assertThat(result()).isEqualTo('UNSTABLE')
    }

    @Test
    void casesNeverShareScratchFiles() {
        caseFile('cases/a.yaml', 'infra')
        caseFile('cases_a.yaml', 'aborted')

        Throwable error = runStepExpectingError(configs: ['cases/a.yaml', 'cases_a.yaml'], jar: jar.path)

        // one directory per case file, beside the library's script
        List<File> scratch = new File(workspace, '.disagg-step').listFiles().findAll { it.isDirectory() }.sort { it.name } as List<File>
        assertThat(scratch).hasSize(2)
        assertThat(scratch*.name.every { it.startsWith('cases_a.yaml-') }).as(scratch*.name.toString()).isTrue()
        List<String> stderr = scratch.collect { new File(it, 'run.err').text }
        assertThat(stderr.findAll { it.contains('sbatch refused') }).hasSize(1)
        assertThat(stderr.findAll { it.contains('interrupted') }).hasSize(1)
        assertThat(error.message).contains('case a: SLURM or infrastructure error: disagg: sbatch refused',
                'case cases_a: interrupted')
    }
}
