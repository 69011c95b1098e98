package dev.disagg.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path dir;

    private static final List<String> NASTY = List.of(
            "", "plain", "two  spaces", "$(touch pwned)", "`touch pwned`", "'single'", "\"double\"", "it's",
            "a;b && c || d | e", "$HOME ${PATH} $1 $@", "*.yaml ?[ab]", "~root", "new\nline", "tab\there",
            "back\\slash", "-rf", "!event", "#comment", "caf\u00e9 \u2603", "'\"'\"'");

    @Test
    void everyQuotedWordArrivesLiterallyThroughBash() throws Exception {
        for (String word : NASTY) {
            String out = BashRunner.run(dir, Map.of(), "printf '%s' " + Shell.quote(word));
            assertThat(out).as("quote(%s) = %s", word, Shell.quote(word)).isEqualTo(word);
        }
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void joinKeepsEachWordOneArgument() throws Exception {
        String out = BashRunner.run(dir, Map.of(), "printf '<%s>' " + Shell.join(NASTY));
        StringBuilder expected = new StringBuilder();
        NASTY.forEach(word -> expected.append('<').append(word).append('>'));
        assertThat(out).isEqualTo(expected.toString());
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void safeWordsStayReadable() {
        assertThat(Shell.quote("--output=/tmp/ws/disagg_logs/case-1/slurm_%j.log"))
                .isEqualTo("--output=/tmp/ws/disagg_logs/case-1/slurm_%j.log");
        assertThat(Shell.quote("a b")).isEqualTo("'a b'");
        assertThat(Shell.quote("")).isEqualTo("''");
    }
}
