#!/usr/bin/env bash
# Builds sparsereg and runs the whole test suite with CTest.
#
#   scripts/test.sh              Release build in ./build (the one setup.sh makes)
#   scripts/test.sh --sanitize   Debug build with AddressSanitizer and
#                                UndefinedBehaviorSanitizer in ./build-sanitize
#                                (benchmarks not built)
#
# Extra ASAN_OPTIONS / UBSAN_OPTIONS from the environment are appended to ours
# and win. In a container where LeakSanitizer cannot run (it needs to ptrace the
# process; it fails under gdb/strace or without CAP_SYS_PTRACE), add
# ASAN_OPTIONS=detect_leaks=0.
#
# Works from any directory: it changes to the repository root first.
set -euo pipefail

sanitize=0
for arg in "$@"; do
    case "$arg" in
        --sanitize) sanitize=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "test.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=$(nproc 2>/dev/null || echo 2)

run() { echo "+ $*"; "$@"; }

if [[ $sanitize -eq 1 ]]; then
    build_dir=build-sanitize
    configure=(-DCMAKE_BUILD_TYPE=Debug "-DSPARSEREG_SANITIZE=address;undefined"
               -DSPARSEREG_BUILD_BENCH=OFF)
    # Stop at the first report with a stack trace, so CTest shows the failure
    # and its cause; -fno-sanitize-recover=all already makes UBSan fatal.
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    echo "ASAN_OPTIONS=$ASAN_OPTIONS"
    echo "UBSAN_OPTIONS=$UBSAN_OPTIONS"
else
    build_dir=build
    configure=(-DCMAKE_BUILD_TYPE=Release)
fi

run cmake -S . -B "$build_dir" "${configure[@]}"
run cmake --build "$build_dir" --parallel "$jobs"
run ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2
