package dev.disagg.jenkins.support

/**
 * A stand-in for {@code java -jar disagg-cli.jar} at the process boundary, for the tests that
 * run the step's scripts in a real shell without the core. It records every argument vector
 * and acts out the outcome a case file asks for with a line {@code # fake-outcome: NAME}
 * (pass, invalid, test-failed, perf-regression, no-baseline (per --missing-baseline), infra, aborted;
 * no-result: the JVM dies before writing the run result; unfinished: killed while following the
 * job), one case ({@code --config}) or a sweep (files and globs), following the core's contract as
 * the real core keeps it: exit statuses, case directories, the run result file
 * ({@code --run-result}, core/docs/jenkins.md), results.xml, summary.md.
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

    /** SKIP_PERF_CHECK as each invocation saw it in its environment ('<unset>' when it was not set). */
    List<String> skipPerfCheckEnvironments() {
        File env = new File(calls.path + '.env')
        return env.exists() ? env.getText('UTF-8').readLines() : []
    }

    /** Where the step's call with {@code args} has the core write its run result. */
    static File runResultFile(File workspace, Map args) {
        Object options = SourceClasses.load('dev.disagg.jenkins.BenchmarkOptions').parse(args, [WORKSPACE: workspace.path])
        return new File(SourceClasses.load('dev.disagg.jenkins.CoreCommands').newInstance(options).runResultPath as String)
    }

    /**
     * The run result as the core leaves it when it is stopped while following the job of
     * {@code caseDir} (submitted, not ended); the case directory gets the job id file.
     */
    static void runningResult(File file, File workspace, File caseDir) {
        caseDir.mkdirs()
        new File(caseDir, 'job_id').text = JOB_ID + '\n'
        file.parentFile.mkdirs()
        String relative = workspace.toPath().relativize(caseDir.toPath()).toString()
        file.text = """{"format": "disagg-run-result/1", "finished": false, "exitCode": null, "verdict": null, "workspace": "${workspace.path}",
            "cases": [{"config": "cases/${caseDir.name}.yaml", "caseName": "${caseDir.name}", "caseDir": "${caseDir.path}",
            "jobId": "${JOB_ID}", "verdict": null, "artifacts": {"caseDir": "${relative}", "results.xml": null}}]}"""
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
        for (String tool in ['mkdir', 'rm', 'tee', 'cat', 'tar', 'gzip', 'mv', 'head', 'readlink', 'stat', 'cksum', 'cut', 'find', 'rmdir']) {
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
printf '%s\\n' "${SKIP_PERF_CHECK-<unset>}" >> '@CALLS@.env'
while [ $# -gt 0 ] && [ "$1" != -jar ]; do  # JVM options (the core's launcher gives some)
  case $1 in
    -XX:ArchiveClassesAtExit=*) [ -n "${FAKE_JAVA_WITHOUT_CDS:-}" ] || printf 'stand-in archive' > "${1#*=}"; shift ;;
    -X* | -D*) shift ;;
    *) echo "fake java: expected JVM options, then -jar; got $1" >&2; exit 1 ;;
  esac
done
[ "$1" = -jar ] || { echo "fake java: expected -jar, got $1" >&2; exit 1; }
[ -f "$2" ] || { echo "Error: Unable to access jarfile $2" >&2; exit 1; }
shift 2
[ $# -gt 0 ] || exit 0  # the launcher's class-data training start (-Ddisagg.cli.train=true), done above
cmd=$1; shift
config= workspace=. casedir= missing=warn result= skip= sweep=()
while [ $# -gt 0 ]; do
  case $1 in
    --missing-baseline=*) missing=${1#--missing-baseline=}; shift ;;
    --skip-perf-check=*) skip=${1#--skip-perf-check=}; shift ;;
    --config) config=$2; shift 2 ;;
    --workspace) workspace=$2; shift 2 ;;
    --case-dir) casedir=$2; shift 2 ;;
    --run-result) result=$2; shift 2 ;;
    --max-parallel | --cluster | --baseline | --timeout-minutes) shift 2 ;;
    -*) shift ;;
    *) sweep+=("$1"); shift ;;
  esac
done
[ -n "$skip" ] || { [ "${SKIP_PERF_CHECK,,}" = true ] && skip=true || skip=false; }
q() { local s=${1//\\\\/\\\\\\\\}; s=${s//\\"/\\\\\\"}; printf '"%s"' "$s"; }
# the run result file, as the core writes it: $1 finished, $2 exit status, $3 verdict, $4 message, $5 the cases' JSON
run_result() {
  [ -n "$result" ] || return 0
  mkdir -p "${result%/*}"
  sweepjson=null
  [ ${#sweep[@]} -gt 0 ] && [ "$1" = true ] && [ "$2" != 2 ] \\
    && sweepjson='{"markdown": "disagg_logs/sweep.md", "html": "disagg_logs/index.html", "junit": "disagg_logs/sweep-results.xml"}'
  printf '{"format": "disagg-run-result/1", "finished": %s, "exitCode": %s, "verdict": %s, "message": %s, "workspace": %s,' \\
    "$1" "$2" "$3" "$(q "$4")" "$(q "$workspace")" > "$result.tmp"
  printf ' "skipPerfCheck": {"skip": %s}, "sweep": %s, "cases": [%s]}\\n' "$skip" "$sweepjson" "$5" >> "$result.tmp"
  mv "$result.tmp" "$result"
}
case $cmd in
  run) ;;
  cancel)
    [ -d "$casedir" ] || { echo "disagg: $casedir: no such case directory" >&2; exit 2; }
    echo "job 4242 cancelled" > "$casedir/cancelled"; exit 0 ;;
  *) echo "disagg: unknown command $cmd" >&2; exit 2 ;;
esac
files=()
if [ -n "$config" ]; then
  files=("$config")
else
  for arg in "${sweep[@]}"; do
    case $arg in
      *[*?]*) found=0; IFS=; for f in $arg; do [ -f "$f" ] && { files+=("$f"); found=1; }; done; unset IFS
        if [ $found = 0 ]; then
          echo "disagg: $arg: matches no case file (pattern)" >&2
          run_result true 2 '"INVALID_CONFIG"' "$arg: matches no case file (pattern)" ''; exit 2
        fi ;;
      *) files+=("$arg") ;;
    esac
  done
fi
# every file is loaded first: one invalid file and nothing is submitted
invalid=
for f in "${files[@]}"; do
  outcome=pass
  if [ -f "$f" ]; then
    while IFS= read -r line; do case $line in "# fake-outcome: "*) outcome=${line#"# fake-outcome: "} ;; esac; done < "$f"
  else
    outcome=missing
  fi
  case $outcome in
    invalid) problem="$f:3:5: hardware.gpus_per_node: expected a positive integer, got 'four' [value]"
      echo "$problem" >&2
      invalid+="${invalid:+, }{\\"config\\": $(q "$f"), \\"caseName\\": null, \\"verdict\\": \\"INVALID_CONFIG\\", \\"exitCode\\": 2, \\"message\\": $(q "$f: invalid case file (1 error(s)); nothing was submitted"), \\"details\\": [$(q "$problem")], \\"artifacts\\": {\\"caseDir\\": null}}" ;;
    missing) echo "disagg: $f: no such case file" >&2
      invalid+="${invalid:+, }{\\"config\\": $(q "$f"), \\"caseName\\": null, \\"verdict\\": \\"INVALID_CONFIG\\", \\"exitCode\\": 2, \\"message\\": $(q "$f: no such case file"), \\"details\\": [], \\"artifacts\\": {\\"caseDir\\": null}}" ;;
  esac
done
if [ -n "$invalid" ]; then
  message="invalid case file(s); nothing was submitted"
  [ -n "$config" ] && message="$config: invalid case file; nothing was submitted"
  echo "disagg: $message" >&2
  run_result true 2 '"INVALID_CONFIG"' "$message" "$invalid"; exit 2
fi
entries= worst=0
rank() { case $1 in 130) echo 5 ;; 4) echo 4 ;; 2) echo 3 ;; 1) echo 2 ;; 3) echo 1 ;; *) echo 0 ;; esac; }
for f in "${files[@]}"; do
  outcome=pass
  while IFS= read -r line; do case $line in "# fake-outcome: "*) outcome=${line#"# fake-outcome: "} ;; esac; done < "$f"
  name=${f##*/}; name=${name%.yaml}
  dir="$workspace/disagg_logs/$name"
  # as the core: the case directory is rendered, then sbatch; the roles' logs; then the check's files
  mkdir -p "$dir"
  echo '#!/bin/bash' > "$dir/job.sh"
  job=null perf=PASSED xml=pass message='passed; perf check passed' nobaseline= warnings=
  if [ "$outcome" = infra ]; then
    status=4; verdict=INFRA_ERROR; xml=none; message="not submitted: sbatch refused the job: Invalid partition name specified"
    echo "disagg: sbatch refused the job: Invalid partition name specified" >&2
  else
    echo 4242 > "$dir/job_id"; job='"4242"'
    echo "worker started" > "$dir/gen_server_0.log"
    echo "[$name] submitted job 4242"
    if [ "$outcome" = unfinished ]; then
      # the core is killed while it follows the job: the file still says the run goes on
      run_result false null null '' "{\\"config\\": $(q "$f"), \\"caseName\\": \\"$name\\", \\"caseDir\\": $(q "$dir"), \\"jobId\\": \\"4242\\", \\"verdict\\": null, \\"artifacts\\": {\\"caseDir\\": \\"disagg_logs/$name\\"}}"
      echo "Killed" >&2; exit 137
    fi
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
          if [ "$missing" = warn ]; then
            echo "disagg: warning: case $name: 2 measured metric(s) have no baseline" >&2
            warnings='"2 measured metric(s) had no baseline: output_throughput at concurrency 4, median_e2el at concurrency 4"'
          fi
        fi ;;
      aborted) status=130; verdict=ABORTED; xml=none; message=interrupted
        echo "disagg: interrupted; cancelling job 4242" >&2 ;;
      no-result) echo "Exception in thread \\"main\\" java.lang.OutOfMemoryError: Java heap space" >&2; exit 1 ;;
    esac
  fi
  xmlpath=null
  if [ "$xml" != none ]; then
    failure=; [ "$xml" = fail ] && failure="<failure message=\\"$message\\"/>"
    printf '<testsuite name="%s" tests="1"><testcase name="%s">%s</testcase></testsuite>\\n' "$name" "$name" "$failure" > "$dir/results.xml"
    printf '{"caseName": "%s", "verdict": "%s", "exitCode": %s, "message": "%s"}\\n' "$name" "$verdict" "$status" "$message" > "$dir/result.json"
    printf '## %s: %s (exit %s)\\n\\n- Test: %s\\n' "$name" "$verdict" "$status" "$message" > "$dir/summary.md"
    echo; cat "$dir/summary.md"
    xmlpath="\\"disagg_logs/$name/results.xml\\""
  fi
  [ "$(rank $status)" -gt "$(rank $worst)" ] && worst=$status
  entries+="${entries:+, }{\\"config\\": $(q "$f"), \\"caseName\\": \\"$name\\", \\"caseDir\\": $(q "$dir"), \\"jobId\\": $job,"
  entries+=" \\"verdict\\": \\"$verdict\\", \\"exitCode\\": $status, \\"message\\": $(q "$message"), \\"details\\": [], \\"skipPerfCheck\\": $skip,"
  entries+=" \\"perfCheck\\": {\\"status\\": \\"$perf\\", \\"skipped\\": $skip, \\"missingBaseline\\": [$nobaseline]},"
  entries+=" \\"metrics\\": {\\"4\\": {\\"output_throughput\\": 1234.5}}, \\"warnings\\": [$warnings],"
  entries+=" \\"artifacts\\": {\\"caseDir\\": \\"disagg_logs/$name\\", \\"results.xml\\": $xmlpath}}"
done
if [ ${#sweep[@]} -gt 0 ]; then
  for f in sweep.md index.html sweep-results.xml; do echo "sweep" > "$workspace/disagg_logs/$f"; done
fi
verdicts=([0]=PASS [1]=TEST_FAILED [2]=INVALID_CONFIG [3]=PERF_REGRESSION [4]=INFRA_ERROR [130]=ABORTED)
run_result true $worst "\\"${verdicts[$worst]}\\"" "exit $worst" "$entries"
exit $worst
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
