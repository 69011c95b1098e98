package dev.disagg.jenkins

import dev.disagg.jenkins.support.FakeCore
import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/**
 * configs: a glob or a list, run as one sweep by the core (one sh, bounded parallelism inside the
 * core); results applied once all cases ended, with a number of pipeline steps that does not grow
 * with the number of cases.
 */
class MultipleConfigsTest extends StepTestBase {

    @Test
    void globIsOneSweepOfTheCoreAndEveryCaseIsPublishedByOneJunitAndOneArchive() {
        ['c', 'a', 'b'].each { caseFile("cases/${it}.yaml") }
        caseFile('cases/notes.txt')

        List<Map> returned = runStep(configs: 'cases/*.yaml', jar: jar.path, maxParallel: 3) as List<Map>

        assertThat(core.invocations('run')).hasSize(1)
        assertThat(core.invocations('run')[0]).containsSequence('--run-result').containsSequence('cases/*.yaml', '--max-parallel', '3')
                .doesNotContain('--config')
        assertThat(harness.parallelBranches).isEmpty()
        assertThat(returned*.caseName).containsExactly('a', 'b', 'c')
        assertThat(harness.junitCalls*.testResults).containsExactly(
                'disagg_logs/a/results.xml, disagg_logs/b/results.xml, disagg_logs/c/results.xml')
        assertThat(harness.archiveCalls).hasSize(1)
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/a.tar.gz', 'disagg_logs/c/result.json',
                'disagg_logs/sweep.md', 'disagg_logs/index.html', 'disagg_logs/sweep-results.xml')
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void defaultParallelismIsTwo() {
        ['a', 'b', 'c'].each { caseFile("cases/${it}.yaml") }

        runStep(configs: 'cases/*.yaml', jar: jar.path)
        runStep(configs: ['cases/a.yaml', 'cases/b.yaml'], jar: jar.path, maxParallel: 8)

        assertThat(core.invocations('run')).hasSize(2)
        assertThat(core.invocations('run')[0]).containsSequence('--max-parallel', '2')
        assertThat(core.invocations('run')[1]).containsSequence('--max-parallel', '8')
    }

    @Test
    void listIsRunAsGivenAndResultsComeBackInItsOrder() {
        caseFile('cases/x/b.yaml')
        caseFile('cases/y/a.yaml')

        List<Map> returned = runStep(configs: ['cases/y/a.yaml', 'cases/x/b.yaml'], jar: jar.path) as List<Map>

        assertThat(returned*.config).containsExactly('cases/y/a.yaml', 'cases/x/b.yaml')
        assertThat(core.invocations('run')[0]).containsSequence('cases/y/a.yaml', 'cases/x/b.yaml', '--max-parallel')
        assertThat(agent.shCalls*.label).containsExactly('disagg run 2 case files', 'disagg pack')
    }

    @Test
    void globReachesTheCoreUnexpandedAndKeepsSpaces() {
        caseFile('my cases/a.yaml')
        caseFile('my cases/b.yaml')

        List<Map> returned = runStep(configs: 'my cases/*.yaml', jar: jar.path) as List<Map>

        assertThat(core.invocations('run')[0]).contains('my cases/*.yaml')
        assertThat(returned*.config).containsExactly('my cases/a.yaml', 'my cases/b.yaml')
    }

    @Test
    void globMatchingNothingIsTheCoresUsageError() {
        Throwable error = runStepExpectingError(configs: 'nowhere/*.yaml', jar: jar.path)

        assertThat(error.message).isEqualTo('disaggBenchmark: invalid config or arguments: nowhere/*.yaml: matches no case file (pattern)')
        assertThat(harness.archiveCalls).isEmpty()
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void everyCaseRunsThenRegressionsMarkUnstableAndFailuresAreListedInOneError() {
        caseFile('cases/a.yaml', 'test-failed')
        caseFile('cases/b.yaml', 'perf-regression')
        caseFile('cases/c.yaml', 'pass')
        caseFile('cases/d.yaml', 'infra')

        Throwable error = runStepExpectingError(configs: 'cases/*.yaml', jar: jar.path, maxParallel: 3, onPerfRegression: 'unstable')

        assertThat(harness.unstableMessages).hasSize(1)
        assertThat(harness.unstableMessages[0]).startsWith('disaggBenchmark: case b: perf check failed')
        assertThat(error.message).startsWith('disaggBenchmark: 2 of 4 cases failed:\n')
                .contains(' - disaggBenchmark: case a: test failed', ' - disaggBenchmark: case d: SLURM or infrastructure error')
        assertThat(harness.junitCalls*.testResults).containsExactly(
                'disagg_logs/a/results.xml, disagg_logs/b/results.xml, disagg_logs/c/results.xml')
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void anInvalidCaseFileStopsTheWholeSweepBeforeAnythingIsSubmitted() {
        caseFile('cases/a.yaml', 'pass')
        caseFile('cases/d.yaml', 'invalid')

        Throwable error = runStepExpectingError(configs: 'cases/*.yaml', jar: jar.path)

        assertThat(error.message).startsWith('disaggBenchmark: cases/d.yaml: invalid config or arguments:' +
                ' cases/d.yaml: invalid case file (1 error(s)); nothing was submitted | cases/d.yaml:3:5: hardware.gpus_per_node')
        assertThat(new File(workspace, 'disagg_logs')).doesNotExist()
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
    void pipelineStepsDoNotGrowWithTheNumberOfCases() {
        (1..10).each { caseFile("ten/c${it}.yaml") }
        caseFile('one/c1.yaml')

        runStep(configs: ['one/c1.yaml'], jar: jar.path)
        List<String> one = steps()
        helper.callStack.clear()
        agent.shCalls.clear()
        List<Map> ten = runStep(configs: 'ten/*.yaml', jar: jar.path) as List<Map>

        assertThat(ten).hasSize(10)
        assertThat(steps()).isEqualTo(one)
        assertThat(agent.shCalls*.label).containsExactly('disagg run ten/*.yaml', 'disagg pack')
        assertThat(one.count('sh')).isEqualTo(2)
    }

    @Test
    void abortCancelsEveryCaseTheCoreListedAsRunningInOneStep() {
        ['a', 'b'].each { caseFile("cases/${it}.yaml") }
        Map args = [configs: 'cases/*.yaml', jar: jar.path]
        File file = FakeCore.runResultFile(workspace, args)
        FakeCore.runningResult(file, workspace, new File(workspace, 'disagg_logs/a'))
        // b's job is in the file too
        file.text = file.text.replace('"cases": [', '"cases": [{"caseName": "b", "caseDir": "' + new File(workspace, 'disagg_logs/b').path +
                '", "jobId": "4243", "verdict": null, "artifacts": {"caseDir": "disagg_logs/b"}}, ')
        new File(workspace, 'disagg_logs/b').mkdirs()
        new File(workspace, 'disagg_logs/b/job_id').text = '4243\n'
        agent.interruptLabels << 'disagg run'

        Throwable error = runStepExpectingError(args)

        assertThat(error).isInstanceOf(InterruptedException)
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/*.yaml', 'disagg cancel', 'disagg pack')
        assertThat(core.invocations('cancel')*.getAt(-1)).containsExactly(new File(workspace, 'disagg_logs/b').path,
                new File(workspace, 'disagg_logs/a').path)
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/a.tar.gz', 'disagg_logs/b.tar.gz')
    }

    @Test
    void callsWithDifferentCasesNeverShareScratchFiles() {
        caseFile('cases/a.yaml')
        caseFile('cases_a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path)
        runStep(config: 'cases_a.yaml', jar: jar.path)

        List<File> scratch = new File(workspace, '.disagg-step').listFiles().findAll { it.isDirectory() } as List<File>
        assertThat(scratch).hasSize(2)
        assertThat(scratch.every { new File(it, 'run-result.json').isFile() }).isTrue()
    }

    private List<String> steps() {
        return helper.callStack.findAll { it.target.class.name == 'disaggBenchmark' }*.methodName
    }
}
