package dev.disagg.jenkins

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import dev.disagg.jenkins.support.FakeCore
import dev.disagg.jenkins.support.LibraryFromSource
import dev.disagg.jenkins.support.PipelineHarness
import dev.disagg.jenkins.support.ShellAgent
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

import java.io.NotSerializableException

import static org.assertj.core.api.Assertions.assertThat

/**
 * The step under JenkinsPipelineUnit's CPS interpreter, which serializes the whole program
 * state at every step as Jenkins does: it proves the step keeps only serializable state
 * between steps. Behaviour is asserted in the normal-mode tests (CPS mode in JPU 1.1 gets
 * closure iteration wrong); here only that the runs complete and did the work.
 */
class CpsSerializabilityTest extends BasePipelineTestCPS {
    @TempDir
    File temp

    ShellAgent agent
    File workspace
    FakeCore core
    PipelineHarness harness
    File jar

    @Override
    @BeforeEach
    void setUp() throws Exception {
        workspace = new File(temp, 'workspace')
        File home = new File(temp, 'home')
        File bin = new File(temp, 'bin')
        [workspace, home, bin]*.mkdirs()
        FakeCore.linkTools(bin)
        core = new FakeCore(bin)
        jar = new File(temp, 'disagg-cli.jar')
        jar.text = 'stand-in'
        agent = new ShellAgent(workspace, home, [bin])
        agent.env.WORKSPACE = workspace.path
        FakeCore.caseFile(workspace, 'cases/a.yaml')
        FakeCore.caseFile(workspace, 'cases/slow/d.yaml', 'perf-regression')

        scriptRoots = [new File(LibraryFromSource.root(), 'test/src/test/resources/pipelines').path] as String[]
        scriptExtension = 'groovy'
        helper.registerSharedLibrary(LibraryFromSource.configuration())
        super.setUp()
        harness = new PipelineHarness(agent)
        harness.install(helper, binding, false)
    }

    /** Covers what one case does too: the same path with a one-case run result. */
    @Test
    void aSweepAndTheUnstablePathRunWithSerializableState() {
        binding.setVariable('stepArgs', [configs: ['cases/a.yaml', 'cases/slow/d.yaml'], jar: jar.path, maxParallel: 2,
                                         onPerfRegression: 'unstable'])

        runScript('cpsStep.groovy')

        assertThat(core.invocations('run')).hasSize(1)
        assertThat(core.invocations('run')[0]).containsSequence('cases/a.yaml', 'cases/slow/d.yaml')
        assertThat(harness.unstableMessages).hasSize(1)
        assertThat(PipelineHarness.result(binding)).isEqualTo('UNSTABLE')
    }

    @Test
    void abortPathRunsWithSerializableState() {
        binding.setVariable('stepArgs', [config: 'cases/a.yaml', jar: jar.path])
        agent.interruptLabels << 'disagg run'
        FakeCore.runningResult(FakeCore.runResultFile(workspace, [config: 'cases/a.yaml']), workspace, new File(workspace, 'disagg_logs/a'))

        Throwable thrown = null
        try {
            runScript('cpsStep.groovy')
        } catch (Throwable t) {
            thrown = t
        }

        assertThat(thrown).isNotNull()
        assertThat(causes(thrown).any { it instanceof InterruptedException }).as(causes(thrown).toString()).isTrue()
        assertThat(causes(thrown).any { it instanceof NotSerializableException }).as(causes(thrown).toString()).isFalse()
        assertThat(core.invocations('cancel')).hasSize(1)
    }

    /** Shows this harness can fail: state Jenkins could not save is caught. */
    @Test
    void nonSerializableStateAcrossAStepIsCaught() {
        Throwable thrown = null
        try {
            runScript('cpsNotSerializable.groovy')
        } catch (Throwable t) {
            thrown = t
        }

        assertThat(thrown).isNotNull()
        assertThat(causes(thrown).any { it instanceof NotSerializableException && it.message.contains('java.io.StringReader') })
                .as(causes(thrown).toString()).isTrue()
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = []
        for (Throwable c = t; c != null && !all.contains(c); c = c.cause) {
            all << c
        }
        return all
    }
}
