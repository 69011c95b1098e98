package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each script runs under bash with a recording sbatch; the interpreter must predict the same calls. */
class InterpreterAgainstBashTest {
    @TempDir
    Path scratch;

    @ParameterizedTest
    @ValueSource(strings = {
            // integer arithmetic: precedence, truncation toward zero, sign of %, unary signs, nesting
            "sbatch $((2+3*4)) $(( (2+3)*4 )) $((-7/2)) $((-7%3)) $((7%-3)) $((- -3)) $((+4)) $(( 10 - 2 - 3 )) $((100/7/2))",
            "a=7\nb=3\nsbatch $((a*b)) $(($a-$b)) $((${a}%b)) $(((a+b)*(a-b))) $((a/b*b+a%b))",
            // a variable holding a number in arithmetic, assigned from arithmetic
            "c=$((8*256))\nn=$(((c + 5499)/5500))\nsbatch --nodes=$((n+2)) \"$n\" ${c}",
            // nested loops over literal words and over a variable's words (split), do on its own line
            "list='1 2  3'\nfor x in $list\ndo\n  for y in a b; do sbatch \"$x$y\"; done\ndone",
            // quoting: a quoted variable is one argument, an unquoted one splits, '' and \"\" are arguments
            "v='p  q'\nsbatch $v \"$v\" '' \"\" 'single $v' \"dq \\$v \\\" \\\\\" x\\ y",
            // empty unquoted expansions vanish, quoted ones stay
            "e=\nsbatch a $e \"$e\" b${e}c",
            // arrays with trailing comments and continuations, [@] vs [*], elements, appending
            "args=(\n  one   # first\n  \"two words\"  # second\n  $((1+2))\n)\nargs+=(last)\nsbatch \"${args[@]}\" -- ${args[*]} -- \"${args[*]}\" -- ${args[1]} $args",
            // line continuations between and inside words, ; separators, export, echo, set
            "set -e\nexport P=part\necho starting\nsbatch --partition=${P} \\\n    --x=1 \\\n    scr\\\nipt; sbatch two",
            // string append and prefix/suffix around array expansions
            "s=ab\ns+=cd\na=(1 2 3)\nsbatch \"x${a[@]}y\" $s",
            // scalar read as an array, loop variable reused after the loop
            "n=5\nfor i in 1 2; do :; done\nsbatch ${n[@]} ${n[0]} $i",
    })
    void predictsTheSameSbatchCallsAsBash(String script) throws Exception {
        List<List<String>> recorded = RecordingSbatch.runText(script + "\n", scratch);

        assertThat(recorded).isNotEmpty();
        assertThat(Migrator.submissions(script)).isEqualTo(recorded);
    }
}
