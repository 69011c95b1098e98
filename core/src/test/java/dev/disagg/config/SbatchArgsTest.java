package dev.disagg.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** slurm.extra_args is a list of long sbatch options; what the tool sets itself is refused at its line. */
class SbatchArgsTest {
    @TempDir
    Path dir;

    private LoadResult withExtraArgs(String args) {
        String text = CaseTexts.replaceLine(CaseTexts.MINIMAL, "  partition: batch", "  partition: batch\n  extra_args: \"" + args + "\"");
        return new CaseConfigLoader().load(CaseTexts.write(dir, "x.yaml", text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/path/evil.sh | '/path/evil.sh' is not an option",
            "--qos=high evil.sh | 'evil.sh' is not an option",
            "--output=/tmp/elsewhere.log | --output is set by the tool",
            "--error=x.log | --error is set by the tool",
            "--export=NONE | --export=NONE would drop the job's environment",
            "--export=PATH | --export=PATH would drop",
            "--array=1-3 | --array is set by the tool",
            "--nodes=2 | --nodes is set by the tool",
            "--ntasks-per-node=8 | --ntasks-per-node is set by the tool",
            "--wrap=id | --wrap is set by the tool",
            "-o x.log | short option"})
    void refused(String args, String message) {
        LoadResult result = withExtraArgs(args);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("slurm.extra_args");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains(message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"--gres=gpu:4", "--exclusive --qos=high", "--exclude=node1,node2", "--export=ALL",
            "--export=ALL,A=1", "--comment=$(touch${IFS}PWNED)"})
    void accepted(String args) {
        assertThat(withExtraArgs(args).errors()).isEmpty();
    }
}
