#!/usr/bin/env bash
# Smoke test of `sparsereg cv`, run by CTest:
#   cv_smoke.sh SPARSEREG DATASETS_DIR
# Cross-validates on bundled data sets and checks the files it writes, that
# the model it writes predicts and plots, the α grid and validation modes, and
# that bad input ends as one "sparsereg: error: ..." line with a non-zero exit.
source "$(dirname "$0")/smoke_common.sh"

# k-fold on binomial data: every file, the choices on stdout, a usable model.
if "$sparsereg" cv --data "$heart" --family binomial --folds 5 --seed 7 --out "$work/heart" \
    >"$work/heart.stdout" 2>"$work/heart.stderr"; then
    for suffix in cv.csv cv.json model.json path.csv coef.csv foldid.txt; do
        [[ -s "$work/heart.$suffix" ]] || fail "heart: $suffix not written"
    done
    [[ "$(head -1 "$work/heart.cv.csv")" == "lambda,mean,se,df" ]] || fail "heart: cv.csv header"
    [[ "$(wc -l <"$work/heart.foldid.txt")" -eq 270 ]] || fail "heart: foldid.txt is not one fold per row"
    [[ "$(sort -u "$work/heart.foldid.txt" | tr '\n' ' ')" == "1 2 3 4 5 " ]] || fail "heart: folds are not 1..5"
    grep -q '^lambda_min ' "$work/heart.stdout" || fail "heart: no lambda_min on stdout"
    grep -q '^lambda_1se ' "$work/heart.stdout" || fail "heart: no lambda_1se on stdout"
    [[ "$(json_value "$work/heart.cv.json" measure)" == "deviance" ]] || fail "heart: measure not deviance"
    [[ "$(json_value "$work/heart.cv.json" folds)" == "5" ]] || fail "heart: folds not 5"
    [[ "$(json_value "$work/heart.cv.json" tol)" == "1e-07" ]] || fail "heart: tol not 1e-7 at alpha 1"
    [[ -s "$work/heart.stderr" ]] && fail "heart: unexpected stderr: $(cat "$work/heart.stderr")"
    "$sparsereg" predict --model "$work/heart.model.json" --data "$heart" --type class \
        --out "$work/heart.pred" >"$work/predict.stdout" 2>&1 || fail "predict: $(cat "$work/predict.stdout")"
    [[ "$(wc -l <"$work/heart.pred")" -eq 270 ]] || fail "predict: not one prediction per row"
    [[ "$(sort -u "$work/heart.pred" | tr '\n' ' ')" == "-1 1 " ]] || fail "predict: classes are not the file's labels"
    grep -q 'auc' "$work/predict.stdout" || fail "predict: no AUC printed"
    "$sparsereg" plot cv "$work/heart" >/dev/null 2>&1 || fail "plot cv on cv's own output failed"
else
    fail "heart: exit status: $(cat "$work/heart.stderr")"
fi

# The same seed gives the same folds.
"$sparsereg" cv --data "$heart" --family binomial --folds 5 --seed 7 --out "$work/again" >/dev/null 2>&1
cmp -s "$work/heart.foldid.txt" "$work/again.foldid.txt" || fail "seed 7 twice gave different folds"
cmp -s "$work/heart.cv.csv" "$work/again.cv.csv" || fail "seed 7 twice gave different curves"

# An α grid: every α in cv_alphas.csv, the best in cv.json.
if "$sparsereg" cv --data "$heart" --family binomial --alphas 1,0.5,0.2 --measure auc \
    --select min --out "$work/alphas" >/dev/null 2>"$work/alphas.stderr"; then
    [[ "$(cut -d, -f1 "$work/alphas.cv_alphas.csv" | sort -u | grep -vc alpha)" -eq 3 ]] ||
        fail "alphas: cv_alphas.csv does not hold the 3 α"
    [[ "$(json_value "$work/alphas.cv.json" select)" == "min" ]] || fail "alphas: select is not min"
    alpha="$(json_value "$work/alphas.cv.json" alpha)"
    tol="$(json_value "$work/alphas.cv.json" tol)"
    [[ ("$alpha" == "1.0" && "$tol" == "1e-07") || ("$alpha" != "1.0" && "$tol" == "1e-09") ]] ||
        fail "alphas: tol $tol does not follow the chosen alpha $alpha"
else
    fail "alphas: $(cat "$work/alphas.stderr")"
fi

# Validation mode on gaussian data.
if "$sparsereg" cv --data "$diabetes" --validation "$diabetes" --patience 3 --measure mae \
    --out "$work/valid" >/dev/null 2>"$work/valid.stderr"; then
    [[ "$(json_value "$work/valid.cv.json" mode)" == "validation" ]] || fail "validation: mode"
else
    fail "validation: $(cat "$work/valid.stderr")"
fi

# check_error NAME PATTERN ARGS...: one error line naming PATTERN, no model written.
check_error() {
    local name="$1" pattern="$2"
    shift 2
    "$sparsereg" cv "$@" --out "$work/$name" >/dev/null 2>"$work/$name.err" && fail "$name: exit status 0"
    [[ "$(wc -l <"$work/$name.err")" -eq 1 ]] || fail "$name: not one line: $(cat "$work/$name.err")"
    grep -q "^sparsereg: error: .*$pattern" "$work/$name.err" || fail "$name: no '$pattern': $(cat "$work/$name.err")"
    [[ -e "$work/$name.model.json" ]] && fail "$name: a model was written"
}
printf '1\n2\n1\n' >"$work/short_foldid.txt"
check_error short_foldid 'foldid' --data "$heart" --family binomial --foldid "$work/short_foldid.txt"
check_error auc_gaussian 'measure' --data "$diabetes" --measure auc
check_error one_fold 'folds' --data "$diabetes" --folds 1
check_error bad_alphas 'alphas' --data "$diabetes" --alphas 1,3
check_error alpha_and_alphas "excludes" --data "$heart" --family binomial --alpha 0.5 --alphas 1,0.5

finish
