#!/usr/bin/env bash
# Per-form speed benchmark (not in CI): the samples' renderings in every
# form kehoach reads, one form at a time, as files/s (and pages/s for PDF).
#
#   layout text (pdftotext -layout), pandoc markdown, pandoc plain text,
#   GitHub markdown, HTML (pandoc and LibreOffice), ODT, native .doc,
#   RTF (through LibreOffice, when installed), XLSX, DOCX, PDF
#
# for samples 000 and 002 (fixtures/converters/, fixtures/samples/).
#
# Needs hyperfine (apt-get install hyperfine) and a release build:
#
#   cargo build --release && benches/forms.sh [COPIES]
#
# Each case converts a folder of COPIES copies of one file (default 20;
# RTF, one LibreOffice run per file, RTF_COPIES, default 4) in one
# `kehoach convert -j 1` process; the per-file figure is the CPU time (user
# + system, mean of RUNS runs) of that folder less that of a folder with one
# copy, divided by COPIES - 1: the cost of one more file, start-up left
# out, on one core. LibreOffice's own CPU time (a child process) counts.
#
#   benches/forms.sh --callgrind [COPIES]
#
# instead counts instructions per file (valgrind's callgrind, the same
# difference of COPIES copies (default 5) and one, converted in process)
# for the text-layout paths, which stay the same under load.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=time
if [ "${1:-}" = --callgrind ]; then MODE=callgrind; shift; fi
COPIES=${1:-${COPIES:-$([ "$MODE" = callgrind ] && echo 5 || echo 20)}}
RTF_COPIES=${RTF_COPIES:-4}
RUNS=${RUNS:-5}
KEHOACH=${KEHOACH:-target/release/kehoach}
WORK=${WORK:-target/bench-forms}

need() { command -v "$1" >/dev/null || { echo "forms.sh: $1 not found (see the header of this script)" >&2; exit 2; }; }
need "$KEHOACH"
need python3
if [ "$MODE" = time ]; then need hyperfine; else need valgrind; fi
soffice=$(command -v "${KEHOACH_SOFFICE:-soffice}" || true)

# CASES: label, file (forms of samples 000 and 002)
cases=()
for s in 000-framework 002-tasks; do
    c=fixtures/converters/$s
    cases+=("$s layout text (pdftotext -layout)|$c.layout.txt"
        "$s pandoc markdown|$c.pandoc.md"
        "$s pandoc plain text|$c.plain.txt"
        "$s GitHub markdown|$c.gfm.md"
        "$s HTML (pandoc)|$c.pandoc.html"
        "$s HTML (LibreOffice)|$c.lo.html"
        "$s ODT|$c.odt"
        "$s .doc (native)|$c.doc"
        "$s XLSX|fixtures/samples/$s.xlsx"
        "$s DOCX|fixtures/samples/$s.docx"
        "$s PDF|fixtures/samples/$s.pdf")
    if [ "$MODE" = time ] && [ -n "$soffice" ]; then cases+=("$s RTF (LibreOffice)|$c.rtf"); fi
done
if [ "$MODE" = callgrind ]; then
    cases=()
    for s in 000-framework 002-tasks; do
        cases+=("$s layout text|fixtures/converters/$s.layout.txt"
            "$s layout text, restyled|fixtures/converters/$s.restyled.layout.txt")
    done
fi

rm -rf "$WORK" && mkdir -p "$WORK/out"
copies() { # DIR SOURCE N: a folder of N copies of SOURCE
    mkdir -p "$1"
    local name ext k
    name=$(basename "$2")
    ext="${name#*.}"
    for k in $(seq -w 1 "$3"); do cp "$2" "$1/$k.$ext"; done
}
# cost DIR: CPU seconds (time) or instructions (callgrind) of one conversion of DIR
cost() {
    if [ "$MODE" = time ]; then
        hyperfine --style none --warmup 1 --runs "$RUNS" -N --export-json "$WORK/h.json" \
            "$KEHOACH convert -q -j 1 -o $WORK/out $1" >/dev/null
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["user"]+r["system"])' "$WORK/h.json"
    else
        # In process: the worker processes would escape the count.
        valgrind --tool=callgrind --dump-instr=no --callgrind-out-file="$WORK/cg.out" \
            "$KEHOACH" convert --in-process -q -j 1 -o "$WORK/out" "$1" >/dev/null 2>"$WORK/valgrind.log" \
            || { cat "$WORK/valgrind.log" >&2; exit 1; }
        awk '/^summary:/ { print $2 }' "$WORK/cg.out"
    fi
}
pages() { # pages of a PDF, or 0
    case "$1" in
        *.pdf) pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }' || echo 0 ;;
        *) echo 0 ;;
    esac
}

echo "measuring $MODE (COPIES=$COPIES, RUNS=$RUNS, $KEHOACH); this takes a while" >&2
if [ "$MODE" = time ]; then
    echo "| form | per file (CPU) | files/s | pages/s |"
    echo "|---|---|---|---|"
else
    echo "| form | instructions per file |"
    echo "|---|---|"
fi
i=0
for entry in "${cases[@]}"; do
    label=${entry%%|*}
    file=${entry#*|}
    [ -f "$file" ] || { echo "| $label | (no $file) |"; continue; }
    n=$COPIES
    case "$file" in *.rtf) n=$RTF_COPIES ;; esac
    i=$((i + 1))
    copies "$WORK/c$i-many" "$file" "$n"
    copies "$WORK/c$i-one" "$file" 1
    many=$(cost "$WORK/c$i-many")
    one=$(cost "$WORK/c$i-one")
    python3 - "$label" "$many" "$one" "$n" "$(pages "$file")" "$MODE" <<'PYEOF'
import sys
label, many, one, n, pages, mode = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5] or 0), sys.argv[6]
per = max(many - one, 1e-9) / (n - 1)
if mode == "time":
    pps = f"{pages / per:.0f}" if pages else "-"
    print(f"| {label} | {per * 1000:.1f} ms | {1 / per:.0f} | {pps} |")
else:
    print(f"| {label} | {per / 1e6:.1f} M |")
PYEOF
done
