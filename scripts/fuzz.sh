#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) into
# ./build-fuzz and runs each for a while on a copy of its seed corpus.
#
#   scripts/fuzz.sh [--seconds N] [--jobs J] [TARGET...]
#
#   --seconds N  how long each target runs (default 60)
#   --jobs J     parallel fuzzing processes per target (default 1)
#   TARGET       fuzz_svmlight, fuzz_matrix_market, fuzz_model_json,
#                fuzz_csr_view (default: all four, one after the other)
#
# The corpus a run grows lives in build-fuzz/corpus/<target>/ and is kept
# between runs; the repository's tests/fuzz/corpus/<target>/ is only read.
# Prints per target the executions, exec/s, the final coverage ("cov:"
# edges, "ft:" features) and whether it found a crash, a hang (-timeout=10)
# or a leak or ran out of memory (-rss_limit_mb=2048). Exits non-zero when any
# target found one, naming the reproducer: minimize it (the target binary with
# -minimize_crash=1 -runs=10000 FILE), fix the bug, and add the input to
# tests/fuzz/regressions/<target>/, where CTest's fuzz.replay.<target> keeps it.
#
# Needs clang and its runtimes (scripts/install-deps.sh installs them).
# Works from any directory: it changes to the repository root first.
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

seconds=60
jobs=1
targets=()
all_targets=(fuzz_svmlight fuzz_matrix_market fuzz_model_json fuzz_csr_view)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
        --jobs) jobs=${2:?--jobs needs a value}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        fuzz_*) targets+=("$1"); shift ;;
        *) echo "fuzz.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "fuzz.sh: --seconds must be a positive integer" >&2; exit 2; }
[[ $jobs =~ ^[0-9]+$ && $jobs -gt 0 ]] || { echo "fuzz.sh: --jobs must be a positive integer" >&2; exit 2; }
for t in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t'" >&2; exit 2; }
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build_dir=build-fuzz

# Largest input each target is given: a few dozen lines of text, a model of a
# few dozen fits, 255-element arrays.
max_len() {
    case "$1" in
        fuzz_svmlight|fuzz_matrix_market) echo 4096 ;;
        fuzz_model_json) echo 8192 ;;
        fuzz_csr_view) echo 4096 ;;
    esac
}

run() { echo "+ $*"; "$@"; }
source scripts/cmake-generator.sh

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found; run scripts/install-deps.sh" >&2; exit 1; }
# Werror off: a warning only clang gives must not stop fuzzing; g++ builds keep it.
# Line tables only (-g1): enough for the stack traces of a report.
CC=clang CXX=clang++ run cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
    -DSPARSEREG_FUZZ=ON -DSPARSEREG_WERROR=OFF -DSPARSEREG_BUILD_BENCH=OFF \
    -DSPARSEREG_BUILD_CLI=OFF -DSPARSEREG_INSTALL=OFF >/dev/null
run cmake --build "$build_dir" --parallel "$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}"

# Leaks count as bugs; an allocation the machine cannot satisfy is reported by
# libFuzzer's -rss_limit_mb / malloc limit rather than by ASan.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"

failed=0
summary=()
for t in "${targets[@]}"; do
    corpus="$build_dir/corpus/$t"
    artifacts="$build_dir/artifacts/$t"
    log="$build_dir/logs/$t.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    # Seed with the repository's corpus and regressions (copied, never written).
    cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
    cp -n tests/fuzz/regressions/"$t"/* "$corpus"/ 2>/dev/null || true
    rm -f "$artifacts"/*
    rm -f "$build_dir"/logs/"$t".job*.log
    echo
    echo "== $t: $seconds s, $jobs job(s), max_len $(max_len "$t") =="
    fuzz_args=(-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048
               -max_total_time="$seconds" -print_final_stats=1
               -artifact_prefix="$root/$artifacts/")
    rc=0
    if [[ $jobs -eq 1 ]]; then
        "$build_dir/tests/fuzz/$t" "${fuzz_args[@]}" "$corpus" >"$log" 2>&1 || rc=$?
    else
        # -fork keeps fuzzing one corpus with J processes and merges their finds.
        "$build_dir/tests/fuzz/$t" "${fuzz_args[@]}" -fork="$jobs" -ignore_crashes=0 \
            -ignore_timeouts=0 -ignore_ooms=0 "$corpus" >"$log" 2>&1 || rc=$?
    fi
    # The last status line: "#123456 DONE cov: 812 ft: 3101 corp: ... exec/s: 9000 ..."
    # (with -fork: "#123456: cov: 812 ft: 3101 corp: 40 exec/s 9000 ...").
    status=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
    # (-fork prints no stat:: lines; its status lines then give the count.)
    execs=$(awk '/^stat::number_of_executed_units:/ {s += $2} END {print s+0}' "$log")
    [[ $execs -gt 0 ]] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$status")
    rate=$(sed -nE 's/.*exec\/s:? ([0-9]+).*/\1/p' <<<"$status")
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$status")
    ft=$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$status")
    found=$(find "$artifacts" -type f | head -n 5)
    if [[ $rc -ne 0 || -n $found ]]; then
        failed=1
        what=$(grep -m1 -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)[^(]*|runtime error:.*|fuzz (invariant broken|bug).*' "$log" || echo "exit $rc")
        line="$t: FAILED after ${execs:-?} executions: $what; reproducer: ${found:-see $log}; log: $log"
        tail -n 40 "$log"
    else
        line="$t: ok, ${execs:-?} executions (${rate:-?} exec/s), cov ${cov:-?}, ft ${ft:-?}, no crash"
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "== fuzz summary ($seconds s a target) =="
for line in "${summary[@]}"; do echo "  $line"; done
exit "$failed"
