package dev.disagg.jenkins

import dev.disagg.jenkins.support.ShellAgent
import dev.disagg.jenkins.support.StepTestBase
import groovy.json.JsonSlurperClassic
import groovy.util.slurpersupport.GPathResult
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Tag
import org.junit.jupiter.api.Test

import java.util.zip.ZipFile

import static org.assertj.core.api.Assertions.assertThat

/**
 * The step end to end: its sh calls run in a real shell with the host's PATH, so they reach the
 * real java, the core's CLI jar and the project's local SLURM cluster, which runs the core's
 * embedded example case with stand-in roles. Needs the cluster (test/scripts/local-slurm.sh
 * start) and runs with -Ddisagg.excludedGroups=none, which also hands over the jar.
 */
@Tag('e2e')
class LocalClusterE2ETest extends StepTestBase {
    /** Where the core jar keeps the example case it runs when given no --config. */
    private static final String EXAMPLE = 'dev/disagg/examples/local-smoke.yaml'
    /** Generous: the local cluster is shared, so a job may wait in the queue before it runs. */
    private static final long SH_TIMEOUT_SECONDS = 900

    @Override
    protected ShellAgent createAgent() {
        jar = coreJar()
        ShellAgent hostAgent = ShellAgent.onHostPath(workspace, home)
        hostAgent.shTimeoutSeconds = SH_TIMEOUT_SECONDS
        return hostAgent
    }

    /** The build log, in the test's output file (target/surefire-reports), for when a run goes wrong. */
    @AfterEach
    void printBuildLog() {
        println(agent.log)
    }

    @Test
    void passingCaseIsPublishedFromItsRealCaseDirectory() {
        exampleCase('cases/smoke.yaml')

        // no baseline file: the step's default (missingBaseline 'fail') would fail this perf check
        Map returned = runStep(config: 'cases/smoke.yaml', jar: jar.path, cluster: 'local', missingBaseline: 'ignore') as Map

        File caseDir = new File(workspace, 'disagg_logs/smoke')
        String jobId = new File(caseDir, 'job_id').text.trim()
        assertThat(jobId).matches('[0-9]+')
        assertThat(returned).containsEntry('verdict', 'PASS').containsEntry('exitCode', 0).containsEntry('jobId', jobId)
                .containsEntry('caseName', 'smoke').containsEntry('caseDir', caseDir.path).containsEntry('skipPerfCheck', false)
        assertThat(returned.metrics['4'].output_throughput as double).isPositive()
        assertThat(result()).as(agent.log.toString()).isEqualTo('SUCCESS')
        assertThat(harness.errorMessages + harness.unstableMessages).isEmpty()
        assertThat(agent.log.toString()).contains("submitted job ${jobId}", "disaggBenchmark: case smoke passed, SLURM job ${jobId}")
        assertThat(agent.log.toString().findAll('## smoke: PASS \\(exit 0\\)')).as('the summary, once').hasSize(1)
        // the jar's own launcher started the core and wrote its class-data archive on the agent first
        assertThat(new File(home, '.cache/disagg').list()?.toList()?.findAll { it ==~ /cli-[0-9]+-[0-9]+\.jsa/ }).hasSize(1)

        assertThat(harness.junitCalls).hasSize(1)
        assertThat(harness.junitCalls[0]).containsEntry('testResults', 'disagg_logs/smoke/results.xml')
                .containsEntry('cwd', workspace.canonicalFile)
        GPathResult suite = junitSuite(new File(workspace, 'disagg_logs/smoke/results.xml'))
        assertThat(suite.@name.text()).isEqualTo('disagg.smoke')
        assertThat(suite.properties.property.find { it.@name == 'jobId' }.@value.text()).isEqualTo(jobId)
        List<String> testcases = suite.testcase.collect { it.@name.text() }
        assertThat(testcases).contains('case', 'con=1 output_throughput', 'con=4 median_e2el')
        assertThat(suite.@tests.text() as int).isEqualTo(testcases.size())
        assertThat(suite.testcase.find { it.@name == 'case' }.failure.size()).isZero()
        assertThat(suite.@failures.text()).isEqualTo('0')
        // BENCHMARK always writes its pytest JUnit; workers and server only when they see the status file
        // before the job stops them (it does so at once)
        assertThat(pytestSuites(new File(workspace, 'disagg_logs/smoke/results.xml'))).as("upstream's test name per role")
                .contains('pytest.BENCHMARK:test_e2e[disagg-e2e-smoke]')
                .isSubsetOf('pytest.BENCHMARK:test_e2e[disagg-e2e-smoke]', 'pytest.CTX_0:test_e2e[disagg-e2e-smoke]',
                        'pytest.DISAGG_SERVER:test_e2e[disagg-e2e-smoke]', 'pytest.GEN_0:test_e2e[disagg-e2e-smoke]')

        List<String> logs = ['results.xml', 'benchmark.log', "slurm_${jobId}.log".toString()]
        assertThat(harness.archiveCalls).hasSize(1)
        assertThat(harness.archiveCalls[0]).containsEntry('artifacts', 'disagg_logs/smoke/**, disagg_logs/smoke.tar.gz')
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/smoke.tar.gz')
                .containsAll(logs.collect { "disagg_logs/smoke/${it}".toString() })
        assertThat(tarList(new File(workspace, 'disagg_logs/smoke.tar.gz'))).containsAll(logs.collect { "smoke/${it}".toString() })
    }

    @Test
    void workerCrashingAtStartFailsTheBuildWithItsCauseAndKeepsTheLogs() {
        String text = example()
        String crashing = text.replaceFirst(/(?m)^environment:\n/, 'environment:\n  gen_worker_env_var: "DISAGG_EMULATOR_FAULT=crash-start"\n')
                .replaceFirst(/(?m)^metadata:\n/, 'metadata:\n  use_legacy_ctx_calculation: true\n')
        assertThat(crashing).isNotEqualTo(text)
        writeCase('cases/crash.yaml', crashing)

        Throwable error = runStepExpectingError(config: 'cases/crash.yaml', jar: jar.path, cluster: 'local')

        String jobId = new File(workspace, 'disagg_logs/crash/job_id').text.trim()
        assertThat(result()).isEqualTo('FAILURE')
        // the role's own error, not srun's "srun: error: ... Exited with exit code 3" after it
        assertThat(error.message).startsWith("disaggBenchmark: case crash: test failed, SLURM job ${jobId}: ROLE_FAILED: GEN_0 exited" +
                ' with code 3: RuntimeError: simulated crash at start (DISAGG_EMULATOR_FAULT=crash-start);')
                .endsWith('logs: disagg_logs/crash/ (archived with this build)')
        // legacy mode (same single ctx server: ceil(1/5500)) is said in the build log, by the core's run
        assertThat(agent.log.toString()).contains('note: legacy ctx_num: ceil(1/5500) = 1 (metadata.use_legacy_ctx_calculation)')
        GPathResult failure = junitSuite(new File(workspace, 'disagg_logs/crash/results.xml')).testcase.find { it.@name == 'case' }.failure
        assertThat(failure.@type.text()).isEqualTo('ROLE_FAILED')
        assertThat(harness.junitCalls*.testResults).containsExactly('disagg_logs/crash/results.xml')
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/crash.tar.gz', 'disagg_logs/crash/failure.json',
                'disagg_logs/crash/gen_server_0.log', "disagg_logs/crash/slurm_${jobId}.log".toString())
        assertThat(tarList(new File(workspace, 'disagg_logs/crash.tar.gz'))).contains('crash/gen_server_0.log', 'crash/results.xml')
    }

    @Test
    void skipPerfCheckFromTheEnvironmentReachesTheCore() {
        exampleCase('cases/functional.yaml')
        agent.env.SKIP_PERF_CHECK = 'true'

        Map returned = runStep(config: 'cases/functional.yaml', jar: jar.path, cluster: 'local') as Map

        assertThat(returned).containsEntry('verdict', 'PASS').containsEntry('skipPerfCheck', true)
        File caseDir = new File(workspace, 'disagg_logs/functional')
        Map written = new JsonSlurperClassic().parse(new File(caseDir, 'result.json')) as Map
        assertThat(written.perfCheck.status).isEqualTo('SKIPPED')
        assertThat(written.perfCheck.skipped).isEqualTo(true)
        assertThat(returned.perfCheck).isEqualTo(written.perfCheck)
        assertThat(new File(caseDir, 'summary.md').text).contains('- Perf check: skipped (SKIP_PERF_CHECK=true from the environment')
        assertThat(junitSuite(new File(caseDir, 'results.xml')).testcase.findAll { it.skipped.size() > 0 }.size()).isPositive()
        assertThat(harness.echoes).contains("disaggBenchmark: case functional passed, SLURM job ${returned.jobId} (perf check skipped)".toString())
    }

    @Test
    void configsRunAsOneSweepOfTheCoreInOneShStep() {
        exampleCase('cases/s1.yaml')
        exampleCase('cases/s2.yaml')

        List<Map> returned = runStep(configs: 'cases/*.yaml', jar: jar.path, cluster: 'local', missingBaseline: 'ignore',
                maxParallel: 2) as List<Map>

        assertThat(result()).as(agent.log.toString()).isEqualTo('SUCCESS')
        assertThat(returned*.caseName).containsExactly('s1', 's2')
        assertThat(returned*.verdict).containsExactly('PASS', 'PASS')
        assertThat(returned*.config).containsExactly('cases/s1.yaml', 'cases/s2.yaml')
        returned.each { Map r ->
            assertThat(r.jobId as String).isEqualTo(new File(workspace, "disagg_logs/${r.caseName}/job_id").text.trim())
        }
        assertThat(agent.shCalls*.label).containsExactly('disagg run cases/*.yaml', 'disagg pack')
        assertThat(harness.junitCalls*.testResults).containsExactly('disagg_logs/s1/results.xml, disagg_logs/s2/results.xml')
        assertThat(harness.archiveCalls[0].matched as List).contains('disagg_logs/s1.tar.gz', 'disagg_logs/s2.tar.gz',
                'disagg_logs/s2/result.json', 'disagg_logs/sweep.md', 'disagg_logs/index.html', 'disagg_logs/sweep-results.xml')
        Map runResult = new JsonSlurperClassic().parse(new File(workspace, '.disagg-step').listFiles().find { it.isDirectory() }
                .toPath().resolve('run-result.json').toFile()) as Map
        assertThat(runResult.finished).isEqualTo(true)
        assertThat(runResult.exitCode).isEqualTo(0)
    }

    @Test
    void aCaseFileThatDoesNotLoadFailsWithTheCoresProblemsAndNothingSubmitted() {
        writeCase('cases/broken.yaml', example() + '\nbroken: [\n')

        Throwable error = runStepExpectingError(config: 'cases/broken.yaml', jar: jar.path, cluster: 'local')

        assertThat(result()).isEqualTo('FAILURE')
        assertThat(error.message).startsWith('disaggBenchmark: cases/broken.yaml: invalid config or arguments: cases/broken.yaml:' +
                ' invalid case file (1 error(s)); nothing was submitted | cases/broken.yaml:')
        assertThat(new File(workspace, 'disagg_logs')).doesNotExist()
        assertThat(harness.archiveCalls).isEmpty()
    }

    /** The jar test/pom.xml's e2e profile resolves (from the reactor: core/target/disagg-cli.jar). */
    private static File coreJar() {
        String path = System.getProperty('disagg.coreJar')
        File file = path ? new File(path) : null
        if (file == null || !file.isFile()) {
            throw new IllegalStateException("the core jar is not known (system property disagg.coreJar is '${path}');" +
                    ' run the e2e tests with -Ddisagg.excludedGroups=none, whose Maven profile builds and passes it')
        }
        return file.absoluteFile
    }

    /** The example case as the jar holds it. */
    private String example() {
        ZipFile zip = new ZipFile(jar)
        try {
            return zip.getInputStream(zip.getEntry(EXAMPLE)).getText('UTF-8')
        } finally {
            zip.close()
        }
    }

    private void exampleCase(String relative) {
        writeCase(relative, example())
    }

    private void writeCase(String relative, String text) {
        File file = new File(workspace, relative)
        file.parentFile.mkdirs()
        file.setText(text, 'UTF-8')
    }

    /** The case's own suite; the roles' pytest suites ({@code pytest.<ROLE>}) follow it. */
    private static GPathResult junitSuite(File xml) {
        return new XmlSlurper().parse(xml).testsuite.find { it.@name.text().startsWith('disagg.') }
    }

    private static List<String> pytestSuites(File xml) {
        return new XmlSlurper().parse(xml).testsuite.findAll { it.@name.text().startsWith('pytest.') }
                .collect { "${it.@name.text()}:${it.testcase.@name.text()}".toString() }
    }

    private static List<String> tarList(File tarball) {
        Process p = new ProcessBuilder('tar', '-tzf', tarball.path).redirectErrorStream(true).start()
        List<String> names = p.inputStream.getText('UTF-8').readLines()
        assert p.waitFor() == 0: names
        return names
    }
}
