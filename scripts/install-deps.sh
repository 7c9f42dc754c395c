#!/usr/bin/env bash
# Installs the Debian 12 packages sparsereg needs, skipping those already present,
# so a second run is quick and needs no network.
#
#   scripts/install-deps.sh            library, CLI, tests, benchmarks, the
#                                      Python package and its tests (numpy, scipy,
#                                      scikit-learn, pytest), the
#                                      R glmnet / scikit-learn references that the
#                                      benchmarks and reference tests compare against,
#                                      clang with libFuzzer (scripts/fuzz.sh) and
#                                      clang-tidy (scripts/tidy.sh)
#   scripts/install-deps.sh --minimal  library, CLI, tests and benchmarks only (and
#                                      pybind11 + Python headers, so the Python
#                                      extension still builds; its tests are skipped)
#
# Runs apt-get as root, or through sudo when run as another user.
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

minimal=0
for arg in "$@"; do
    case "$arg" in
        --minimal) minimal=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install-deps.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

packages=(
    build-essential cmake ninja-build pkg-config
    libxsimd-dev libtbb-dev libeigen3-dev
    libbenchmark-dev libgtest-dev
    libcli11-dev nlohmann-json3-dev libfast-float-dev
    zlib1g-dev libbz2-dev liblzma-dev xz-utils
    # The Python extension (src/python/) builds with every configuration.
    pybind11-dev python3-dev python3-numpy
)
if [[ $minimal -eq 0 ]]; then
    packages+=(r-base-core r-cran-glmnet r-cran-matrix python3-sklearn)
    # The Python package's estimators and tests (tests/python, run by scripts/test.sh).
    packages+=(python3-pybind11 python3-scipy python3-pytest)
    # clang 14 (Debian 12's default) and its runtimes: libFuzzer, ASan, UBSan.
    packages+=(clang libclang-rt-14-dev)
    # clang-tidy for scripts/tidy.sh (static analysis, run by CI).
    packages+=(clang-tidy)
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps.sh: this script needs a Debian-based system (apt-get, dpkg-query)." >&2
    echo "Install these packages (or their equivalents) yourself: ${packages[*]}" >&2
    exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps.sh: all ${#packages[@]} packages are already installed."
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-deps.sh: need root to install: ${missing[*]}" >&2
    echo "Run this script as root, or install sudo." >&2
    exit 1
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# env passes DEBIAN_FRONTEND through sudo, which resets the environment by default.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
