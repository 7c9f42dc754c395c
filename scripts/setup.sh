#!/usr/bin/env bash
# From a fresh clone to a first result: installs the system packages (see
# scripts/install-deps.sh), builds sparsereg in ./build (Release) with every
# core, and fits a regularization path on a bundled data set.
#
#   scripts/setup.sh             everything, including the R glmnet and
#                                scikit-learn references used by the benchmarks
#   scripts/setup.sh --minimal   skip R and Python; library, CLI and tests only
#
# Works from any directory: it changes to the repository root first.
set -euo pipefail

deps_args=()
for arg in "$@"; do
    case "$arg" in
        --minimal) deps_args+=(--minimal) ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=$(nproc 2>/dev/null || echo 2)

run() { echo "+ $*"; "$@"; }
source scripts/cmake-generator.sh

run bash scripts/install-deps.sh "${deps_args[@]}"
run cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
run cmake --build build --parallel "$jobs"
# The main job: a certified Lasso path of logistic regression on a sparse
# text data set (RCV1 documents, 1,000 x 47,117).
run mkdir -p results
run build/sparsereg path --data datasets/rcv1_vw_small_train.binary.svm.xz --family binomial \
    --out results/rcv1
