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
        assertSameAsBash(script);
    }

    /** Constructs evaluated on known values (issue 12): each script runs under bash too. */
    @ParameterizedTest
    @ValueSource(strings = {
            // array indices, variable and arithmetic subscripts, negative subscripts, element counts
            "gen_tps=(8 16 32)\nbatches=(256 64 32)\nfor idx in \"${!gen_tps[@]}\"; do\n"
                    + "  sbatch \"$idx\" ${gen_tps[$idx]} \"${batches[idx]}\" ${gen_tps[idx+1-1]} ${#gen_tps[@]} ${gen_tps[-1]}\n"
                    + "done\nsbatch ${!gen_tps[*]} \"${!gen_tps[*]}\" \"${#batches[*]}\" ${!batches[@]}",
            // element assignment and append, arithmetic on elements
            "a=()\na[0]=x\na[${#a[@]}]=y\nb=(${a[${#a[@]}-1]})\na+=(z)\na[1]+=w\ni=2\na[i]=q\na[-1]=last\n"
                    + "tps=(4 8)\nj=1\nsbatch \"${a[@]}\" \"${b[@]}\" $(( tps[j] * 2 )) $(( ${tps[0]} + tps[j-1] )) $(( tps[-1] ))",
            // if / elif / else with [ ]: numbers, strings, -z/-n, !, -a/-o, && and ||, then on its own line
            "for mtp in 0 1 3; do\n"
                    + "  if [ \"$mtp\" -gt 0 ]; then s=on; elif [ $mtp -eq 0 ] && [ -z \"\" ]; then s=off; else s=never; fi\n"
                    + "  if [ \"$s\" = on -a $mtp -lt 2 ] || [ ! -n \"$s\" ]; then t=yes; else t=no; fi\n"
                    + "  if test \"$s\" != off -o \"$mtp\" -ne 3\n  then\n    u=1\n  else\n    u=0\n  fi\n"
                    + "  if [ \" 08\" -eq 8 ] && [ \"$t\" ] && ! [ -n \"\" ]; then v=dec; fi\n"
                    + "  sbatch $mtp $s $t $u $v\n"
                    + "done",
            // [[ ]]: numbers, patterns, quoted patterns, grouping, && || !
            "for tp in 4 8 16 32; do\n"
                    + "  if [[ $tp -ge 16 && ( $tp == 16 || $tp -eq 32 ) ]]; then k=big; elif [[ ! $tp -lt 8 ]]; then k=mid; else k=small; fi\n"
                    + "  [[ $k == b* ]] && k=\"$k!\"\n"
                    + "  [[ \"$k\" != \"sm\"* ]] || k=tiny\n"
                    + "  [[ $k == \"b*\" ]] && k=literal\n"
                    + "  [[ $tp -gt 2*4 ]] && w=over || w=under\n"
                    + "  [[ -n $k && -z \"\" ]] && sbatch \"$tp\" \"$k\" $w\n"
                    + "done",
            // (( )): comparisons, && || !, as a condition and in $(( ))
            "for n in 0 1 2 5; do\n"
                    + "  if (( n > 1 && n % 2 == 1 )); then p=odd; elif ((n == 0 || !n)); then p=zero; else p=other; fi\n"
                    + "  (( n >= 2 )) && q=$(( n * 2 > 5 )) || q=none\n"
                    + "  sbatch $n $p $q $(( n != 2 )) $(( (n < 3) + (n <= 1) )) $(( n && 0 || 1 ))\n"
                    + "done",
            // case: literals, alternatives, (pattern), *, ?, [...], ;& and ;;&
            "for tp in 4 8 16 32 64; do\n"
                    + "  case $tp in\n    8) nodes=2 ;;\n    16|32) nodes=$((tp / 4)) ;;\n    (4) nodes=1\n        ;;\n    *) nodes=none ;;\n  esac\n"
                    + "  kind=other\n"
                    + "  case \"v$tp\" in\n    v1*) kind=one ;&\n    v3?) kind=\"$kind-three\" ;;\n"
                    + "    v[46]*) kind=four-or-six ;;&\n    v6[0-9]) kind=\"$kind-sixty\" ;;\n    \"v*\") kind=never\n  esac\n"
                    + "  sbatch $tp $nodes $kind\n"
                    + "done",
            // set, readonly, declare, typeset, export, echo/printf with redirections are all fine
            "set -euo pipefail\nset +e\nset -o errexit\nreadonly partition=batch\ndeclare -a tps=(4 8)\ndeclare -r gpus=4\n"
                    + "declare model=r1\nexport account=acct MODEL\ntypeset -x job=j\ndeclare -a empty\n"
                    + "echo \"submitting ${#tps[@]} jobs\" >&2\nprintf '%s\\n' \"$partition\" > /dev/null\n"
                    + "sbatch -p \"$partition\" -A $account $model $gpus \"${tps[@]}\" $job",
            // functions: arguments, $#, $@, $*, local hides and restores, calls from functions
            "submit() {\n  local tp=$1 batch=$2\n  local nodes\n  nodes=$(( tp / 4 ))\n"
                    + "  sbatch --nodes=$nodes \"$@\" $# \"$*\" $batch\n}\n"
                    + "function twice { submit \"$1\" 1; submit \"$1\" 2; }\n"
                    + "function shape() {\n  declare g=local\n  sbatch $g $(( $1 * ${2} ))\n}\n"
                    + "nodes=outer\ng=global\ntwice 8\nsubmit 16 \"a b\"\nshape 3 4\nsbatch $nodes $g",
            // ${@}, ${1}, local arrays, counts in arithmetic, one function forwarding to another
            "inner() {\n  local -a xs=(\"${@}\")\n  sbatch ${1} $(( $# + ${#xs[@]} - 1 )) \"${xs[${#xs[@]}-1]}\" \"${!xs[@]}\"\n}\n"
                    + "outer() { inner \"$@\" last; }\nouter \"a b\" c\nxs=global\nouter z\nsbatch $xs",
            // output redirections of echo, printf and tests, with file descriptors
            "echo 2>&1 hi >> /dev/null\nprintf '%s\\n' a 1>&2\nsbatch 2 x\n[ 2 -gt 1 ] 2>/dev/null && sbatch 3\n"
                    + "test a = b 2>/dev/null || [ 1 -eq 1 ] >&2 && sbatch after",
            // patterns from variables: unquoted they match as patterns, quoted literally
            "v='*'\ncase abc in $v) sbatch starvar ;; esac\ncase '*' in \"$v\") sbatch literal ;; esac\n"
                    + "[[ abc == $v ]] && sbatch starvar2\n[[ abc == \"$v\" ]] || sbatch notliteral\n"
                    + "a=(1 \"2 3\" 4)\nfor i in ${!a[@]}; do [[ \"${a[i]}\" == *\" \"* ]] && sbatch \"space at $i\"; done\ntrue",
            // without set -e a failing test changes nothing
            "[ 1 = 2 ]\n(( 0 ))\nfalse\nsbatch after",
            // exit 0 ends the script where it stands
            "for i in 1 2 3; do\n  sbatch $i\n  [ $i -eq 2 ] && exit\ndone\nsbatch never",
            // break and continue, with levels
            "for a in 1 2 3 4; do\n  for b in x y z; do\n    [ $b = y ] && continue\n    [ $a = 2 ] && continue 2\n"
                    + "    [ $a = 4 ] && break 2\n    sbatch $a $b\n    [ $b = z ] && break\n  done\ndone\nsbatch end $a $b",
    })
    void evaluatesConditionsArraysAndFunctionsLikeBash(String script) throws Exception {
        assertSameAsBash(script);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // set -e ends the script at a failing test nothing checks, but not inside conditions or && lists
            "set -e\nfor i in 1 2 3; do\n  [ $i -lt 3 ] && sbatch $i\ndone\n"
                    + "f() { [ 1 = 2 ] && echo; }\nif f; then sbatch nope; fi\n! f\nsbatch before\n"
                    + "[ \"$i\" = 3 ]\nfalse || sbatch or\n[ \"$i\" = 2 ]\nsbatch never",
            // a function whose last command fails ends it too (the call is the failing command)
            "set -o errexit\nf() { sbatch in-f; [ 1 = 2 ] && echo; }\nf\nsbatch never",
            "set -e\n(( 0 ))\nsbatch never",
    })
    void setEStopsWhereBashStops(String script) throws Exception {
        List<List<String>> recorded = RecordingSbatch.runText(script + "\n", scratch, 1);

        assertThat(Migrator.submissions(script)).isEqualTo(recorded);
    }

    private void assertSameAsBash(String script) throws Exception {
        List<List<String>> recorded = RecordingSbatch.runText(script + "\n", scratch);

        assertThat(recorded).isNotEmpty();
        assertThat(Migrator.submissions(script)).isEqualTo(recorded);
    }
}
