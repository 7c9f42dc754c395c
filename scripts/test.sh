#!/usr/bin/env bash
# Builds sparsereg and runs its test suite with CTest.
#
#   scripts/test.sh              Release build in ./build (the one setup.sh makes)
#   scripts/test.sh --sanitize   Debug build (-O1) with AddressSanitizer and
#                                UndefinedBehaviorSanitizer in ./build-sanitize
#                                (benchmarks not built)
#   scripts/test.sh --tsan       RelWithDebInfo build with ThreadSanitizer in
#                                ./build-tsan, running the tests of every
#                                parallel code path (below); what CI runs
#   scripts/test.sh --tsan --full  the same build, the whole suite (~4x longer)
#
# The Release build also runs the Python package's tests (tests/python, pytest,
# with Debian's /usr/bin/python3 or $SPARSEREG_PYTHON) against build/python and
# build/sparsereg. They are skipped, with a warning, only when the package was
# not configured (no pybind11) or numpy/scipy/scikit-learn/pytest are missing
# (scripts/install-deps.sh --minimal); a run that collects no tests fails.
# Sanitizer builds never build the Python package.
#
# Extra ASAN_OPTIONS / UBSAN_OPTIONS / TSAN_OPTIONS from the environment are
# appended to ours and win. In a container where LeakSanitizer cannot run (it
# needs to ptrace the process; it fails under gdb/strace or without
# CAP_SYS_PTRACE), add ASAN_OPTIONS=detect_leaks=0.
#
# Under --tsan, the tests of the parallel code are the GoogleTest suites
# Executor (src/parallel), Solvers/Determinism (coordinate descent and FISTA,
# both families, float and double, 1/2/8 threads), CrossValidation and Folds
# (folds fitted in parallel, each fit parallel inside), and every test whose
# name says Thread(s): the data layer (CSC transpose, column statistics, CSR
# validation), the parallel svmlight / Matrix Market parsers, and the path on
# any thread count. Together they reach every call of the executor; the rest of
# the suite runs the same loops again, on other data. TSan's false positives
# inside Debian's uninstrumented oneTBB are suppressed in tests/tsan.supp.
#
# Works from any directory: it changes to the repository root first.
set -euo pipefail

sanitize=0
tsan=0
full=0
for arg in "$@"; do
    case "$arg" in
        --sanitize) sanitize=1 ;;
        --tsan) tsan=1 ;;
        --full) full=1 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "test.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

if [[ $sanitize -eq 1 && $tsan -eq 1 ]]; then
    echo "test.sh: --sanitize and --tsan cannot be combined (ASan and TSan exclude each other)" >&2
    exit 2
fi
if [[ $full -eq 1 && $tsan -eq 0 ]]; then
    echo "test.sh: --full goes with --tsan (the other builds always run everything)" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=$(nproc 2>/dev/null || echo 2)

run() { echo "+ $*"; "$@"; }
source scripts/cmake-generator.sh

build_args=()
ctest_args=()

if [[ $sanitize -eq 1 ]]; then
    build_dir=build-sanitize
    # Debug (assertions on) at -O1: sanitizers stay exact, and the numeric
    # tests run ~3x faster than at -O0, which keeps CI inside its budget.
    # -g1 (line tables, inlined frames, no local variables) is all a report's
    # stack trace needs, and compiles ~30% faster than -g.
    configure=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g1 -O1"
               "-DSPARSEREG_SANITIZE=address;undefined" -DSPARSEREG_BUILD_BENCH=OFF)
    # Stop at the first report with a stack trace, so CTest shows the failure
    # and its cause; -fno-sanitize-recover=all already makes UBSan fatal.
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
    echo "ASAN_OPTIONS=$ASAN_OPTIONS"
    echo "UBSAN_OPTIONS=$UBSAN_OPTIONS"
elif [[ $tsan -eq 1 ]]; then
    build_dir=build-tsan
    # -O2 -g1: optimized enough that the suite runs in CI time under TSan's
    # slowdown, with line numbers in reports. (Assertions are checked by the
    # --sanitize build.)
    configure=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
               -DSPARSEREG_SANITIZE=thread
               -DSPARSEREG_BUILD_BENCH=OFF)
    # halt_on_error=1: the first race fails its test (TSan's exit code 66).
    # The suppressions cover only races TSan reports inside Debian's
    # uninstrumented libtbb; tests/tsan.supp says why each is a false positive.
    # They match a report by the stacks of both accesses, so the earlier
    # access's stack must still be in its thread's history: history_size=7
    # (TSan's largest, 4 M accesses a thread). At 4, oneTBB's fold_tree
    # reading its tree node on the caller's stack was lost from a worker's
    # history in one ctest run of three under load, and the report (against
    # a later frame at the same address) failed SupportNewtonForm; 7 cost
    # nothing measurable (49.5 s vs 48.9-51.6 s, 1.14 vs 1.17 GB).
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=7:suppressions=$PWD/tests/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
    echo "TSAN_OPTIONS=$TSAN_OPTIONS"
    if [[ $full -eq 0 ]]; then
        # The tests of the parallel code (see the top); they are all in
        # sparsereg_tests, so the CLI and fuzz targets are not built, and
        # neither are the test files that name none of them.
        build_args=(--target sparsereg_tests)
        ctest_args=(-R '^(Executor|Solvers/Determinism|CrossValidation|Folds)\.|Thread')
        configure+=("-DSPARSEREG_TEST_FILES_MATCHING=Executor|Determinism|CrossValidation|Folds|Thread")
    else
        configure+=(-DSPARSEREG_TEST_FILES_MATCHING=)
    fi
else
    build_dir=build
    configure=(-DCMAKE_BUILD_TYPE=Release)
fi

run cmake -S . -B "$build_dir" "${configure[@]}"
run cmake --build "$build_dir" --parallel "$jobs" "${build_args[@]}"
run ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 "${ctest_args[@]}"

if [[ $sanitize -eq 0 && $tsan -eq 0 ]]; then
    python=${SPARSEREG_PYTHON:-/usr/bin/python3}
    if [[ ! -f $build_dir/python/sparsereg/__init__.py ]]; then
        echo "test.sh: WARNING: the Python package was not configured in $build_dir (pybind11-dev and" \
             "python3-dev missing? scripts/install-deps.sh installs them): Python tests NOT run" >&2
    elif ! "$python" -c 'import numpy, scipy, sklearn, pytest' 2>/dev/null; then
        echo "test.sh: WARNING: $python lacks numpy, scipy, scikit-learn or pytest" \
             "(scripts/install-deps.sh without --minimal installs them): Python tests NOT run" >&2
    else
        status=0
        run env PYTHONPATH="$PWD/$build_dir/python" SPARSEREG_CLI="$PWD/$build_dir/sparsereg" \
            PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -q -p no:cacheprovider --durations=5 \
            tests/python || status=$?
        if [[ $status -eq 5 ]]; then
            echo "test.sh: pytest collected no tests in tests/python: failing" >&2
            exit 1
        elif [[ $status -ne 0 ]]; then
            echo "test.sh: Python tests failed (pytest exit $status)" >&2
            exit "$status"
        fi
    fi
fi
