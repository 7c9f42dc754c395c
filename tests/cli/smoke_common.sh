# Shared by the CLI smoke tests (tests/cli/*_smoke.sh), which source it:
#   NAME_smoke.sh SPARSEREG|BIN_DIR DATASETS_DIR
# Sets $sparsereg (the executable), $datasets, $heart and $diabetes (bundled
# data sets), $work (a temporary folder removed on exit) and $failures, and
# defines fail, json_value and finish.
set -u

if [[ $# -ne 2 ]]; then
    echo "usage: $0 SPARSEREG|BIN_DIR DATASETS_DIR" >&2
    exit 2
fi
sparsereg="$1"
[[ -d "$sparsereg" ]] && sparsereg="$sparsereg/sparsereg"
datasets="$2"
heart="$datasets/heart_scale.binary.svm.xz"
diabetes="$datasets/diabetes.regression.svm.xz"
for f in "$sparsereg" "$heart" "$diabetes"; do
    [[ -e "$f" ]] || { echo "missing: $f" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The value of a top-level key in a JSON file written by nlohmann's dump(2)
# (one key a line).
json_value() {
    sed -n "s/^  \"$2\": \(.*\)$/\1/p" "$1" | sed 's/,$//; s/^"//; s/"$//'
}

# The exit of every smoke test: the number of failed checks decides.
finish() {
    local name
    name="$(basename "$0" .sh)"
    if [[ $failures -ne 0 ]]; then
        echo "$name: $failures check(s) failed" >&2
        exit 1
    fi
    echo "$name: all checks passed"
}
