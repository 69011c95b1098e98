#!/bin/bash
# Stands in for a program a role command or the install step starts (and for sbatch): records its
# arguments and environment, NUL-separated, as <RECORD_DIR>/<name>.argv and .env, where <name>
# is DISAGG_SERVING_TYPE, else RECORD_AS, else this script's name. Prints what sbatch prints.
name=${DISAGG_SERVING_TYPE:-${RECORD_AS:-$(basename "$0")}}
printf '%s\0' "$@" >"$RECORD_DIR/$name.argv"
env -0 >"$RECORD_DIR/$name.env"
echo "Submitted batch job 4242"
