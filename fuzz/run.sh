#!/usr/bin/env bash
# Runs every fuzz target for a while (not in CI).
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     # default 120 s, all targets
#
# Builds the targets with libFuzzer's coverage instrumentation on the stable
# toolchain (the flags `cargo fuzz build` uses, without AddressSanitizer; with
# cargo-fuzz and nightly or RUSTC_BOOTSTRAP=1, `cargo fuzz run -O TARGET`
# does the same with ASan). Seeds each target's corpus (fuzz/corpus/TARGET,
# not committed) with the fixtures of its format. A crash is written by
# libFuzzer as fuzz/artifacts/TARGET/crash-*; make it a fixture under
# fixtures/broken/ with a regression test (see tests/hostile.rs).
# The `legacy` target (.doc/.rtf) goes through LibreOffice: about one
# execution per second, so it checks kehoach's side only.
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-120}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(text docx xlsx pdf xls ods html legacy)
TRIPLE=x86_64-unknown-linux-gnu
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
    cargo build --release --target "$TRIPLE" --bins
seeds() {
    case "$1" in
        text) ls ../fixtures/seeds/*.txt ../fixtures/legacy/*.txt ../fixtures/broken/*.txt ;;
        docx) ls ../fixtures/office/*.docx ../fixtures/samples/*.docx ../fixtures/broken/*.docx ;;
        # Not the fixtures that make a library panic (caught by kehoach in
        # use, but libFuzzer stops at any panic): they are tests already.
        xlsx) ls ../fixtures/office/*.xlsx ../fixtures/samples/*.xlsx ;;
        pdf) ls ../fixtures/samples/*.pdf ../fixtures/pdf/*.pdf ;;
        xls) ls ../fixtures/office/*.xls ../fixtures/hostile/*.xls ;;
        ods) ls ../fixtures/office/*.ods ;;
        html) ls ../fixtures/converters/*.html ;;
        legacy) ls ../fixtures/converters/*.doc ../fixtures/converters/*.rtf ;;
    esac
}
for target in "${TARGETS[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    for f in $(seeds "$target"); do
        # The legacy target reads its first byte as the choice of .doc/.rtf.
        if [ "$target" = legacy ]; then
            case "$f" in *.rtf) (printf '\001'; cat "$f") ;; *) (printf '\000'; cat "$f") ;; esac >"corpus/$target/$(basename "$f")"
        else
            cp "$f" "corpus/$target/"
        fi
    done
    echo "== $target: ${SECS} s"
    "target/$TRIPLE/release/$target" "corpus/$target" -artifact_prefix="artifacts/$target/" \
        -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 2>&1 \
        | grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|==.*ERROR|SUMMARY)|Done [0-9]+ runs" || true
    ls "artifacts/$target" | sed "s|^|  artifact: artifacts/$target/|"
done
