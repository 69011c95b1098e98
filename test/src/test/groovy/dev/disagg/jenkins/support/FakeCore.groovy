package dev.disagg.jenkins.support

/**
 * A stand-in for {@code java -jar disagg-cli.jar} at the process boundary, for the tests that
 * run the step's scripts in a real shell without the core. It records every argument vector
 * and acts out the outcome a case file asks for with a line {@code # fake-outcome: NAME}
 * (pass, invalid, test-failed, perf-regression, no-baseline (per --missing-baseline), infra, aborted, undocumented; unsafe-name and
 * not-json for a plan the step cannot use), following the
 * core's contract as the real core keeps it: exit statuses, case directory, result.json (its
 * message says why; nothing on stderr for a failed test or a regression), results.xml, summary.md.
 */
class FakeCore {
    static final String JOB_ID = '4242'

    final File bin
    final File calls

    FakeCore(File bin) {
        this.bin = bin
        this.calls = new File(bin.parentFile, 'java-calls.txt')
        File java = new File(bin, 'java')
        java.text = JAVA.replace('@CALLS@', calls.path)
        java.setExecutable(true)
    }

    /** Each invocation's arguments after {@code java}, in order. */
    List<List<String>> invocations() {
        if (!calls.exists()) {
            return []
        }
        return calls.getText('UTF-8').readLines().collect { line -> line.split('\u001f', -1).toList().dropRight(1) }
    }

    List<List<String>> invocations(String command) {
        return invocations().findAll { it.size() > 2 && it[2] == command }
    }

    /** Puts a stand-in {@code mvn} on the agent that "downloads" the artifact into $HOME/.m2; returns its call log. */
    File installMavenThatFetches() {
        File mvn = new File(bin, 'mvn')
        mvn.text = MVN.replace('@CALLS@', new File(bin.parentFile, 'mvn-calls.txt').path)
        mvn.setExecutable(true)
        return new File(bin.parentFile, 'mvn-calls.txt')
    }

    /** Writes a case file whose run ends with {@code outcome}. */
    static File caseFile(File dir, String relative, String outcome = 'pass') {
        File file = new File(dir, relative)
        file.parentFile.mkdirs()
        file.text = "# fake-outcome: ${outcome}\nmetadata:\n  model_name: fake\n"
        return file
    }

    /** The few real tools the step's scripts and this stand-in need, as wrappers in {@code bin}. */
    static void linkTools(File bin) {
        for (String tool in ['mkdir', 'rm', 'tee', 'cat', 'tar', 'gzip', 'mv']) {
            File target = ['/usr/bin', '/bin'].collect { new File(it, tool) }.find { it.canExecute() }
            if (target == null) {
                throw new IllegalStateException("the tests need ${tool} in /usr/bin or /bin")
            }
            File wrapper = new File(bin, tool)
            wrapper.text = "#!/bin/sh\nexec ${target.path} \"\$@\"\n"
            wrapper.setExecutable(true)
        }
    }

    private static final String JAVA = '''#!/bin/bash
# Test stand-in for `java -jar disagg-cli.jar COMMAND ...` (see FakeCore.groovy).
printf '%s\\037' "$@" >> '@CALLS@'; printf '\\n' >> '@CALLS@'
[ "$1" = -jar ] || { echo "fake java: expected -jar, got $1" >&2; exit 1; }
[ -f "$2" ] || { echo "Error: Unable to access jarfile $2" >&2; exit 1; }
shift 2
cmd=$1; shift
config= workspace= casedir= missing=warn
while [ $# -gt 0 ]; do
  case $1 in
    --missing-baseline=*) missing=${1#--missing-baseline=}; shift ;;
    --config) config=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --case-dir) casedir=$2; shift 2 ;;
    *) shift ;;
  esac
done
outcome=pass
if [ -n "$config" ]; then
  [ -f "$config" ] || { echo "disagg: $config: no such case file" >&2; exit 2; }
  while IFS= read -r line; do
    case $line in "# fake-outcome: "*) outcome=${line#"# fake-outcome: "} ;; esac
  done < "$config"
  name=${config##*/}; name=${name%.yaml}
  dir="$workspace/disagg_logs/$name"
fi
case $cmd in
  plan)
    if [ "$outcome" = invalid ]; then
      echo "disagg: $config:3:5: hardware.gpus_per_node: expected a positive integer, got 'four'" >&2
      exit 2
    fi
    case $outcome in
      unsafe-name) printf '{"caseName": "../%s", "caseDir": "%s", "totalNodes": 3}\\n' "$name" "$dir" ;;
      not-json) echo "planning $name" ;;
      *) printf '{"caseName": "%s", "caseDir": "%s", "totalNodes": 3}\\n' "$name" "$dir" ;;
    esac
    ;;
  run)
    # as the core: the case directory is rendered, then sbatch; the roles' logs; then the check's files
    mkdir -p "$dir"
    echo '#!/bin/bash' > "$dir/job.sh"
    if [ "$outcome" = infra ]; then
      echo "disagg: sbatch refused the job: Invalid partition name specified" >&2
      exit 4
    fi
    echo 4242 > "$dir/job_id"
    echo "worker started" > "$dir/gen_server_0.log"
    echo "submitted job 4242"
    perf=PASSED; xml=pass; message='passed; perf check passed'; nobaseline=
    case $outcome in
      pass) status=0; verdict=PASS ;;
      test-failed) status=1; verdict=TEST_FAILED; xml=fail
        message='ROLE_FAILED: GEN_0 exited with code 1: RuntimeError: CUDA out of memory' ;;
      perf-regression) status=3; verdict=PERF_REGRESSION; perf=REGRESSED
        message='PERF_REGRESSION: 1 metric(s) beyond tolerance; first: output_throughput at concurrency 4: measured 900 tok/s, baseline 1000 (-10.0%), allowed >= 950 (-5%) -> REGRESSION' ;;
      no-baseline) nobaseline='{"concurrency": 4, "metric": "output_throughput"}, {"concurrency": 4, "metric": "median_e2el"}'
        if [ "$missing" = fail ]; then
          status=3; verdict=PERF_REGRESSION; perf=NO_BASELINE
          message='MISSING_BASELINE: 2 metric(s) (--missing-baseline fail): output_throughput at concurrency 4; median_e2el at concurrency 4'
        else
          status=0; verdict=PASS; perf=NO_BASELINE; message='passed; perf check no baseline (no baseline file given (--baseline))'
          [ "$missing" = warn ] && echo "disagg: warning: case $name: 2 measured metric(s) have no baseline" >&2
        fi ;;
      aborted) status=130; verdict=ABORTED; xml=none
        echo "disagg: interrupted; cancelling job 4242" >&2 ;;
      *) status=7; verdict=PASS; message= ;;
    esac
    if [ "$xml" != none ]; then
      failure=; [ "$xml" = fail ] && failure="<failure message=\"$message\"/>"
      printf '<testsuite name="%s" tests="1"><testcase name="%s">%s</testcase></testsuite>\n' "$name" "$name" "$failure" > "$dir/results.xml"
      printf '{"caseName": "%s", "jobId": "4242", "verdict": "%s", "exitCode": %s, "testExitCode": 0, "message": "%s",' \
        "$name" "$verdict" "$status" "$message" > "$dir/result.json"
      printf ' "perfCheck": {"status": "%s", "missingBaseline": [%s]}, "caseDir": "%s", "metrics": {"4": {"output_throughput": 1234.5}}}\n' \
        "$perf" "$nobaseline" "$dir" >> "$dir/result.json"
      printf '## %s: %s (exit %s)\n\n- Test: %s\n' "$name" "$verdict" "$status" "$message" > "$dir/summary.md"
      echo; cat "$dir/summary.md"
    fi
    exit $status
    ;;
  cancel)
    echo "job 4242 cancelled" > "$casedir/cancelled"
    ;;
  *) echo "disagg: unknown command $cmd" >&2; exit 2 ;;
esac
'''

    private static final String MVN = '''#!/bin/bash
# Test stand-in for mvn: "fetches" the artifact it is asked for into the local repository.
printf '%s\\037' "$@" >> '@CALLS@'; printf '\\n' >> '@CALLS@'
for a in "$@"; do
  case $a in -Dartifact=*)
    IFS=: read -r g artifact version packaging classifier <<< "${a#-Dartifact=}"
    d="$HOME/.m2/repository/${g//.//}/$artifact/$version"
    mkdir -p "$d" && echo jar > "$d/$artifact-$version-$classifier.$packaging" ;;
  esac
done
'''
}
