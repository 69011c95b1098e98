package dev.disagg.jenkins

import dev.disagg.jenkins.support.FakeCore
import dev.disagg.jenkins.support.LibraryFromSource
import dev.disagg.jenkins.support.StepTestBase
import hudson.AbortException
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.Arguments
import org.junit.jupiter.params.provider.MethodSource

import java.util.stream.Stream

import static org.assertj.core.api.Assertions.assertThat

/** The step on one case: arguments, the one core run it starts, what it publishes, the result policy, abort. */
class DisaggBenchmarkStepTest extends StepTestBase {

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of([:], ["missing required parameter 'config'"]),
                Arguments.of([confg: 'a.yaml'], ["unknown parameter 'confg'", "missing required parameter 'config'"]),
                Arguments.of([config: 'a.yaml', configs: 'b/*.yaml'], ["either 'config'", 'not both']),
                Arguments.of([config: ''], ["'config' must be a non-empty string"]),
                Arguments.of([config: 'a.yaml', skipPerfCheck: 'yes'], ["'skipPerfCheck' must be true or false, not 'yes'"]),
                Arguments.of([config: 'a.yaml', failOnPerfRegression: true], ["'failOnPerfRegression' was replaced by 'onPerfRegression'",
                        "write onPerfRegression: 'unstable' to mark it unstable instead"]),
                Arguments.of([config: 'a.yaml', onPerfRegression: 'ignore'], ["'onPerfRegression' must be 'failure' or 'unstable', not 'ignore'"]),
                Arguments.of([config: 'a.yaml', missingBaseline: false], ["'missingBaseline' must be 'fail' or 'warn' or 'ignore', not false"]),
                Arguments.of([config: 'a.yaml', timeoutMinutes: 0], ["'timeoutMinutes' must be a positive whole number, not 0"]),
                Arguments.of([config: 'a.yaml', timeoutMinutes: 2.5], ["'timeoutMinutes' must be a positive whole number"]),
                Arguments.of([configs: []], ["'configs' must be a glob like 'cases/*.yaml' or a non-empty list"]),
                Arguments.of([configs: ['a.yaml', 3]], ["'configs' must be a glob"]),
                Arguments.of([config: 'a.yaml', maxParallel: 'many'], ["'maxParallel' must be a positive whole number, not 'many'"]),
                Arguments.of([config: 'a.yaml', cluster: ' '], ["'cluster' must be a non-empty string"]),
                // every mistake at once, not one per attempt
                Arguments.of([config: 'a.yaml', baseline: 42, jar: null, typo: true],
                        ["unknown parameter 'typo'", "'baseline' must be a non-empty string", "'jar' must be a non-empty string, not null"]),
        )
    }

    @ParameterizedTest
    @MethodSource('badArguments')
    void rejectsBadArgumentsBeforeRunningAnything(Map args, List<String> expected) {
        Throwable error = runStepExpectingError(args)

        assertThat(error).isInstanceOf(AbortException)
        assertThat(error.message).startsWith('disaggBenchmark: ').contains(expected)
        assertThat(agent.shCalls).isEmpty()
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void unknownParameterMessageListsTheKnownOnes() {
        Throwable error = runStepExpectingError(config: 'a.yaml', skip_perf_check: true)

        assertThat(error.message).contains("unknown parameter 'skip_perf_check'",
                'known: config, configs, skipPerfCheck, baseline, cluster, workspace, timeoutMinutes, onPerfRegression, missingBaseline,' +
                        ' maxParallel, jar')
    }

    @Test
    void runsTheCoreOnceWithEveryParameterPassedThrough() {
        caseFile('cases/a.yaml')
        new File(workspace, 'baselines').mkdirs()
        Map args = [config: 'cases/a.yaml', jar: jar.path, cluster: 'local', baseline: 'baselines/l0.yaml', timeoutMinutes: '90',
                    skipPerfCheck: true]

        runStep(args)

        assertThat(core.invocations()).containsExactly(
                ['-jar', jar.path, 'run', '--run-result', FakeCore.runResultFile(workspace, args).path, '--config', 'cases/a.yaml',
                 '--workspace', workspace.path, '--cluster', 'local', '--baseline', 'baselines/l0.yaml', '--skip-perf-check=true',
                 '--missing-baseline=fail', '--timeout-minutes', '90'])
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/a.yaml', 'disagg pack')
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void optionalArgumentsAreLeftToTheCoreWhenNotGiven() {
        caseFile('cases/a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path)

        assertThat(core.invocations('run')).containsExactly(
                ['-jar', jar.path, 'run', '--run-result', FakeCore.runResultFile(workspace, [config: 'cases/a.yaml']).path,
                 '--config', 'cases/a.yaml', '--workspace', workspace.path, '--missing-baseline=fail'])
    }

    @Test
    void argumentsReachTheCoreVerbatimWhateverCharactersTheyHold() {
        String config = "cases/it's \$(touch pwned) `touch pwned2` \"x\"/a.yaml"
        caseFile(config)
        String cluster = 'profiles/my cluster;rm -rf x.yaml'

        runStep(config: config, jar: jar.path, cluster: cluster)

        assertThat(core.invocations('run')[0]).containsSequence('--config', config)
        assertThat(core.invocations('run')[0]).containsSequence('--cluster', cluster)
        assertThat(new File(workspace, 'pwned')).doesNotExist()
        assertThat(new File(workspace, 'pwned2')).doesNotExist()
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void workspaceDefaultsToTheBuildWorkspaceAndCanBeChosen() {
        caseFile('cases/a.yaml')
        File elsewhere = new File(temp, 'other ws')

        runStep(config: 'cases/a.yaml', jar: jar.path, workspace: elsewhere.path)

        assertThat(core.invocations('run')[0]).containsSequence('--workspace', elsewhere.path)
        assertThat(new File(elsewhere, 'disagg_logs/a/result.json')).exists()
        assertThat(harness.junitCalls[0].cwd).isEqualTo(elsewhere.canonicalFile)
        assertThat(harness.archiveCalls[0].matched).contains('disagg_logs/a.tar.gz', 'disagg_logs/a/result.json')
    }

    @Test
    void publishesTheCaseResultsLogsAndTarballAndReturnsItsResult() {
        caseFile('cases/a.yaml')

        Map returned = runStep(config: 'cases/a.yaml', jar: jar.path) as Map

        assertThat(harness.junitCalls).hasSize(1)
        assertThat(harness.junitCalls[0]).containsEntry('testResults', 'disagg_logs/a/results.xml')
                .containsEntry('allowEmptyResults', false).containsEntry('cwd', workspace.canonicalFile)
        assertThat(harness.archiveCalls).hasSize(1)
        assertThat(harness.archiveCalls[0]).containsEntry('artifacts', 'disagg_logs/a/**, disagg_logs/a.tar.gz')
                .containsEntry('allowEmptyArchive', true)
        assertThat(harness.archiveCalls[0].matched as List).containsExactly('disagg_logs/a.tar.gz',
                'disagg_logs/a/gen_server_0.log', 'disagg_logs/a/job.sh', 'disagg_logs/a/job_id', 'disagg_logs/a/result.json',
                'disagg_logs/a/results.xml', 'disagg_logs/a/summary.md')
        assertThat(tarList(new File(workspace, 'disagg_logs/a.tar.gz'))).contains('a/result.json', 'a/gen_server_0.log')
        assertThat(agent.log.toString()).contains('disaggBenchmark: case a passed, SLURM job 4242')
        assertThat(agent.log.toString().findAll('## a: PASS')).as('the summary the core printed, once').hasSize(1)
        assertThat(returned).containsEntry('caseName', 'a').containsEntry('jobId', '4242')
                .containsEntry('verdict', 'PASS').containsEntry('exitCode', 0)
                .containsEntry('caseDir', new File(workspace, 'disagg_logs/a').path)
                .containsEntry('skipPerfCheck', false).containsEntry('config', 'cases/a.yaml')
                .containsEntry('metrics', ['4': [output_throughput: 1234.5]])
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void perfRegressionFailsTheBuildByDefaultAfterPublishing() {
        caseFile('cases/slow.yaml', 'perf-regression')

        Throwable error = runStepExpectingError(config: 'cases/slow.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).isEqualTo('disaggBenchmark: case slow: perf check failed,' +
                ' SLURM job 4242: PERF_REGRESSION: 1 metric(s) beyond tolerance; first: output_throughput at concurrency 4:' +
                ' measured 900 tok/s, baseline 1000 (-10.0%), allowed >= 950 (-5%) -> REGRESSION;' +
                ' logs: disagg_logs/slow/ (archived with this build)')
        assertThat(harness.unstableMessages).isEmpty()
        assertThat(harness.junitCalls).hasSize(1)
        assertThat(harness.archiveCalls).hasSize(1)
    }

    @Test
    void perfRegressionMarksTheBuildUnstableWhenAskedToAndStillReturns() {
        caseFile('cases/slow.yaml', 'perf-regression')

        Map returned = runStep(config: 'cases/slow.yaml', jar: jar.path, onPerfRegression: 'unstable') as Map

        assertThat(result()).isEqualTo('UNSTABLE')
        assertThat(harness.unstableMessages).singleElement().asString().startsWith('disaggBenchmark: case slow: perf check failed,' +
                ' SLURM job 4242: PERF_REGRESSION: 1 metric(s) beyond tolerance;')
        assertThat(returned).containsEntry('verdict', 'PERF_REGRESSION').containsEntry('exitCode', 3)
    }

    @Test
    void theOldFailOnPerfRegressionIsRefusedWithItsNewName() {
        caseFile('cases/slow.yaml', 'perf-regression')

        Throwable error = runStepExpectingError(config: 'cases/slow.yaml', jar: jar.path, failOnPerfRegression: false)

        assertThat(error.message).isEqualTo("disaggBenchmark: 'failOnPerfRegression' was replaced by 'onPerfRegression': a failed" +
                " perf check now fails the build by default; write onPerfRegression: 'unstable' to mark it unstable instead." +
                " Usage: disaggBenchmark(config: 'cases/a.yaml', ...) or disaggBenchmark(configs: 'cases/*.yaml', ...); see the step's help.")
        assertThat(agent.shCalls).isEmpty()
    }

    @Test
    void aMissingBaselineFailsThePerfStageByDefault() {
        caseFile('cases/new.yaml', 'no-baseline')

        Throwable error = runStepExpectingError(config: 'cases/new.yaml', jar: jar.path)

        assertThat(core.invocations('run')[0]).contains('--missing-baseline=fail')
        assertThat(error.message).isEqualTo('disaggBenchmark: case new: perf check failed, SLURM job 4242: MISSING_BASELINE:' +
                ' 2 metric(s) (--missing-baseline fail): output_throughput at concurrency 4; median_e2el at concurrency 4;' +
                ' logs: disagg_logs/new/ (archived with this build)')
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void aMissingBaselineWithWarnMarksTheBuildUnstableNamingTheMetrics() {
        caseFile('cases/new.yaml', 'no-baseline')

        Map returned = runStep(config: 'cases/new.yaml', jar: jar.path, missingBaseline: 'warn') as Map

        assertThat(core.invocations('run')[0]).contains('--missing-baseline=warn')
        assertThat(result()).isEqualTo('UNSTABLE')
        assertThat(harness.unstableMessages).containsExactly('disaggBenchmark: case new passed, SLURM job 4242, but 2 measured' +
                " metric(s) had no baseline: output_throughput at concurrency 4, median_e2el at concurrency 4 (missingBaseline: 'warn');" +
                " add them to the baseline, or missingBaseline: 'ignore'; logs: disagg_logs/new/ (archived with this build)")
        assertThat(agent.log.toString()).contains('disagg: warning: case new: 2 measured metric(s) have no baseline')
        assertThat(returned).containsEntry('verdict', 'PASS')
    }

    @Test
    void aMissingBaselineWithIgnorePasses() {
        caseFile('cases/new.yaml', 'no-baseline')

        runStep(config: 'cases/new.yaml', jar: jar.path, missingBaseline: 'IGNORE')

        assertThat(core.invocations('run')[0]).contains('--missing-baseline=ignore')
        assertThat(result()).isEqualTo('SUCCESS')
        assertThat(harness.unstableMessages).isEmpty()
    }

    @Test
    void theStepRunsTheLibrarysScriptFromTheWorkspace() {
        caseFile('cases/a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path)

        File installed = new File(workspace, '.disagg-step/disagg-core.sh')
        assertThat(harness.libraryResources).containsExactly('dev/disagg/disagg-core.sh')
        assertThat(installed.text).isEqualTo(new File(LibraryFromSource.root(), 'resources/dev/disagg/disagg-core.sh').text)
        assertThat(agent.shCalls).hasSize(2)
        agent.shCalls*.script.each { String sh ->
            assertThat(sh).startsWith("#!/bin/sh\nexec /bin/sh ${installed.path} ".toString()).hasLineCount(2)
        }
    }

    @Test
    void failedTestFailsTheBuildWithTheCauseAfterPublishing() {
        caseFile('cases/broken.yaml', 'test-failed')

        Throwable error = runStepExpectingError(config: 'cases/broken.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).isEqualTo('disaggBenchmark: case broken: test failed, SLURM job 4242:' +
                ' ROLE_FAILED: GEN_0 exited with code 1: RuntimeError: CUDA out of memory;' +
                ' logs: disagg_logs/broken/ (archived with this build)')
        assertThat(harness.junitCalls*.testResults).containsExactly('disagg_logs/broken/results.xml')
        assertThat(harness.archiveCalls).hasSize(1)
    }

    @Test
    void infrastructureErrorFailsTheBuildAndArchivesWhatThereIs() {
        caseFile('cases/a.yaml', 'infra')

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).contains('case a: SLURM or infrastructure error', 'sbatch refused the job: Invalid partition name specified')
        assertThat(harness.junitCalls).as('no results.xml, so no junit that would hide the cause').isEmpty()
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/a/job.sh', 'disagg_logs/a.tar.gz')
    }

    @Test
    void invalidConfigFailsWithTheCoresMessageAndItsProblemsBeforeAnythingIsSubmitted() {
        caseFile('cases/bad.yaml', 'invalid')

        Throwable error = runStepExpectingError(config: 'cases/bad.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).isEqualTo('disaggBenchmark: cases/bad.yaml: invalid config or arguments:' +
                ' cases/bad.yaml: invalid case file (1 error(s)); nothing was submitted |' +
                " cases/bad.yaml:3:5: hardware.gpus_per_node: expected a positive integer, got 'four' [value]")
        assertThat(new File(workspace, 'disagg_logs')).doesNotExist()
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/bad.yaml')
        assertThat(harness.junitCalls).isEmpty()
        assertThat(harness.archiveCalls).isEmpty()
    }

    @Test
    void caseNamesAreTheCoresAndReachTheArtifactPatternsWithoutSplittingThem() {
        caseFile('cases/my case,1.yaml')

        Map returned = runStep(config: 'cases/my case,1.yaml', jar: jar.path) as Map

        assertThat(returned.caseName).isEqualTo('my case,1')
        assertThat(harness.junitCalls*.testResults).containsExactly('disagg_logs/my?case?1/results.xml')
        assertThat(harness.archiveCalls[0].artifacts).isEqualTo('disagg_logs/my?case?1/**, disagg_logs/my?case?1.tar.gz')
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/my case,1.tar.gz', 'disagg_logs/my case,1/result.json')
    }

    @Test
    void missingCaseFileIsReportedByTheCoreAsInvalid() {
        Throwable error = runStepExpectingError(config: 'cases/nope.yaml', jar: jar.path)

        assertThat(error.message).contains('cases/nope.yaml: invalid config or arguments', 'no such case file')
    }

    @Test
    void interruptedCoreMeansAbortedBuild() {
        caseFile('cases/a.yaml', 'aborted')

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('ABORTED')
        assertThat(error.message).contains('case a: interrupted; its SLURM job was cancelled')
    }

    @Test
    void aCoreThatEndsWithoutItsRunResultFailsWithTheEndOfItsStderr() {
        caseFile('cases/a.yaml', 'no-result')

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).isEqualTo('disaggBenchmark: the core ended (exit 1) without saying how the run ended:' +
                ' Exception in thread "main" java.lang.OutOfMemoryError: Java heap space')
    }

    @Test
    void aCoreKilledWhileFollowingAJobHasTheJobCancelledAndTheLogsKept() {
        caseFile('cases/a.yaml', 'unfinished')

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        File caseDir = new File(workspace, 'disagg_logs/a')
        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).isEqualTo('disaggBenchmark: the core ended (exit 137) without saying how the run ended: Killed')
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/a.yaml', 'disagg cancel', 'disagg pack')
        assertThat(core.invocations('cancel')).containsExactly(['-jar', jar.path, 'cancel', '--case-dir', caseDir.path])
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/a.tar.gz', 'disagg_logs/a/job_id', 'disagg_logs/a/cancelled')
    }

    @Test
    void abortWhileTheCaseRunsCancelsItsJobKeepsItsLogsAndPropagates() {
        caseFile('cases/a.yaml')
        agent.interruptLabels << 'disagg run'
        // the job was submitted before the abort: the core's run result lists it, not ended
        File caseDir = new File(workspace, 'disagg_logs/a')
        FakeCore.runningResult(FakeCore.runResultFile(workspace, [config: 'cases/a.yaml']), workspace, caseDir)

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(error).isInstanceOf(InterruptedException)
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/a.yaml', 'disagg cancel', 'disagg pack')
        assertThat(core.invocations('cancel')).containsExactly(['-jar', jar.path, 'cancel', '--case-dir', caseDir.path])
        assertThat(new File(caseDir, 'cancelled')).exists()
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/a.tar.gz', 'disagg_logs/a/job_id', 'disagg_logs/a/cancelled')
        assertThat(harness.errorMessages).isEmpty()
    }

    @Test
    void abortBeforeTheCoreWroteAnythingPropagatesWithNothingToCancel() {
        caseFile('cases/a.yaml')
        agent.interruptLabels << 'disagg run'

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(error).isInstanceOf(InterruptedException)
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/a.yaml')
        assertThat(harness.archiveCalls).isEmpty()
    }

    @Test
    void stepCountIsFixed() {
        caseFile('cases/a.yaml')

        runStep(config: 'cases/a.yaml', jar: jar.path)

        List<String> steps = helper.callStack.findAll { it.target.class.name == 'disaggBenchmark' }*.methodName
        assertThat(steps).containsExactly('libraryResource', 'writeFile', 'sh', 'fileExists', 'readFile', 'sh', 'dir',
                'junit', 'archiveArtifacts', 'echo')
    }

    private List<String> tarList(File tarball) {
        Process p = new ProcessBuilder('tar', '-tzf', tarball.path).redirectErrorStream(true).start()
        List<String> names = p.inputStream.getText('UTF-8').readLines()
        assert p.waitFor() == 0
        return names
    }
}
