#!/bin/sh
# disagg: the CLI of the disagg project. This file is this script followed by the CLI's jar, so it runs as a
# program (`./disagg-cli.jar run ...`, `sh disagg-cli.jar run ...`, or copied onto the PATH as `disagg`) and
# still as `java -jar disagg-cli.jar run ...`, which starts the same CLI more slowly.
#
# It starts Java as suits a command that lives seconds to hours and mostly waits (C1 only, the serial
# collector) and maps a class-data sharing archive of this jar's classes on this Java, written once by the
# first start that finds none: that start runs a training JVM first (about 2 s; it renders and checks the
# embedded case in a temporary directory), writes the archive under a temporary name and renames it.
# The archive lives in ${XDG_CACHE_HOME:-$HOME/.cache}/disagg/, named for the jar's and Java's paths, sizes
# and times (a new build of the jar replaces its archive); a JVM that cannot use it starts as without one.
# DISAGG_JAVA_OPTIONS adds options (split at spaces, e.g. -Xmx4g). Java is JAVA_HOME's when set, else the
# PATH's.
set -f
jar=$(readlink -f -- "$0" 2>/dev/null) || jar=$0
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
tuned="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"

archive=
cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
if [ -n "$cache" ] && java_file=$(command -v -- "$java") && java_file=$(readlink -f -- "$java_file") \
        && stamps=$(stat -L -c '%s %Y' -- "$jar" "$java_file" 2>/dev/null); then
    place=$(printf '%s\n' "$jar" "$java_file" | cksum | cut -d ' ' -f 1)
    build=$(printf '%s\n' $stamps | cksum | cut -d ' ' -f 1)
    archive=$cache/disagg/cli-$place-$build.jsa
fi

# $archive.failed: this Java wrote no archive for this build (no class-data sharing, say); asked once, not on
# every start
if [ -n "$archive" ] && [ ! -f "$archive" ] && [ ! -e "$archive.failed" ] && mkdir -p -- "${archive%/*}" 2>/dev/null; then
    # a lock left by a training JVM that was killed must not stop every later start from writing one
    find "$archive.lock" -maxdepth 0 -mmin +10 -exec rmdir -- {} \; 2>/dev/null
    if mkdir -- "$archive.lock" 2>/dev/null; then
        tmp=$archive.$$.tmp
        # shellcheck disable=SC2086 # $tuned is a list of options
        "$java" $tuned -XX:ArchiveClassesAtExit="$tmp" -Ddisagg.cli.train=true -jar "$jar" >/dev/null 2>&1 </dev/null
        # the files of earlier builds of this jar on this Java are of no more use (a mapped archive stays readable
        # to its JVM)
        set +f; rm -f -- "${archive%/*}/cli-$place-"*.jsa "${archive%/*}/cli-$place-"*.jsa.failed; set -f
        if [ -s "$tmp" ]; then mv -f -- "$tmp" "$archive"; else : >"$archive.failed"; fi
        rm -f -- "$tmp"
        rmdir -- "$archive.lock"
    fi
fi

if [ -n "$archive" ] && [ -f "$archive" ]; then
    # shellcheck disable=SC2086
    exec "$java" $tuned -XX:SharedArchiveFile="$archive" ${DISAGG_JAVA_OPTIONS:-} -jar "$jar" "$@"
fi
# shellcheck disable=SC2086
exec "$java" $tuned ${DISAGG_JAVA_OPTIONS:-} -jar "$jar" "$@"
exit 127
