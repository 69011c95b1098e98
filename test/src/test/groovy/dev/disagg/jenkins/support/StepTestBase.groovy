package dev.disagg.jenkins.support

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.io.TempDir

/**
 * A JenkinsPipelineUnit test of the library loaded from source, on a {@link ShellAgent} whose
 * PATH holds only a few real tools and the {@link FakeCore} stand-in for java (see
 * {@link #createAgent} for running against the real core).
 */
abstract class StepTestBase extends BasePipelineTest {
    @TempDir
    File temp

    File workspace
    File home
    File bin
    ShellAgent agent
    FakeCore core
    PipelineHarness harness
    /** With the stand-in core: a jar file for the 'jar' parameter (the stand-in java only checks that it exists). */
    File jar

    @Override
    @BeforeEach
    void setUp() throws Exception {
        workspace = new File(temp, 'workspace')
        home = new File(temp, 'home')
        bin = new File(temp, 'bin')
        [workspace, home, bin]*.mkdirs()
        agent = createAgent()
        agent.env.WORKSPACE = workspace.path

        scriptRoots = [new File(LibraryFromSource.root(), 'test/src/test/resources/pipelines').path, LibraryFromSource.root().path] as String[]
        scriptExtension = 'groovy'
        baseClassLoader = SourceClasses.LOADER
        helper.registerSharedLibrary(LibraryFromSource.configuration())
        super.setUp()
        harness = new PipelineHarness(agent)
        harness.install(helper, binding)
    }

    /**
     * The agent the step's scripts run on: by default only a few real tools and the stand-in
     * java. A test against the real core and cluster returns {@link ShellAgent#onHostPath}.
     */
    protected ShellAgent createAgent() {
        FakeCore.linkTools(bin)
        core = new FakeCore(bin)
        jar = new File(temp, 'disagg-cli.jar')
        jar.text = 'stand-in'
        return new ShellAgent(workspace, home, [bin])
    }

    /** Runs {@code disaggBenchmark(args)} from a pipeline script, as a Jenkinsfile would. */
    Object runStep(Map args) {
        binding.setVariable('stepArgs', args)
        return runScript('callStep.groovy')
    }

    /** Runs the step and returns the exception it ended with (the test fails when there is none). */
    Throwable runStepExpectingError(Map args) {
        try {
            runStep(args)
        } catch (Throwable t) {
            return t
        }
        throw new AssertionError("disaggBenchmark(${args}) should have failed")
    }

    String result() {
        return PipelineHarness.result(binding)
    }

    File caseFile(String relative, String outcome = 'pass') {
        return FakeCore.caseFile(workspace, relative, outcome)
    }
}
