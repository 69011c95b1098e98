#!/bin/bash
# TensorRT-LLM's @NAME@, emulated without GPUs by the disagg CLI (core/docs/emulator.md in the disagg
# project): pytest runs upstream's perf-sanity test roles (tests/integration/defs/perf/test_perf_sanity.py),
# trtllm-llmapi-launch runs the command on rank 0 without the MPI/SLURM variables, the other ranks wait.
self=(@SELF@)
archive=@ARCHIVE@
# Class-data sharing: an archive of this jar's classes on this Java, written once by a workspace's first
# collect check (one writer: the lock directory; a temporary name, then renamed), mapped by every later JVM
# instead of loading the classes again; a JVM that cannot use it loads them as usual (-Xshare:auto).
quiet=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
if [[ -n $archive && -f $archive ]]; then
    exec "${self[0]}" "${quiet[@]}" -XX:SharedArchiveFile="$archive" "${self[@]:1}" emulate @NAME@ "$@"
elif [[ -n $archive && " $* " == *" --collect-only "* ]] && mkdir -p "${archive%/*}" 2>/dev/null \
        && mkdir "$archive.lock" 2>/dev/null; then
    tmp=$archive.$HOSTNAME.$$.tmp
    "${self[0]}" "${quiet[@]}" -XX:ArchiveClassesAtExit="$tmp" -Ddisagg.emulator.train=true "${self[@]:1}" emulate @NAME@ "$@"
    status=$?
    if [[ -s $tmp ]]; then mv -f "$tmp" "$archive"; else rm -f "$tmp"; fi
    rmdir "$archive.lock"
    exit "$status"
fi
exec "${self[@]}" emulate @NAME@ "$@"
