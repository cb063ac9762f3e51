#!/usr/bin/env bash
# Peer benchmark (not in CI): the same files through kehoach and through the
# tools a user would otherwise run, side by side, with the ratios.
#
#   kehoach (release build)         vs  python-docx (every paragraph and cell)
#                                       openpyxl (every cell value)
#                                       pdftotext -layout, pdfplumber (tables)
#
# Install the peers once (Debian; the Python packages go in a venv):
#
#   apt-get install hyperfine poppler-utils
#   python3 -m venv target/peers-venv
#   target/peers-venv/bin/pip install python-docx openpyxl pdfplumber
#
# Run from the repository root:
#
#   cargo build --release && cargo build --release -p kehoach-extract --examples
#   benches/peers.sh [COPIES]
#
# Two floors are timed beside the peers (crates/extract/examples/): calamine
# reading every cell of the XLSX (calamine_cells), and the DOCX's
# word/document.xml inflated and parsed into a tree (docx_floor). Each is
# less than any conversion of the file does; with the text seed's
# conversion of the same plan (`--no-repair`) they show what a ratio to a
# peer can be at most.
#
# Each case converts a folder of COPIES copies of one file (default 20) in
# one process, so process start-up is shared as in a real batch; the
# per-file figure is the CPU time (user + system, mean of the runs) of that
# folder less that of a folder with one copy, divided by COPIES - 1: the
# cost of one more file, start-up and imports left out for every tool
# (pdfplumber, at a few pages per second, gets 2 copies against 1). kehoach runs with
# --jobs 1, so its CPU time is one core's. A ratio is peer time / kehoach
# time: above 1 means kehoach is faster. The one-shot rows time one
# `kehoach convert FILE` process from start to exit.
#
# A third table times one process per file, start to exit, for kehoach and
# for each Python peer (the folders of one copy above): the measure of the
# issue that set the targets, whose openpyxl 74 ms and python-docx 145 ms
# counted the interpreter's start-up and imports. A user converting one
# file at a time pays that; in a batch only the per-file figure counts.
set -euo pipefail
cd "$(dirname "$0")/.."

COPIES=${1:-${COPIES:-20}}
RUNS=${RUNS:-10}
VENV=${VENV:-target/peers-venv}
KEHOACH=${KEHOACH:-target/release/kehoach}
EXAMPLES=${EXAMPLES:-target/release/examples}
PY="$VENV/bin/python"
WORK=target/bench-peers
PEERS=benches/peers

for tool in hyperfine pdftotext "$PY" "$KEHOACH" "$EXAMPLES/calamine_cells" "$EXAMPLES/docx_floor"; do
    command -v "$tool" >/dev/null || { echo "peers.sh: $tool not found (see the header of this script)" >&2; exit 2; }
done

rm -rf "$WORK" && mkdir -p "$WORK/out"
copies() { # NAME SOURCE N: a folder of N copies of SOURCE
    mkdir -p "$WORK/$1"
    local ext="${2##*.}"
    for i in $(seq -w 1 "$3"); do cp "$2" "$WORK/$1/$i.$ext"; done
}
for kind in text:fixtures/seeds/000_546985720e17fb0b.txt docx:fixtures/samples/000-framework.docx \
    xlsx:fixtures/samples/000-framework.xlsx pdf:fixtures/samples/000-framework.pdf; do
    copies "${kind%%:*}" "${kind#*:}" "$COPIES"
    copies "${kind%%:*}-1" "${kind#*:}" 1
done
copies pdf-2 fixtures/samples/000-framework.pdf 2

# cpu NAME COMMAND: mean CPU seconds (user + system) of COMMAND, via hyperfine.
cpu() {
    local name=$1; shift
    hyperfine --style none --warmup 1 --runs "$RUNS" -N --export-json "$WORK/$name.json" "$*" >/dev/null
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["user"]+r["system"])' "$WORK/$name.json"
}
k() { echo "$KEHOACH convert -q -j 1 -o $WORK/out $*"; }
pdftotext_all() { echo "sh -c 'for f in $1/*.pdf; do pdftotext -layout \"\$f\" - ; done > /dev/null'"; }

# marginal NAME COMMAND-WITH-DIR KIND: CPU seconds per extra file of KIND.
marginal() {
    local name=$1 cmd=$2 kind=$3 n=$COPIES
    if [ "$kind" = pdf-2 ]; then kind=pdf; n=2; fi
    local many one
    if [ "$n" = 2 ]; then many=$(cpu "$name" "${cmd//DIR/$WORK/pdf-2}"); else many=$(cpu "$name" "${cmd//DIR/$WORK/$kind}"); fi
    one=$(cpu "$name-1" "${cmd//DIR/$WORK/$kind-1}")
    "$PY" -c 'import sys; a,b,n=map(float,sys.argv[1:]); print(max(a-b,1e-6)/(n-1))' "$many" "$one" "$n"
}

echo "measuring (COPIES=$COPIES, RUNS=$RUNS); this takes a few minutes" >&2
text=$(marginal text "$(k DIR)" text)
text_nr=$(marginal text-nr "$(k --no-repair DIR)" text)
docx=$(marginal docx "$(k DIR)" docx)
docx_nr=$(marginal docx-nr "$(k --no-repair DIR)" docx)
docx_peer=$(marginal docx-peer "$PY $PEERS/docx_cells.py DIR" docx)
docx_floor=$(marginal docx-floor "$EXAMPLES/docx_floor DIR" docx)
xlsx=$(marginal xlsx "$(k DIR)" xlsx)
xlsx_nr=$(marginal xlsx-nr "$(k --no-repair DIR)" xlsx)
xlsx_peer=$(marginal xlsx-peer "$PY $PEERS/xlsx_cells.py DIR" xlsx)
xlsx_floor=$(marginal xlsx-floor "$EXAMPLES/calamine_cells DIR" xlsx)
pdf=$(marginal pdf "$(k DIR)" pdf)
pdf_nr=$(marginal pdf-nr "$(k --no-repair DIR)" pdf)
pdf_text=$(marginal pdftotext "$(pdftotext_all DIR)" pdf)
pdf_plumber=$(RUNS=3 marginal pdfplumber "$PY $PEERS/pdf_tables.py DIR" pdf-2)
oneshot=$(cpu oneshot "$KEHOACH convert fixtures/seeds/000_546985720e17fb0b.txt")
oneshot_nr=$(cpu oneshot-nr "$KEHOACH convert --no-repair fixtures/seeds/000_546985720e17fb0b.txt")

"$PY" - "$text" "$text_nr" "$docx" "$docx_nr" "$docx_peer" "$docx_floor" "$xlsx" "$xlsx_nr" "$xlsx_peer" "$xlsx_floor" \
    "$pdf" "$pdf_nr" "$pdf_text" "$pdf_plumber" "$oneshot" "$oneshot_nr" "$(stat -c %s fixtures/seeds/000_546985720e17fb0b.txt)" "$WORK" <<'PYEOF'
import json, sys
(text, text_nr, docx, docx_nr, docx_peer, docx_floor, xlsx, xlsx_nr, xlsx_peer, xlsx_floor,
 pdf, pdf_nr, pdf_text, pdf_plumber, oneshot, oneshot_nr, seed_bytes) = map(float, sys.argv[1:-1])
work = sys.argv[-1]
def single(name):
    """CPU seconds of one process converting a folder of one copy."""
    r = json.load(open(f"{work}/{name}-1.json"))["results"][0]
    return r["user"] + r["system"]
PAGES = 24
ms = lambda s: f"{s * 1000:.1f} ms"
pps = lambda s: f"{PAGES / s:.0f} pages/s" if s > 0 else "-"
print("| input | kehoach | `--no-repair` | peer | ratio (peer / kehoach) |")
print("|---|---|---|---|---|")
print(f"| text seed 000 (45 KB), per file in a batch | {ms(text)} ({seed_bytes / text / 1e6:.1f} MB/s) | {ms(text_nr)} ({seed_bytes / text_nr / 1e6:.1f} MB/s) | - | - |")
print(f"| DOCX sample 000, per file | {ms(docx)} | {ms(docx_nr)} | python-docx, every cell: {ms(docx_peer)} | {docx_peer / docx:.1f}x ({docx_peer / docx_nr:.1f}x without repair) |")
print(f"| XLSX sample 000, per file | {ms(xlsx)} | {ms(xlsx_nr)} | openpyxl, every cell: {ms(xlsx_peer)} | {xlsx_peer / xlsx:.1f}x ({xlsx_peer / xlsx_nr:.1f}x without repair) |")
print(f"| PDF sample 000 (24 pages, ruled) | {pps(pdf)} | {pps(pdf_nr)} | `pdftotext -layout`: {pps(pdf_text)}; pdfplumber tables: {pps(pdf_plumber)} | {pdf_text / pdf:.2f}x of pdftotext ({pdf_text / pdf_nr:.2f}x without repair); {pdf_plumber / pdf:.0f}x pdfplumber |")
print(f"| one-shot `convert` of seed 000 (start to exit) | {ms(oneshot)} CPU | {ms(oneshot_nr)} | - | - |")
print()
# The most a ratio to a peer can be: the peer's time over a floor reading
# of the file plus the conversion of the same plan from text without repair
# (the samples are renderings of seed 000).
print("| floor | time | + text seed's conversion, `--no-repair` | peer / that (the ratio's ceiling with today's parser and writer) |")
print("|---|---|---|---|")
print(f"| DOCX: document.xml inflated and parsed (roxmltree) | {ms(docx_floor)} | {ms(docx_floor + text_nr)} | python-docx: {docx_peer / (docx_floor + text_nr):.1f}x |")
print(f"| XLSX: calamine, every cell | {ms(xlsx_floor)} | {ms(xlsx_floor + text_nr)} | openpyxl: {xlsx_peer / (xlsx_floor + text_nr):.1f}x |")
print()
print("| one process per file, start to exit (the issue's measure) | kehoach | `--no-repair` | peer | ratio (peer / kehoach) |")
print("|---|---|---|---|---|")
for kind, peer in (("docx", "python-docx"), ("xlsx", "openpyxl")):
    own, own_nr, other = single(kind), single(kind + "-nr"), single(kind + "-peer")
    print(f"| {kind.upper()} sample 000 | {ms(own)} | {ms(own_nr)} | {peer}: {ms(other)} | {other / own:.1f}x ({other / own_nr:.1f}x without repair) |")
PYEOF
