package dev.disagg.jenkins

import dev.disagg.jenkins.support.StepTestBase
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** How the step finds java and the core jar on the agent, and what it says when they are missing. */
class CoreJarTest extends StepTestBase {
    private static final String PINNED = '.m2/repository/dev/disagg/disagg-core/0.1.0/disagg-core-0.1.0-cli.jar'

    @Test
    void jarParameterWinsOverTheEnvironment() {
        caseFile('cases/a.yaml')
        File other = new File(temp, 'other.jar')
        other.text = 'x'
        agent.env.DISAGG_CORE_JAR = other.path

        runStep(config: 'cases/a.yaml', jar: jar.path)

        assertThat(core.invocations()*.get(1)).containsOnly(jar.path)
    }

    @Test
    void environmentVariableWinsOverThePinnedVersion() {
        caseFile('cases/a.yaml')
        pinnedJar().text = 'pinned'
        agent.env.DISAGG_CORE_JAR = jar.path

        runStep(config: 'cases/a.yaml')

        assertThat(core.invocations()*.get(1)).containsOnly(jar.path)
    }

    @Test
    void pinnedVersionComesFromTheAgentsLocalMavenRepository() {
        caseFile('cases/a.yaml')
        pinnedJar().text = 'pinned'

        runStep(config: 'cases/a.yaml')

        assertThat(core.invocations()*.get(1)).containsOnly(pinnedJar().path)
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void missingPinnedJarIsFetchedWithMavenWhenTheAgentHasIt() {
        caseFile('cases/a.yaml')
        File mvnCalls = core.installMavenThatFetches()

        runStep(config: 'cases/a.yaml')

        assertThat(mvnCalls.text.readLines()*.split('\u001f')*.toList()).containsExactly(
                ['-B', '-q', 'dependency:get', '-Dartifact=dev.disagg:disagg-core:0.1.0:jar:cli', '-Dtransitive=false'])
        assertThat(core.invocations()*.get(1)).containsOnly(pinnedJar().path)
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void missingPinnedJarWithoutMavenSaysHowToProvideOne() {
        caseFile('cases/a.yaml')

        Throwable error = runStepExpectingError(config: 'cases/a.yaml')

        assertThat(error.message).contains('disaggBenchmark: the core ended (exit 4) without saying how the run ended:',
                'the core jar dev.disagg:disagg-core:0.1.0:jar:cli is not at ' + pinnedJar().path,
                "give the step's 'jar' parameter or set DISAGG_CORE_JAR")
        assertThat(core.invocations()).isEmpty()
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void missingExplicitJarNamesThePathAndWhereItCameFrom() {
        caseFile('cases/a.yaml')
        agent.env.DISAGG_CORE_JAR = new File(temp, 'gone.jar').path

        Throwable error = runStepExpectingError(config: 'cases/a.yaml')

        assertThat(error.message).contains("the core jar ${temp}/gone.jar (from the environment variable DISAGG_CORE_JAR)" +
                ' does not exist on this agent')
        assertThat(core.invocations()).isEmpty()
    }

    @Test
    void missingJavaIsAClearError() {
        caseFile('cases/a.yaml')
        new File(bin, 'java').delete()

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(error.message).contains('java is not on the PATH of this agent; install a Java 17+ runtime or set JAVA_HOME')
        assertThat(result()).isEqualTo('FAILURE')
    }

    @Test
    void javaHomeIsUsedWhenSet() {
        caseFile('cases/a.yaml')
        File jdkBin = new File(temp, 'jdk/bin')
        jdkBin.mkdirs()
        assert new File(bin, 'java').renameTo(new File(jdkBin, 'java'))
        agent.env.JAVA_HOME = jdkBin.parent

        runStep(config: 'cases/a.yaml', jar: jar.path)

        assertThat(core.invocations('run')).hasSize(1)
        assertThat(result()).isEqualTo('SUCCESS')
    }

    @Test
    void javaHomeWithoutJavaIsAClearError() {
        caseFile('cases/a.yaml')
        File jdk = new File(temp, 'empty-jdk')
        jdk.mkdirs()
        agent.env.JAVA_HOME = jdk.path

        Throwable error = runStepExpectingError(config: 'cases/a.yaml', jar: jar.path)

        assertThat(error.message).contains("JAVA_HOME is ${jdk.path} but ${jdk.path}/bin/java is not an executable")
        assertThat(core.invocations()).isEmpty()
    }

    private File pinnedJar() {
        File f = new File(home, PINNED)
        f.parentFile.mkdirs()
        return f
    }
}
