#!/bin/sh
# What the disaggBenchmark step runs on the agent (core/docs/jenkins.md). The step loads this file
# with libraryResource, writes it to <workspace>/.disagg-step/ and runs it with sh; every value
# arrives as its own argument and nothing here evaluates one.
#
#   disagg-core.sh run    JAR_OPTIONS --scratch DIR -- CORE_ARGS...
#       checks java and the jar, then runs the core with CORE_ARGS (one case or a whole sweep; the step
#       passes --run-result DIR/run-result.json, removed here first so that a stale one is never
#       read): stdout to the log, stderr to the log and DIR/run.err; exits with the core's status,
#       4 when the agent lacks java or the jar (said in DIR/run.err)
#   disagg-core.sh cancel JAR_OPTIONS -- CASE_DIR...
#       the core's `cancel --case-dir CASE_DIR` for each (by the job id the core wrote there)
#   disagg-core.sh pack   --base DIR -- CASE_DIR...
#       each case directory (relative to DIR) as one tarball CASE_DIR.tar.gz beside it
#
# JAR_OPTIONS: --jar PATH --jar-origin TEXT (a jar the step was given), or --pinned-version VERSION
# (dev.disagg:disagg-core:VERSION:jar:cli in the agent's local Maven repository, fetched with mvn
# when missing). Java is JAVA_HOME's when set, else the PATH's.
#
# The core's jar starts with its own launcher (core/src/main/launcher/disagg.sh in the disagg repository: Java
# options for a command-line tool, a class-data sharing archive), run here with /bin/sh; a jar without one (built
# before it) runs as `java -jar`.

say() { printf 'disaggBenchmark: %s\n' "$1" >&2; }
usage() { say "disagg-core.sh: $1 (a bug of the disagg library)"; exit 4; }

action=${1:-}
[ $# -gt 0 ] && shift

jar= origin= version= scratch= base=
while [ $# -gt 0 ]; do
    case $1 in
        --) shift; break ;;
        --jar | --jar-origin | --pinned-version | --scratch | --base)
            [ $# -ge 2 ] || usage "$1 needs a value"
            case $1 in
                --jar) jar=$2 ;;
                --jar-origin) origin=$2 ;;
                --pinned-version) version=$2 ;;
                --scratch) scratch=$2 ;;
                --base) base=$2 ;;
            esac
            shift 2 ;;
        *) usage "unknown option '$1'" ;;
    esac
done

if [ "$action" = pack ]; then
    [ -n "$base" ] || usage "pack needs --base"
    cd "$base" || exit 4
    status=0
    for dir in "$@"; do
        # written under a temporary name first: a reader never sees half a tarball
        name=${dir##*/} parent=.
        case $dir in */*) parent=${dir%/*} ;; esac
        if [ -d "$dir" ]; then
            tar -czf "$parent/.$name.tar.gz.tmp" -C "$parent" "$name" \
                && mv -f "$parent/.$name.tar.gz.tmp" "$parent/$name.tar.gz" \
                || { say "could not write the tarball of $dir"; status=1; }
        fi
    done
    exit "$status"
fi

if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
if [ -n "$version" ]; then
    coordinates="dev.disagg:disagg-core:$version:jar:cli"
    jar="$HOME/.m2/repository/dev/disagg/disagg-core/$version/disagg-core-$version-cli.jar"
fi
[ -n "$jar" ] || usage "no --jar or --pinned-version"
err=/dev/null

# Says what is missing (also into run.err, which the step quotes) and exits 4.
fail() {
    say "$1"
    printf 'disaggBenchmark: %s\n' "$1" >> "$err"
    exit 4
}

preflight() {
    if [ -n "${JAVA_HOME:-}" ]; then
        [ -x "$java" ] || fail "JAVA_HOME is $JAVA_HOME but $java is not an executable; point JAVA_HOME at a Java 17+ JDK or unset it"
    elif ! command -v java >/dev/null 2>&1; then
        fail "java is not on the PATH of this agent; install a Java 17+ runtime or set JAVA_HOME (e.g. with tools { jdk ... })"
    fi
    if [ -n "$version" ]; then
        if [ ! -f "$jar" ] && command -v mvn >/dev/null 2>&1; then
            say "fetching $coordinates with Maven"
            mvn -B -q dependency:get "-Dartifact=$coordinates" -Dtransitive=false >&2 || true
        fi
        [ -f "$jar" ] || fail "the core jar $coordinates is not at $jar and Maven could not fetch it; install it there (mvn install in the disagg repository), or give the step's 'jar' parameter or set DISAGG_CORE_JAR"
    else
        [ -f "$jar" ] || fail "the core jar $jar (from $origin) does not exist on this agent"
    fi
}

core() {
    if [ "$(head -c 2 "$jar")" = '#!' ]; then /bin/sh "$jar" "$@"; else "$java" -jar "$jar" "$@"; fi
}

case $action in
    run)
        [ -n "$scratch" ] || usage "run needs --scratch"
        mkdir -p "$scratch" || exit 4
        err="$scratch/run.err"
        rm -f "$scratch/run.status" "$err" "$scratch/run-result.json"
        preflight
        # stdout straight to the log; stderr to the log and to run.err; the status survives the pipe
        { { core "$@" 2>&1 1>&3 3>&-; echo "$?" > "$scratch/run.status"; } | tee "$err" >&2; } 3>&1
        status=$(cat "$scratch/run.status" 2>/dev/null || echo 4)
        exit "$status"
        ;;
    cancel)
        preflight
        status=0
        for dir in "$@"; do
            core cancel --case-dir "$dir" || status=$?
        done
        exit "$status"
        ;;
    *) usage "unknown action '$action'" ;;
esac
