package dev.disagg.jenkins

import dev.disagg.jenkins.support.SourceClasses
import org.junit.jupiter.api.Test

import static org.assertj.core.api.Assertions.assertThat

/** Whatever a value holds, the shell sees exactly that value as one word. */
class ShellQuoteTest {
    private final Class shellQuote = SourceClasses.load('dev.disagg.jenkins.ShellQuote')

    @Test
    void everyValueReachesTheShellUnchanged() {
        List<String> values = ['', ' ', "it's", "''", '$(touch pwned)', '`touch pwned`', '${HOME}', 'a b\tc', 'line\nbreak',
                               '\\', '"', '*', '?', '[ab]', '~', '!', ';', '&', '|', '>x', '#not a comment', 'ünïcødé',
                               "--opt='x y'"]
        String script = values.collect { "printf '%s\\000' ${shellQuote.quote(it)}" }.join('\n')

        Process p = new ProcessBuilder('/bin/sh', '-c', script).directory(File.createTempDir()).start()
        String out = p.inputStream.getText('UTF-8')
        assertThat(p.waitFor()).isZero()
        assertThat(out.split('\u0000', -1).toList().dropRight(1)).containsExactlyElementsOf(values)
    }

    @Test
    void plainWordsStayReadable() {
        ['cases/a.yaml', '--skip-perf-check=true', '/data/cases', 'dev.disagg:disagg-core:0.1.0'].each {
            assertThat(shellQuote.quote(it)).isEqualTo(it)
        }
        assertThat(shellQuote.quote('a b')).isEqualTo("'a b'")
        assertThat(shellQuote.quote("it's")).isEqualTo("'it'\\''s'")
    }
}
