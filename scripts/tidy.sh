#!/usr/bin/env bash
# Runs clang-tidy (checks in .clang-tidy) over every library and CLI source,
# src/**/*.cpp, and fails on any finding. Headers in include/ and src/ are
# checked through the sources that include them.
#
#   scripts/tidy.sh          configure ./build-tidy (compile_commands.json only,
#                            nothing is compiled) and check
#   scripts/tidy.sh --all    also check the paths excluded below
#
# Each source is checked with the flags it is compiled with, read from the
# compilation database, so the per-instruction-set kernels
# (src/kernels/kernels_avx2.cpp, kernels_avx512f.cpp) are parsed with their own
# -mavx2 / -mavx512f. Uses run-clang-tidy in parallel when it is installed,
# clang-tidy file by file otherwise. CLANG_TIDY names another binary.
#
# Works from any directory: it changes to the repository root first.
set -euo pipefail

all=0
for arg in "$@"; do
    case "$arg" in
        --all) all=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "tidy.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build_dir=build-tidy
jobs=$(nproc 2>/dev/null || echo 2)

# Paths not checked by default (none now); `--all` checks them anyway.
excluded=()

clang_tidy=${CLANG_TIDY:-}
if [[ -z $clang_tidy ]]; then
    for candidate in clang-tidy clang-tidy-14 clang-tidy-15 clang-tidy-16; do
        if command -v "$candidate" >/dev/null 2>&1; then clang_tidy=$candidate; break; fi
    done
fi
if [[ -z $clang_tidy ]]; then
    echo "tidy.sh: clang-tidy not found (Debian: apt-get install clang-tidy)" >&2
    exit 1
fi
# The run-clang-tidy of the same version (clang-tidy-14: run-clang-tidy-14), if any.
run_clang_tidy=""
for candidate in "run-${clang_tidy##*/}" run-clang-tidy; do
    if command -v "$candidate" >/dev/null 2>&1; then run_clang_tidy=$candidate; break; fi
done

run() { echo "+ $*"; "$@"; }

# Debug: assertions stay in, and the static analyzer takes them as facts.
# Each source on its own (no unity batches, which the CLI uses by default).
run cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_UNITY_BUILD=OFF \
    -DSPARSEREG_BUILD_TESTS=OFF -DSPARSEREG_BUILD_BENCH=OFF -DSPARSEREG_BUILD_CLI=ON \
    >/dev/null

# The sources to check; every one must be in the compilation database (a
# source in a folder src/CMakeLists.txt does not glob would otherwise go unchecked).
mapfile -t sources < <(find src -name '*.cpp' | LC_ALL=C sort)
files=()
for source in "${sources[@]}"; do
    skip=0
    if [[ $all -eq 0 ]]; then
        for prefix in "${excluded[@]}"; do
            [[ $source == "$prefix"* ]] && skip=1
        done
    fi
    [[ $skip -eq 1 ]] && continue
    if ! grep -qF "\"file\": \"$root/$source\"" "$build_dir/compile_commands.json"; then
        echo "tidy.sh: $source is not in $build_dir/compile_commands.json (not built by CMake?)" >&2
        exit 1
    fi
    files+=("$root/$source")
done
echo "tidy.sh: $("$clang_tidy" --version | grep -m1 -o 'version [0-9.]*'), ${#files[@]} sources" \
     "(skipped: ${excluded[*]:-none}$([[ $all -eq 1 ]] && echo ', but --all'))"

# clang-tidy prints "N warnings generated." for the warnings it then drops as
# not ours; run-clang-tidy colours its output even into a pipe.
filter() { sed -u -e '/^[0-9]* warnings\{0,1\} generated\.$/d' -e 's/\x1b\[[0-9;]*m//g'; }

status=0
if [[ -n $run_clang_tidy ]]; then
    # run-clang-tidy takes regular expressions: match these files exactly.
    regexes=()
    for file in "${files[@]}"; do
        regexes+=("^$(printf '%s' "$file" | sed 's/[][\.*^$+?(){}|]/\\&/g')\$")
    done
    echo "+ $run_clang_tidy -p $build_dir -j $jobs -quiet <${#files[@]} sources>"
    "$run_clang_tidy" -clang-tidy-binary "$(command -v "$clang_tidy")" -p "$build_dir" \
        -j "$jobs" -quiet "${regexes[@]}" 2>&1 | filter || status=$?
else
    for file in "${files[@]}"; do
        echo "+ $clang_tidy -p $build_dir --quiet ${file#"$root"/}"
        "$clang_tidy" -p "$build_dir" --quiet "$file" 2>&1 | filter || status=1
    done
fi

if [[ $status -ne 0 ]]; then
    echo "tidy.sh: clang-tidy found problems (see above)" >&2
    exit 1
fi
echo "tidy.sh: no findings"
