#!/usr/bin/env bash
# Smoke test of `sparsereg predict`, run by CTest:
#   predict_smoke.sh SPARSEREG DATASETS_DIR
# SPARSEREG is the executable, or the directory that holds `sparsereg`.
# Writes model files by hand (the format is documented in README "Model files"),
# predicts on bundled data sets, checks the predictions against values worked
# out here with awk and the measures printed, then checks that bad input ends
# as one "sparsereg: error: ..." line with a non-zero exit.
source "$(dirname "$0")/smoke_common.sh"

# model_json FILE FAMILY N_FEATURES LABELS FITS: a model file; LABELS is the
# "labels" member with its trailing comma, or empty.
model_json() {
    cat >"$1" <<EOF
{
  "format": "sparsereg-model",
  "format_version": 1,
  "family": "$2",
  "alpha": 1.0,
  "standardize": true,
  "intercept": true,
  "n_features": $3,
  "feature_base": 1,
  $4
  "selection": "written by predict_smoke.sh",
  "fits": [
$5
  ]
}
EOF
}

heart_fits='    {"lambda": 0.1, "intercept": -0.25, "features": [3, 12, 13], "coefficients": [0.5, -1.25, 1.0]},
    {"lambda": 0.01, "intercept": -0.5, "features": [1, 3, 13], "coefficients": [0.25, 0.75, 2.0]}'
model_json "$work/heart.json" binomial 13 '"labels": {"negative": -1.0, "positive": 1.0},' "$heart_fits"
xz -dc "$heart" >"$work/heart.svm"
rows=$(wc -l <"$work/heart.svm")

# --- Binomial: predictions to a file, measures on stdout ----------------------------
if "$sparsereg" predict --model "$work/heart.json" --data "$heart" --type link \
    --out "$work/heart.link" >"$work/heart.stdout" 2>"$work/heart.stderr"; then
    [[ -s "$work/heart.stderr" ]] && fail "heart: unexpected stderr: $(cat "$work/heart.stderr")"
    [[ "$(wc -l <"$work/heart.link")" -eq "$rows" ]] ||
        fail "heart: $(wc -l <"$work/heart.link") predictions for $rows rows"
    for measure in accuracy auc deviance; do
        grep -Eq "^$measure +[0-9.e+-]+$" "$work/heart.stdout" ||
            fail "heart: no $measure on stdout: $(cat "$work/heart.stdout")"
    done
    grep -Eq "^rows +$rows$" "$work/heart.stdout" || fail "heart: rows not $rows"
    # η = b0 + xᵀβ of the first fit, recomputed from the svmlight text.
    paste -d' ' "$work/heart.link" "$work/heart.svm" | awk '
        { eta = -0.25
          for (k = 3; k <= NF; k++) { split($k, f, ":")
              if (f[1] == 3) eta += 0.5 * f[2]; if (f[1] == 12) eta -= 1.25 * f[2]; if (f[1] == 13) eta += f[2] }
          d = $1 - eta; if (d < 0) d = -d; if (d > 1e-12) { print "row " NR ": " $1 " vs " eta; bad = 1 } }
        END { exit bad }' >&2 || fail "heart: link predictions differ from b0 + x'b"
else
    fail "heart: exit status: $(cat "$work/heart.stderr")"
fi

# Classes are the file's own labels; to stdout, with the measures on stderr.
if "$sparsereg" predict --model "$work/heart.json" --data "$heart" --type class --lambda 0.05 \
    >"$work/class.stdout" 2>"$work/class.stderr"; then
    [[ "$(wc -l <"$work/class.stdout")" -eq "$rows" ]] || fail "class: not $rows lines"
    grep -vqxE -- '-1|1' "$work/class.stdout" && fail "class: a prediction that is not -1 or 1"
    grep -Eq '^accuracy +0\.[0-9]+$' "$work/class.stderr" ||
        fail "class: no accuracy on stderr: $(cat "$work/class.stderr")"
    grep -Eq '^lambda +0\.05$' "$work/class.stderr" || fail "class: lambda 0.05 not reported"
else
    fail "class: exit status: $(cat "$work/class.stderr")"
fi

# Probabilities are in (0, 1).
"$sparsereg" predict --model "$work/heart.json" --data "$heart" >"$work/prob.stdout" 2>/dev/null ||
    fail "response: exit status"
awk '!($1 > 0 && $1 < 1) { bad = 1 } END { exit bad || NR == 0 }' "$work/prob.stdout" ||
    fail "response: a probability outside (0, 1)"

# --- Gaussian: MSE, MAE and deviance ---------------------------------------------------
model_json "$work/diabetes.json" gaussian 10 "" \
    '    {"lambda": 2.5, "intercept": 152.0, "features": [3, 9], "coefficients": [500.0, 400.0]}'
if "$sparsereg" predict --model "$work/diabetes.json" --data "$diabetes" --out "$work/diabetes.pred" \
    >"$work/diabetes.stdout" 2>"$work/diabetes.stderr"; then
    [[ "$(wc -l <"$work/diabetes.pred")" -eq 442 ]] || fail "diabetes: not 442 predictions"
    for measure in mse mae deviance; do
        grep -Eq "^$measure +[0-9.e+-]+$" "$work/diabetes.stdout" || fail "diabetes: no $measure"
    done
    mse=$(awk '$1 == "mse" { print $2 }' "$work/diabetes.stdout")
    deviance=$(awk '$1 == "deviance" { print $2 }' "$work/diabetes.stdout")
    [[ -n "$mse" && "$mse" == "$deviance" ]] || fail "diabetes: deviance $deviance is not the mse $mse"
else
    fail "diabetes: exit status: $(cat "$work/diabetes.stderr")"
fi

# --- Errors: one line, naming the file or option ------------------------------------------
check_error() {
    local name="$1" pattern="$2"
    shift 2
    local out="$work/$name.out" err="$work/$name.err"
    "$sparsereg" predict "$@" >"$out" 2>"$err"
    local rc=$?
    [[ $rc -ne 0 ]] || fail "$name: exit status 0"
    [[ "$(wc -l <"$err")" -eq 1 ]] || fail "$name: not one line on stderr: $(cat "$err")"
    grep -q '^sparsereg: error: ' "$err" || fail "$name: stderr: $(cat "$err")"
    grep -q -- "$pattern" "$err" || fail "$name: error does not mention '$pattern': $(cat "$err")"
    [[ -s "$out" ]] && fail "$name: unexpected stdout: $(cat "$out")"
}

printf '{"format": "sparsereg-model",\n "fits": [}\n' >"$work/broken.json"
check_error not_json 'broken.json:2:' --model "$work/broken.json" --data "$heart"
sed 's/"lambda": 0.01/"lambda": 0.5/' "$work/heart.json" >"$work/increasing.json"
check_error lambda_order 'increasing.json: fits\[1\].lambda = 0.5' --model "$work/increasing.json" --data "$heart"
# A model fitted on 10 features cannot take heart's 13.
model_json "$work/ten.json" binomial 10 "" \
    '    {"lambda": 0.1, "intercept": 0.0, "features": [3], "coefficients": [1.0]}'
check_error feature_count 'beyond the 10 features the model' --model "$work/ten.json" --data "$heart"
check_error class_gaussian '--type' --model "$work/diabetes.json" --data "$diabetes" --type class
check_error labels_mismatch 'label 151' --model "$work/heart.json" --data "$diabetes"
check_error bad_lambda '--lambda' --model "$work/heart.json" --data "$heart" --lambda 0
check_error no_model 'model' --data "$heart"

finish
