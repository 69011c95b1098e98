#!/bin/sh
# What the disaggBenchmark step runs on the agent (core/docs/jenkins.md). The step loads this file
# with libraryResource, writes it to <workspace>/.disagg-step/ and runs it with sh; every value
# arrives as its own argument and nothing here evaluates one.
#
#   disagg-core.sh plan   JAR_OPTIONS --scratch DIR -- CORE_ARGS...
#       checks java and the jar, then `java -jar JAR CORE_ARGS` with stdout to DIR/plan.json and
#       stderr to DIR/plan.err (and the log); exits with the core's status, 4 when the agent lacks
#       java or the jar
#   disagg-core.sh run    JAR_OPTIONS --scratch DIR --logs DIR --case NAME -- CORE_ARGS...
#       the core to the case's end: stdout to the log, stderr to the log and DIR/run.err; then the
#       case directory LOGS/NAME as LOGS/NAME.tar.gz; exits with the core's status
#   disagg-core.sh cancel JAR_OPTIONS --logs DIR --case NAME -- CORE_ARGS...
#       the core's cancel, then the tarball
#   disagg-core.sh glob PATTERN
#       the regular files PATTERN matches, one a line (expanded, never evaluated)
#
# JAR_OPTIONS: --jar PATH --jar-origin TEXT (a jar the step was given), or --pinned-version VERSION
# (dev.disagg:disagg-core:VERSION:jar:cli in the agent's local Maven repository, fetched with mvn
# when missing). Java is JAVA_HOME's when set, else the PATH's.

say() { printf 'disaggBenchmark: %s\n' "$1" >&2; }
usage() { say "disagg-core.sh: $1 (a bug of the disagg library)"; exit 4; }

action=${1:-}
[ $# -gt 0 ] && shift

if [ "$action" = glob ]; then
    [ $# -eq 1 ] || usage "glob takes one pattern"
    pattern=$1
    # no field splitting: a space in the pattern is literal; pathname expansion only
    IFS=
    for f in $pattern; do
        if [ -f "$f" ]; then printf '%s\n' "$f"; fi
    done
    exit 0
fi

jar= origin= version= scratch= logs= case_name=
while [ $# -gt 0 ]; do
    case $1 in
        --) shift; break ;;
        --jar | --jar-origin | --pinned-version | --scratch | --logs | --case)
            [ $# -ge 2 ] || usage "$1 needs a value"
            case $1 in
                --jar) jar=$2 ;;
                --jar-origin) origin=$2 ;;
                --pinned-version) version=$2 ;;
                --scratch) scratch=$2 ;;
                --logs) logs=$2 ;;
                --case) case_name=$2 ;;
            esac
            shift 2 ;;
        *) usage "unknown option '$1'" ;;
    esac
done

if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
if [ -n "$version" ]; then
    coordinates="dev.disagg:disagg-core:$version:jar:cli"
    jar="$HOME/.m2/repository/dev/disagg/disagg-core/$version/disagg-core-$version-cli.jar"
fi
[ -n "$jar" ] || usage "no --jar or --pinned-version"

# Says what is missing (also into plan.err, which the step quotes) and exits 4.
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

# The case directory as one tarball beside it, written under a temporary name first.
tarball() {
    [ -n "$logs" ] && [ -n "$case_name" ] || usage "--logs and --case are required"
    if [ -d "$logs/$case_name" ]; then
        tar -czf "$logs/.$case_name.tar.gz.tmp" -C "$logs" "$case_name" \
            && mv -f "$logs/.$case_name.tar.gz.tmp" "$logs/$case_name.tar.gz" \
            || say "could not write the case tarball"
    fi
}

case $action in
    plan)
        [ -n "$scratch" ] || usage "plan needs --scratch"
        mkdir -p "$scratch" || exit 4
        err="$scratch/plan.err"
        rm -f "$scratch/plan.json" "$err"
        preflight
        "$java" -jar "$jar" "$@" > "$scratch/plan.json" 2> "$err"
        status=$?
        cat "$err" >&2
        exit "$status"
        ;;
    run)
        [ -n "$scratch" ] || usage "run needs --scratch"
        err="$scratch/run.err"
        rm -f "$scratch/run.status" "$err"
        # stdout straight to the log; stderr to the log and to run.err; the status survives the pipe
        { { "$java" -jar "$jar" "$@" 2>&1 1>&3 3>&-; echo "$?" > "$scratch/run.status"; } | tee "$err" >&2; } 3>&1
        status=$(cat "$scratch/run.status" 2>/dev/null || echo 4)
        tarball
        exit "$status"
        ;;
    cancel)
        "$java" -jar "$jar" "$@"
        status=$?
        tarball
        exit "$status"
        ;;
    *) usage "unknown action '$action'" ;;
esac
