#!/usr/bin/env bash
# Issue 16's repair on/off ratio in instructions (callgrind; exact and
# repeatable on a loaded machine, unlike time). Not in CI: needs valgrind,
# and the batch of different files needs ../shared/vi-clean.
#
#   cargo build --release && benches/repair_ratio.sh [KEHOACH_BINARY]
#
# Per file of one input: `kehoach convert --in-process -q -j 1 -o DIR` of a
# folder of COPIES copies (default 20) less that of a folder of one copy,
# divided by COPIES - 1 (start-up left out), with repair and with
# `--no-repair`. Inputs: text seed 000, DOCX and XLSX sample 000. Then the
# whole batch (start-up included) of 20 different text files, seeds
# 001–004 and vi-clean 01–16, the real case: a cache that helps only
# copies of one file does not help there. Prints instructions and ratios.
# Environment: COPIES, KEHOACH_VI_CLEAN (the vi-clean directory; default
# shared/vi-clean beside the repository or a folder above it), ONLY (a space-separated list
# of cases: text docx xlsx mixed).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-target/release/kehoach}
BIN=$(realpath "$BIN")
COPIES=${COPIES:-20}
# The vi-clean directory: $KEHOACH_VI_CLEAN, else shared/vi-clean next to
# the repository or to a folder above it (a git worktree may sit deeper).
VI_CLEAN=${KEHOACH_VI_CLEAN:-}
if [ -z "$VI_CLEAN" ]; then
    dir=$(pwd)
    while [ "$dir" != / ]; do
        dir=$(dirname "$dir")
        if [ -d "$dir/shared/vi-clean" ]; then VI_CLEAN="$dir/shared/vi-clean"; break; fi
    done
fi
ONLY=${ONLY:-text docx xlsx mixed}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/repair-ratio.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Instructions of one conversion of folder $1 (extra options after it).
instructions() {
    local dir=$1
    shift
    rm -rf "$WORK/out"
    valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$WORK/cg.out" \
        "$BIN" convert --in-process -q -j 1 -o "$WORK/out" "$@" "$dir" >/dev/null 2>"$WORK/valgrind.log" \
        || { cat "$WORK/valgrind.log" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$WORK/cg.out"
}

# A folder of $2 copies of file $1.
copies() {
    local file=$1 n=$2 dir="$WORK/$(basename "$1").$2"
    mkdir -p "$dir"
    for i in $(seq -w 1 "$n"); do cp "$file" "$dir/$i-$(basename "$file")"; done
    echo "$dir"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
mega() { awk -v a="$1" 'BEGIN { printf "%.2f", a / 1e6 }'; }

printf '%-8s %14s %14s %8s\n' input "repair M" "no-repair M" ratio
for case in $ONLY; do
    case $case in
        text) file=$(ls fixtures/seeds/000_*.txt) ;;
        docx) file=fixtures/samples/000-framework.docx ;;
        xlsx) file=fixtures/samples/000-framework.xlsx ;;
        mixed)
            dir="$WORK/mixed"
            mkdir -p "$dir"
            for seed in fixtures/seeds/00[1-4]_*.txt; do cp "$seed" "$dir/"; done
            [ -d "$VI_CLEAN" ] || { echo "mixed: no vi-clean directory (set KEHOACH_VI_CLEAN)" >&2; exit 1; }
            for n in $(seq -w 1 16); do cp "$VI_CLEAN/$n"-*.txt "$dir/"; done
            [ "$(ls "$dir" | wc -l)" -eq 20 ] || { echo "mixed: expected 20 files in $dir" >&2; exit 1; }
            on=$(instructions "$dir")
            off=$(instructions "$dir" --no-repair)
            printf '%-8s %14s %14s %8s   (whole batch of 20 different files)\n' mixed "$(mega "$on")" "$(mega "$off")" "$(ratio "$on" "$off")"
            continue
            ;;
        *) echo "unknown case $case" >&2; exit 2 ;;
    esac
    many=$(copies "$file" "$COPIES")
    one=$(copies "$file" 1)
    on=$(( ($(instructions "$many") - $(instructions "$one")) / (COPIES - 1) ))
    off=$(( ($(instructions "$many" --no-repair) - $(instructions "$one" --no-repair)) / (COPIES - 1) ))
    printf '%-8s %14s %14s %8s   (per file, %d copies less 1)\n' "$case" "$(mega "$on")" "$(mega "$off")" "$(ratio "$on" "$off")" "$COPIES"
done
