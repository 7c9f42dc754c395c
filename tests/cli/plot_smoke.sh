#!/usr/bin/env bash
# Smoke test of `sparsereg plot`, run by CTest:
#   plot_smoke.sh SPARSEREG DATASETS_DIR
# SPARSEREG is the executable, or the directory that holds `sparsereg`.
# Fits a path on a bundled data set and plots it (each --xvar, with --label),
# plots a small cross-validation fixture, and checks that the SVGs are
# well-formed and hold what they should: one polyline per ever-nonzero
# feature; one point and one error bar per λ and two dashed lines. Then checks
# that bad input ends as one "sparsereg: error: ..." line and writes no SVG.
# Uses xmllint when installed (unless PLOT_SMOKE_NO_XMLLINT is set), a grep-level
# check otherwise; never rsvg-convert.
source "$(dirname "$0")/smoke_common.sh"

# count FILE PATTERN: the number of occurrences of an extended regex.
count() {
    grep -o -E -- "$2" "$1" | wc -l
}

# check_svg NAME FILE: an SVG document that is well-formed XML.
check_svg() {
    local name="$1" file="$2"
    [[ -s "$file" ]] || { fail "$name: $file not written"; return 1; }
    if [[ -z "${PLOT_SMOKE_NO_XMLLINT:-}" ]] && command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$file" 2>"$work/xmllint.txt" ||
            { fail "$name: not well-formed XML: $(head -n 3 "$work/xmllint.txt")"; return 1; }
    else
        # Without xmllint: one <svg ...> root that is closed, and no element
        # left open (every <tag> without "/>" has its </tag>).
        grep -q '<svg [^>]*xmlns="http://www.w3.org/2000/svg"' "$file" || fail "$name: no <svg> root"
        [[ "$(tail -n 1 "$file")" == "</svg>" ]] || fail "$name: does not end with </svg>"
        local tag opened closed
        for tag in svg g text title desc defs clipPath polyline circle; do
            opened=$(grep -o -E "<$tag( [^>]*[^/])?>" "$file" | wc -l)
            closed=$(count "$file" "</$tag>")
            [[ "$opened" -eq "$closed" ]] || fail "$name: $opened <$tag> but $closed </$tag>"
        done
        grep -q -E '&[^a-z#]|<[^a-zA-Z/?!]' "$file" && fail "$name: unescaped & or <"
    fi
    grep -q 'viewBox="0 0 800 560"' "$file" || fail "$name: no 800x560 viewBox"
    return 0
}

# check_error NAME PATTERN SVG ARGS...: a failing `sparsereg plot ARGS`: one
# error line naming PATTERN, nothing on stdout, and SVG not written.
check_error() {
    local name="$1" pattern="$2" svg="$3"
    shift 3
    local out="$work/$name-stdout.txt" err="$work/$name-stderr.txt"
    rm -f "$svg"
    "$sparsereg" plot "$@" >"$out" 2>"$err"
    local rc=$?
    [[ $rc -ne 0 ]] || fail "$name: exit status 0"
    local lines
    lines=$(wc -l <"$err")
    [[ "$lines" -eq 1 ]] || fail "$name: $lines lines on stderr: $(cat "$err")"
    grep -q '^sparsereg: error: ' "$err" ||
        fail "$name: stderr does not start with 'sparsereg: error: ': $(cat "$err")"
    grep -q -- "$pattern" "$err" || fail "$name: error does not mention '$pattern': $(cat "$err")"
    [[ -s "$out" ]] && fail "$name: unexpected stdout: $(cat "$out")"
    [[ -e "$svg" ]] && fail "$name: $svg written despite the error"
}

# --- plot path -------------------------------------------------------------------
"$sparsereg" path --data "$heart" --family binomial --out "$work/heart" >/dev/null 2>"$work/fit.txt" ||
    { echo "FAIL: sparsereg path: $(cat "$work/fit.txt")" >&2; exit 1; }
ever_nonzero=$(awk -F, 'NR > 1 { seen[$2] = 1 } END { print length(seen) }' "$work/heart.coef.csv")
[[ "$ever_nonzero" -ge 2 ]] || fail "heart: only $ever_nonzero features ever nonzero"

"$sparsereg" plot path "$work/heart" >"$work/plot.stdout" 2>"$work/plot.stderr" ||
    fail "plot path: exit status $?: $(cat "$work/plot.stderr")"
[[ -s "$work/plot.stderr" ]] && fail "plot path: unexpected stderr: $(cat "$work/plot.stderr")"
if check_svg "plot path" "$work/heart.path.svg"; then
    lines=$(count "$work/heart.path.svg" '<polyline class="coef"')
    [[ "$lines" -eq "$ever_nonzero" ]] ||
        fail "plot path: $lines coefficient lines for $ever_nonzero ever-nonzero features"
    for feature in $(awk -F, 'NR > 1 { print $2 }' "$work/heart.coef.csv" | sort -un); do
        grep -q "<title>feature $feature</title>" "$work/heart.path.svg" ||
            fail "plot path: no line for feature $feature"
    done
    grep -q '>Log Lambda</text>' "$work/heart.path.svg" || fail "plot path: no 'Log Lambda' axis title"
    grep -q '>Coefficients</text>' "$work/heart.path.svg" || fail "plot path: no 'Coefficients' axis title"
    grep -q 'class="zero-line"' "$work/heart.path.svg" || fail "plot path: no zero line"
    [[ $(count "$work/heart.path.svg" 'class="top-label"') -ge 3 ]] || fail "plot path: no df top axis"
fi

for xvar in norm dev; do
    "$sparsereg" plot path "$work/heart" --xvar "$xvar" --label --out "$work/heart-$xvar.svg" \
        >/dev/null 2>"$work/plot-$xvar.stderr" || fail "plot path --xvar $xvar: $(cat "$work/plot-$xvar.stderr")"
    if check_svg "plot path --xvar $xvar" "$work/heart-$xvar.svg"; then
        [[ $(count "$work/heart-$xvar.svg" '<polyline class="coef"') -eq "$ever_nonzero" ]] ||
            fail "plot path --xvar $xvar: wrong number of lines"
        [[ $(count "$work/heart-$xvar.svg" 'class="coef-label"') -eq "$ever_nonzero" ]] ||
            fail "plot path --xvar $xvar --label: wrong number of labels"
    fi
done
grep -q '>L1 Norm</text>' "$work/heart-norm.svg" || fail "plot path --xvar norm: no 'L1 Norm' title"
grep -q '>Fraction Deviance Explained</text>' "$work/heart-dev.svg" ||
    fail "plot path --xvar dev: no 'Fraction Deviance Explained' title"

# --- plot cv -----------------------------------------------------------------------
cat >"$work/fixture.cv.csv" <<'EOF'
lambda,mean,se,df
0.2,1.3863,0.0021,0
0.1,1.2,0.02,2
0.05,1.05,0.03,4
0.025,0.98,0.035,7
0.0125,0.97,0.04,9
0.00625,0.99,0.045,11
EOF
cat >"$work/fixture.cv.json" <<'EOF'
{"measure": "deviance", "family": "binomial", "alpha": 1, "folds": 10,
 "lambda_min": 0.0125, "lambda_1se": 0.05}
EOF
"$sparsereg" plot cv "$work/fixture" >/dev/null 2>"$work/cv.stderr" ||
    fail "plot cv: exit status: $(cat "$work/cv.stderr")"
if check_svg "plot cv" "$work/fixture.cv.svg"; then
    svg="$work/fixture.cv.svg"
    [[ $(count "$svg" '<circle class="cv-mean"') -eq 6 ]] || fail "plot cv: not 6 points"
    [[ $(count "$svg" '<path class="cv-se"') -eq 6 ]] || fail "plot cv: not 6 error bars"
    [[ $(count "$svg" 'class="lambda-(min|1se)"[^>]*stroke-dasharray') -eq 2 ]] ||
        fail "plot cv: not two dashed lines"
    grep -q '>Binomial Deviance</text>' "$svg" || fail "plot cv: no 'Binomial Deviance' axis title"
    grep -q '10-fold cross-validation' "$svg" || fail "plot cv: title does not name the folds"
fi

# --- errors ----------------------------------------------------------------------------
check_error missing_path "$work/nothing.path.csv" "$work/nothing.path.svg" path "$work/nothing"
printf 'lambda,mean,se,df\n0.1,1.2,0.02,2\n0.05,nan,0.03,4\n' >"$work/nan.cv.csv"
cp "$work/fixture.cv.json" "$work/nan.cv.json"
check_error nan_mean "nan.cv.csv:3:6: mean" "$work/nan.cv.svg" cv "$work/nan"
printf 'lambda,mean,se,df\n0.1,1.2,0.02,2\n-0.05,1.1,0.03,4\n' >"$work/negative.cv.csv"
cp "$work/fixture.cv.json" "$work/negative.cv.json"
check_error negative_lambda "negative.cv.csv:3:1: lambda" "$work/negative.cv.svg" cv "$work/negative"
printf 'lambda,dof,objective\n0.1,2,3\n' >"$work/header.path.csv"
cp "$work/heart.coef.csv" "$work/header.coef.csv"
check_error bad_header "header.path.csv:1:1: header lacks column 'df'" "$work/header.path.svg" \
    path "$work/header"
printf '{"measure": "class", "lambda_min": 0.01,\n "lambda_1se": }\n' >"$work/json.cv.json"
cp "$work/fixture.cv.csv" "$work/json.cv.csv"
check_error bad_json "json.cv.json:2:" "$work/json.cv.svg" cv "$work/json"
check_error bad_xvar "xvar" "$work/heart.path.svg" path "$work/heart" --xvar log

finish
