package dev.disagg.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every construct the migration cannot interpret fails with the line it is on and what it is. */
class UnsupportedConstructTest {
    /** A complete, convertible submission (3 nodes: 1 ctx tp4 + 1 gen tp8 on 4-GPU nodes). */
    static final String SBATCH = "sbatch --nodes=3 --ntasks=12 --ntasks-per-node=4 /w/disaggr_torch.slurm"
            + " 1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048";
    private static final String HEAD = "#!/bin/bash\n# a legacy script\nx=1\n";

    static Stream<Arguments> constructs() {
        return Stream.of(
                // control flow the migration does not evaluate
                Arguments.of(HEAD + "while true; do\n" + SBATCH + "\ndone\n", 4, "'while' loops are not supported"),
                Arguments.of(HEAD + "until false; do :; done\n", 4, "'until' loops"),
                Arguments.of(HEAD + "for b in 1 2; do\n  eval \"y=$b\"\ndone\n", 5, "'eval' is not supported"),
                Arguments.of(HEAD + "source ./common.sh\n", 4, "'source' is not supported"),
                Arguments.of(HEAD + ". ./common.sh\n", 4, "'.' (source)"),
                Arguments.of(HEAD + "for ((i=0; i<3; i++)); do :; done\n", 4, "C-style for loop"),
                Arguments.of(HEAD + "for b; do :; done\n", 4, "expected 'in'"),
                Arguments.of(HEAD + "let y=x+1\n", 4, "'let' is not supported"),
                Arguments.of(HEAD + "cd /tmp\n", 4, "'cd' is not supported"),
                Arguments.of(HEAD + "for tp in 8 12; do\n  case $tp in\n    8) ;;\n    *) echo \"bad tp\" >&2; exit 3 ;;\n  esac\ndone\n",
                        7, "the script exits with status 3 here"),
                // command substitution other than $(( ))
                Arguments.of(HEAD + "\nd=$(date +%s)\n", 5, "command substitution ($(...))"),
                Arguments.of(HEAD + "d=`date`\n", 4, "command substitution (`...`)"),
                Arguments.of(HEAD + "n=$(( $(nproc) * 2 ))\n", 4, "command substitution inside $(( ))"),
                // pipes, lists, redirections, background jobs, unknown commands
                Arguments.of(HEAD + SBATCH + " | tee log\n", 4, "pipes"),
                Arguments.of(HEAD + SBATCH + " && echo ok\n", 4, "'&&'"),
                Arguments.of(HEAD + SBATCH + " > out.txt\n", 4, "redirections"),
                Arguments.of(HEAD + SBATCH + " &\n", 4, "background jobs"),
                Arguments.of(HEAD + "python3 gen_yaml.py\n", 4, "command 'python3' is not understood"),
                Arguments.of(HEAD + "X=1 " + SBATCH + "\n", 4, "assignment in front of a command"),
                Arguments.of(HEAD + "$x\n", 4, "command name must be written out"),
                // expansions the migration does not perform
                Arguments.of(HEAD + "y=${x:-5}\n", 4, "parameter expansion ${x:-5}"),
                Arguments.of(HEAD + "y=${#x}\n", 4, "parameter expansion ${#x}"),
                Arguments.of(HEAD + "y=$1\n", 4, "'$1' (a script argument"),
                Arguments.of(HEAD + "for f in *.yaml; do :; done\n", 4, "globbing"),
                Arguments.of(HEAD + "for b in {1..4}; do :; done\n", 4, "brace expansion"),
                Arguments.of(HEAD + "y=~/work\n", 4, null),
                Arguments.of(HEAD + "y=$'a\\tb'\n", 4, "quoting are not supported"),
                Arguments.of(HEAD + "y='never closed\nz=2\n", 4, "unterminated single quote"),
                Arguments.of(HEAD + "args=(\n  1\n  2\n", 4, "never closed"),
                // arithmetic beyond + - * / % ( )
                Arguments.of(HEAD + "y=$((x ** 2))\n", 4, "operator '**'"),
                Arguments.of(HEAD + "y=$((x ^ 2))\n", 4, "operator '^'"),
                Arguments.of(HEAD + "y=$((x ? 1 : 2))\n", 4, "operator '?'"),
                Arguments.of(HEAD + "y=$((x++))\n", 4, "operator '++'"),
                Arguments.of(HEAD + "y=$((x << 2))\n", 4, "operator '<<'"),
                Arguments.of(HEAD + "y=$((x = 2))\n", 4, "operator '='"),
                Arguments.of(HEAD + "y=$((0x10))\n", 4, "not a plain decimal integer"),
                Arguments.of(HEAD + "y=$((010))\n", 4, "not a plain decimal integer"),
                Arguments.of(HEAD + "y=$((x / (x - 1)))\n", 4, "division by zero"),
                Arguments.of(HEAD + "s=abc\ny=$((s + 1))\n", 5, "holds 'abc'"),
                // values the script never set (bash would expand them to nothing)
                Arguments.of(HEAD + "\n\nsbatch --partition=$PARTITION x\n", 6, "variable 'PARTITION' is not set"),
                Arguments.of(HEAD + "for b in 1 2; do\n  y=$((b * unknown))\ndone\n", 5, "variable 'unknown' is not set"),
                // conditions are evaluated, but not what depends on the outside world
                Arguments.of(HEAD + "if [ \"$(hostname)\" = login ]; then :; fi\n", 4, "command substitution ($(...))"),
                Arguments.of(HEAD + "if [ -f ./extra.sh ]; then :; fi\n", 4, "tests a file"),
                Arguments.of(HEAD + "[[ -d /lustre ]] && x=2\n", 4, "tests a file"),
                Arguments.of(HEAD + "if [[ $x =~ ^[0-9]+$ ]]; then :; fi\n", 4, "'=~'"),
                Arguments.of(HEAD + "if [ abc -gt 0 ]; then :; fi\n", 4, "'abc' is not an integer"),
                Arguments.of(HEAD + "if [[ b < a ]]; then :; fi\n", 4, "depends on the locale"),
                Arguments.of(HEAD + "if [ b \\> a ]; then :; fi\n", 4, "depends on the locale"),
                Arguments.of(HEAD + "if " + SBATCH + "; then :; fi\n", 4, "sbatch in the condition of 'if'"),
                Arguments.of(HEAD + "! " + SBATCH + "\n", 4, "sbatch in '!'"),
                Arguments.of(HEAD + "case $x in\n  1) y=1 ;;\n  *) read y ;;\nesac\n", 6, "'read' is not supported"),
                Arguments.of(HEAD + "case $x in\n  1) y=1 ;;\n", 4, "never closed with 'esac'"),
                Arguments.of(HEAD + "if [ $x = 1 ]; then\n  y=1\n", 4, "never closed with 'fi'"),
                Arguments.of(HEAD + "((x++))\n", 4, "operator '++'"),
                Arguments.of(HEAD + "(cd /tmp)\n", 4, "subshell"),
                // declarations and functions
                Arguments.of(HEAD + "local y=1\n", 4, "'local' can only be used in a function"),
                Arguments.of(HEAD + "declare -i y=1+1\n", 4, "integer variables"),
                Arguments.of(HEAD + "declare -A m\n", 4, "associative arrays"),
                Arguments.of(HEAD + "readonly y=1\ny=2\n", 5, "'y' is readonly (since line 4)"),
                Arguments.of(HEAD + "readonly y=1\nreadonly y\nf() { local y=3; }\nf\n", 6, "'y' is readonly (since line 4)"),
                Arguments.of(HEAD + "case b in [z-a]) :;; esac\n", 4, "the pattern cannot be read"),
                Arguments.of(HEAD + "a=(1 2)\na[5]=6\n", 5, "arrays with holes"),
                Arguments.of(HEAD + "a=(1 2)\nsbatch ${a[2]}\n", 5, "${a[2]} is not set ('a' has 2 element(s))"),
                Arguments.of(HEAD + "submit\nsubmit() { :; }\n", 4, "command 'submit' is not understood"),
                Arguments.of(HEAD + "f() { g; }\nf\ng() { :; }\n", 4, "function 'g' is called before it is defined"),
                Arguments.of(HEAD + "f() {\n  y=$2\n}\nf 1\n", 5, "$2 is not passed"),
                Arguments.of(HEAD + "for b in 1; do :; done\nf() { :; }\nsbatch $#\n", 6, "'$#' (a script argument"),
                Arguments.of(HEAD + "f() { f; }\nf\n", 4, "more than 200 deep"),
                Arguments.of(HEAD + "f() {\n  if (( $1 > 0 )); then f $(( $1 - 1 )); f $(( $1 - 1 )); fi\n}\nf 60\n", 5,
                        "run more than 100000 times"),
                Arguments.of(HEAD + "break\n", 4, "'break' outside a loop"),
                Arguments.of(HEAD + "echo ${x:-1} > /dev/null\n", 4, "parameter expansion ${x:-1}"),
                // unsupported constructs are found even where the loop never runs
                Arguments.of(HEAD + "for b in; do\n  while :; do :; done\ndone\n", 5, "'while' loops"),
                Arguments.of(HEAD + "if [ $x = 2 ]; then\n  y=$1\nfi\n", 5, "'$1' (a script argument"));
    }

    @ParameterizedTest(name = "[{index}] line {1}: {2}")
    @MethodSource("constructs")
    void failsWithTheLineNumber(String script, int line, String message) {
        ScriptError error = catchThrowableOfType(() -> Migrator.migrate(script, MigrationSettings.NONE), ScriptError.class);

        assertThat(error).as("error for:%n%s", script).isNotNull();
        assertThat(error.line()).as(error.getMessage()).isEqualTo(line);
        if (message != null) {
            assertThat(error.getMessage()).contains(message);
        }
        assertThat(error.describe("submit.sh")).startsWith("submit.sh:" + line + ": ");
    }

    static Stream<Arguments> submissions() {
        String slurm = " /w/disaggr_torch.slurm ";
        String args = "1 4 4 4480 true 1 8 256 256 true 0.8 0 0 2048";
        String flags = "--nodes=3 --ntasks=12 --ntasks-per-node=4";
        return Stream.of(
                Arguments.of("sbatch " + flags + " /w/run_benchmark.slurm " + args, "only the legacy disaggr_torch.slurm"),
                Arguments.of("sbatch " + flags + slurm + "1 4 4 4480 true 1 8 256 256 true 0.8 0 2048", "takes 14 arguments"),
                Arguments.of("sbatch " + flags + slurm + args + " extra", "this call passes 15"),
                Arguments.of("sbatch " + flags, "no batch script"),
                Arguments.of("sbatch --nodes=4 --ntasks=16 --ntasks-per-node=4" + slurm + args, "these arguments need 3 nodes"),
                Arguments.of("sbatch --nodes=3 --ntasks=8 --ntasks-per-node=4" + slurm + args, "one task per GPU"),
                Arguments.of("sbatch " + flags + " --segment=2" + slurm + args, "--segment=2 differs"),
                Arguments.of("sbatch --nodes=3 --ntasks=12" + slurm + args, "neither --ntasks-per-node nor --gres"),
                Arguments.of("sbatch " + flags + " --array=1-3" + slurm + args, "--array cannot be converted"),
                Arguments.of("sbatch " + flags + " --mystery value" + slurm + args, "--mystery is not known"),
                Arguments.of("sbatch " + flags + slurm + args.replace("true 1 8", "yes 1 8"), "argument 5 (ctx_enable_attention_dp)"),
                Arguments.of("sbatch " + flags + slurm + args.replace("0.8", "80%"), "argument 11 (gen_gpu_memory_fraction)"),
                Arguments.of("sbatch " + flags + slurm + args.replace(" 2048", " many"), "argument 14 (concurrency)"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("submissions")
    void submissionsThatCannotBecomeCasesNameTheSbatchLine(String sbatch, String message) {
        String script = HEAD + "for b in 1; do\n  " + sbatch.replaceFirst(" /w/", " \\\\\n    /w/") + "\ndone\n";

        ScriptError error = catchThrowableOfType(() -> Migrator.migrate(script, MigrationSettings.NONE), ScriptError.class);

        assertThat(error).as("error for:%n%s", script).isNotNull();
        assertThat(error.line()).as(error.getMessage()).isEqualTo(5);
        assertThat(error.getMessage()).contains(message);
    }

    @org.junit.jupiter.api.Test
    void aScriptWithoutSbatchHasNothingToConvert() {
        ScriptError error = catchThrowableOfType(() -> Migrator.migrate(HEAD, MigrationSettings.NONE), ScriptError.class);

        assertThat(error.getMessage()).contains("never calls sbatch");
    }
}
