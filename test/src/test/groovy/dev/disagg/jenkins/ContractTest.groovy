package dev.disagg.jenkins

import dev.disagg.jenkins.support.LibraryFromSource
import dev.disagg.jenkins.support.SourceClasses
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** What the library shares with the core and the docs stays in step with them. */
class ContractTest {
    private final File root = LibraryFromSource.root()

    /** The core's sources by file name, wherever their package is. */
    private String coreSource(String fileName, String mustContain) {
        List<File> found = []
        new File(root, 'core/src/main/java').eachFileRecurse { if (it.name == fileName && it.text.contains(mustContain)) { found << it } }
        assertThat(found).as("core/src/main/java/**/${fileName}").hasSize(1)
        return found[0].text
    }

    @Test
    void theVerdictsTheStepNamesAreTheCores() {
        String source = coreSource('Verdict.java', 'enum Verdict')
        List<String> core = (source.substring(source.indexOf('{')) =~ /(?m)^\s+([A-Z_]+)\(/).collect { it[1] }
        Class policy = SourceClasses.load('dev.disagg.jenkins.ResultPolicy')

        assertThat(core).contains('PASS', 'PERF_REGRESSION', 'ABORTED')
        assertThat(core - ['PASS', 'ABORTED']).containsExactlyInAnyOrderElementsOf((policy.WORDS as Map).keySet())
    }

    @Test
    void theRunResultFormatIsTheCores() {
        String source = coreSource('RunResultFile.java', 'class RunResultFile')
        Class policy = SourceClasses.load('dev.disagg.jenkins.ResultPolicy')

        assertThat(source).contains("FORMAT = \"${policy.FORMAT}\";".toString())
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
