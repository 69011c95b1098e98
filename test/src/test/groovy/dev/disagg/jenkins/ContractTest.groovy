package dev.disagg.jenkins

import dev.disagg.jenkins.support.LibraryFromSource
import dev.disagg.jenkins.support.SourceClasses
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** What the library shares with the core and the docs stays in step with them. */
class ContractTest {
    private final File root = LibraryFromSource.root()

    @Test
    void exitStatusesAreTheCores() {
        // the core's exit-status table: one enum constant per verdict, NAME(status)
        String source = new File(root, 'core/src/main/java/dev/disagg/verdict/Verdict.java').text
        Map<String, Integer> core = (source =~ /(?m)^\s+([A-Z_]+)\((\d+)\)[,;]/).collect { [it[1], it[2] as int] }.collectEntries()
        Class policy = SourceClasses.load('dev.disagg.jenkins.ResultPolicy')

        assertThat(core).hasSize(6)
        core.each { verdict, status ->
            assertThat(policy.verdictFor(status)).as("ResultPolicy.verdictFor(${status})").isEqualTo(verdict)
        }
        assertThat([policy.OK, policy.TEST_FAILED, policy.USAGE, policy.PERF_REGRESSION, policy.INFRA, policy.ABORTED] as Set)
                .isEqualTo(core.values() as Set)
        // a status outside the table: the core reads it as INFRA_ERROR too (VerdictTest)
        assertThat(policy.verdictFor(137)).isEqualTo('INFRA_ERROR')
    }

    @Test
    void pinnedCoreVersionIsTheProjectVersion() {
        def pom = new XmlSlurper().parse(new File(root, 'pom.xml'))
        Class coreJar = SourceClasses.load('dev.disagg.jenkins.CoreJar')

        assertThat(coreJar.VERSION).isEqualTo(pom.version.text())
    }

    @Test
    void docsDescribeEveryParameter() {
        String docs = new File(root, 'core/docs/jenkins.md').text
        Class options = SourceClasses.load('dev.disagg.jenkins.BenchmarkOptions')

        (options.KNOWN_KEYS as List<String>).each {
            assertThat(docs).as("core/docs/jenkins.md documents ${it}").contains("`${it}`")
        }
    }
}
