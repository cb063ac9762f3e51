#!/usr/bin/env bash
# Instruction counts (not in CI): the per-file cost and the one-shot
# start-up of kehoach, counted by callgrind, so the figures repeat exactly
# on a machine shared with builds and tests, where CPU times are noise.
#
#   per file   `kehoach convert --in-process -q -j 1 -o DIR` of a folder of
#              COPIES copies of one file, less the same of a folder of one
#              copy, divided by COPIES - 1: the cost of one more file in a
#              batch, start-up left out. Text seed 000, DOCX and XLSX
#              sample 000, each with repair and with --no-repair.
#   one-shot   `kehoach convert -q -o DIR` of seed 000 from process start
#              to exit: with its worker process (the default; every
#              process's instructions summed) and --in-process.
#   batch      the mixed corpus of benches/batch.rs (the text seeds with a
#              varying last line, the office fixtures, the samples' DOCX
#              and XLSX, in turn), `convert -q -j 2 -o DIR` with worker
#              processes as by default: BATCH files (default 150) less the
#              first 15, divided by BATCH - 15: the cost of one more file of
#              the mix, the batch's own work and the workers' start-up
#              left out, every process's instructions summed.
#
# Needs valgrind (apt-get install valgrind). Run from the repository root:
#
#   cargo build --release && benches/instructions.sh
#
# KEHOACH=path/to/kehoach compares another build (e.g. an old release);
# COPIES (default 20), BATCH (default 150) and ONLY (a case name, e.g.
# ONLY=text) narrow the run.
# Output: one line per case, millions of instructions. A callgrind profile of
# a case is left in target/bench-instructions/NAME.*.out for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."

COPIES=${COPIES:-20}
KEHOACH=${KEHOACH:-target/release/kehoach}
KEHOACH=$(realpath "$KEHOACH")
WORK=target/bench-instructions
ONLY=${ONLY:-}
BATCH=${BATCH:-150}

command -v valgrind >/dev/null || { echo "instructions.sh: valgrind not found (apt-get install valgrind)" >&2; exit 2; }
[ -x "$KEHOACH" ] || { echo "instructions.sh: $KEHOACH not found (cargo build --release)" >&2; exit 2; }

rm -rf "$WORK" && mkdir -p "$WORK"
copies() { # NAME SOURCE N: a folder of N copies of SOURCE
    mkdir -p "$WORK/$1"
    local ext="${2##*.}"
    for i in $(seq -w 1 "$3"); do cp "$2" "$WORK/$1/$i.$ext"; done
}

# count NAME ARGS...: instructions of `kehoach ARGS` (every process it
# starts included), printed as a whole number.
count() {
    local name=$1; shift
    rm -f "$WORK/$name".*.out
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$WORK/$name.%p.out" \
        "$KEHOACH" "$@" >/dev/null 2>"$WORK/$name.log"
    local total=0 n
    for f in "$WORK/$name".*.out; do
        n=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$f")
        total=$((total + n))
    done
    echo "$total"
}
millions() { awk -v n="$1" 'BEGIN { printf "%.2f", n / 1e6 }'; }

# per_file NAME SOURCE [OPTIONS...]: instructions of one more file in a batch.
per_file() {
    local name=$1 source=$2; shift 2
    [ -n "$ONLY" ] && [ "$ONLY" != "${name%-no-repair}" ] && [ "$ONLY" != "$name" ] && return
    [ -d "$WORK/$name-src" ] || { copies "$name-src" "$source" "$COPIES"; copies "$name-src-1" "$source" 1; }
    local many one
    many=$(count "$name" convert --in-process -q -j 1 "$@" -o "$WORK/out-$name" "$WORK/$name-src")
    one=$(count "$name-1" convert --in-process -q -j 1 "$@" -o "$WORK/out-$name-1" "$WORK/$name-src-1")
    printf '%-28s %8s M per file\n' "$name" "$(millions $(((many - one) / (COPIES - 1))))"
}

# one_shot NAME [OPTIONS...]: one process converting seed 000.
one_shot() {
    local name=$1; shift
    [ -n "$ONLY" ] && [ "$ONLY" != "$name" ] && return
    local n
    n=$(count "$name" convert -q "$@" -o "$WORK/out-$name" fixtures/seeds/000_546985720e17fb0b.txt)
    printf '%-28s %8s M start to exit\n' "$name" "$(millions "$n")"
}

# mixed NAME N: the first N files of benches/batch.rs's corpus (its broken
# files come only every 300th, so none here).
mixed() {
    mkdir -p "$WORK/$1"
    local sources=() i=0 f
    for f in fixtures/seeds/* fixtures/office/* fixtures/samples/*; do
        case "$f" in *.txt | *.docx | *.xlsx | *.xls | *.ods) sources+=("$f") ;; esac
    done
    # benches/batch.rs sorts the paths (Rust's byte order)
    mapfile -t sources < <(printf '%s\n' "${sources[@]}" | LC_ALL=C sort)
    for ((i = 0; i < $2; i++)); do
        f=${sources[i % ${#sources[@]}]}
        local name ext=${f##*.}
        name=$(printf '%05d.%s' "$i" "$ext")
        cp "$f" "$WORK/$1/$name"
        [ "$ext" = txt ] && printf '\nBản số %d\n' "$i" >>"$WORK/$1/$name"
    done
}

# batch NAME: one more file of the mixed corpus, worker processes, -j 2.
batch() {
    local name=$1
    [ -n "$ONLY" ] && [ "$ONLY" != "$name" ] && return
    [ -d "$WORK/$name-src" ] || { mixed "$name-src" "$BATCH"; mixed "$name-src-15" 15; }
    local many one
    many=$(count "$name" convert -q -j 2 -o "$WORK/out-$name" "$WORK/$name-src")
    one=$(count "$name-15" convert -q -j 2 -o "$WORK/out-$name-15" "$WORK/$name-src-15")
    printf '%-28s %8s M per file\n' "$name" "$(millions $(((many - one) / (BATCH - 15))))"
}

echo "kehoach: $KEHOACH; $COPIES copies, batch of $BATCH; callgrind (this takes a few minutes)" >&2
seed=fixtures/seeds/000_546985720e17fb0b.txt
docx=fixtures/samples/000-framework.docx
xlsx=fixtures/samples/000-framework.xlsx
per_file text "$seed"
per_file text-no-repair "$seed" --no-repair
per_file docx "$docx"
per_file docx-no-repair "$docx" --no-repair
per_file xlsx "$xlsx"
per_file xlsx-no-repair "$xlsx" --no-repair
one_shot one-shot
one_shot one-shot-in-process --in-process
one_shot one-shot-no-repair --no-repair
batch batch
