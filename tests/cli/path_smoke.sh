#!/usr/bin/env bash
# Smoke test of `sparsereg path`, run by CTest:
#   path_smoke.sh SPARSEREG DATASETS_DIR
# SPARSEREG is the executable, or the directory that holds `sparsereg`.
# Fits a binomial and a gaussian path on bundled data sets and checks the
# files it writes (exact headers, row counts that agree with the summary,
# every λ converged), then checks that bad input ends as one
# "sparsereg: error: ..." line with a non-zero exit and writes nothing.
source "$(dirname "$0")/smoke_common.sh"


# check_run NAME P EXPECTED_FAMILY ARGS...: a successful run and its three files.
check_run() {
    local name="$1" p="$2" family="$3"
    shift 3
    local prefix="$work/$name"
    "$sparsereg" path "$@" --out "$prefix" >"$work/$name.stdout" 2>"$work/$name.stderr"
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        fail "$name: exit $rc: $(cat "$work/$name.stderr")"
        return
    fi
    # Progress goes to stderr only on a terminal; under CTest it must stay quiet.
    [[ -s "$work/$name.stderr" ]] && fail "$name: unexpected stderr: $(cat "$work/$name.stderr")"
    for suffix in path.csv coef.csv summary.json; do
        [[ -f "$prefix.$suffix" ]] || { fail "$name: $prefix.$suffix not written"; return; }
    done

    local header
    header="$(head -n 1 "$prefix.path.csv")"
    [[ "$header" == "lambda,df,objective,dev_ratio,duality_gap,intercept,iterations,status" ]] ||
        fail "$name: path.csv header is '$header'"
    header="$(head -n 1 "$prefix.coef.csv")"
    [[ "$header" == "lambda_index,feature,value" ]] || fail "$name: coef.csv header is '$header'"

    local fitted requested rows
    fitted="$(json_value "$prefix.summary.json" n_lambdas_fitted)"
    requested="$(json_value "$prefix.summary.json" n_lambdas_requested)"
    rows=$(($(wc -l <"$prefix.path.csv") - 1))
    [[ -n "$fitted" && "$rows" -eq "$fitted" ]] ||
        fail "$name: path.csv has $rows rows but n_lambdas_fitted is '$fitted'"
    [[ "$fitted" -ge 1 && "$fitted" -le "$requested" ]] ||
        fail "$name: n_lambdas_fitted $fitted outside [1, $requested]"
    [[ "$(json_value "$prefix.summary.json" p)" == "$p" ]] || fail "$name: summary p is not $p"
    [[ "$(json_value "$prefix.summary.json" family)" == "$family" ]] ||
        fail "$name: summary family is not $family"
    [[ "$(json_value "$prefix.summary.json" status)" == "converged" ]] ||
        fail "$name: summary status is $(json_value "$prefix.summary.json" status)"

    # Every λ converged; λ decreasing; df matches the coefficient rows of its λ.
    awk -F, -v name="$name" -v coef="$prefix.coef.csv" '
        function complain() { bad = 1; if (++said > 5) exit 1 }
        BEGIN { while ((getline line < coef) > 0) { if (n++ == 0) continue;
                    split(line, f, ","); count[f[1]]++ } }
        NR == 1 { next }
        NF != 8 { complain(); printf "%s: path.csv line %d has %d fields\n", name, NR, NF }
        $8 != "converged" { complain(); printf "%s: lambda %d status %s\n", name, NR - 2, $8 }
        NR > 2 && !($1 < last) { complain(); printf "%s: lambda does not decrease at line %d\n", name, NR }
        $2 != count[NR - 2] + 0 { complain(); printf "%s: line %d df %s but %d coefficients\n", name, NR, $2, count[NR - 2] }
        { last = $1 }
        END { exit bad }' "$prefix.path.csv" >&2 || fail "$name: path.csv content"

    # Coefficient rows: lambda_index in [0, fitted), feature in the input numbering [1, p].
    awk -F, -v name="$name" -v fitted="$fitted" -v p="$p" '
        function complain() { bad = 1; if (++said > 5) exit 1 }
        NR == 1 { next }
        NF != 3 { complain(); printf "%s: coef.csv line %d has %d fields\n", name, NR, NF }
        $1 < 0 || $1 >= fitted || $1 != int($1) { complain(); printf "%s: coef.csv line %d: lambda_index %s\n", name, NR, $1 }
        $2 < 1 || $2 > p || $2 != int($2) { complain(); printf "%s: coef.csv line %d: feature %s\n", name, NR, $2 }
        END { exit bad }' "$prefix.coef.csv" >&2 || fail "$name: coef.csv content"
}

# check_error NAME PATTERN ARGS...: a failing run, one error line naming PATTERN, no files
# (--out is WORK/NAME unless ARGS give one).
check_error() {
    local name="$1" pattern="$2"
    shift 2
    local prefix="$work/$name"
    local out="$work/$name-stdout.txt" err="$work/$name-stderr.txt"
    local args=(--out "$prefix")
    for a in "$@"; do [[ "$a" == --out ]] && args=(); done
    "$sparsereg" path "${args[@]}" "$@" >"$out" 2>"$err"
    local rc=$?
    [[ $rc -ne 0 ]] || fail "$name: exit status 0"
    local lines
    lines=$(wc -l <"$err")
    [[ "$lines" -eq 1 ]] || fail "$name: $lines lines on stderr: $(cat "$err")"
    grep -q '^sparsereg: error: ' "$err" ||
        fail "$name: stderr does not start with 'sparsereg: error: ': $(cat "$err")"
    grep -q -- "$pattern" "$err" ||
        fail "$name: error does not mention '$pattern': $(cat "$err")"
    [[ -s "$out" ]] && fail "$name: unexpected stdout: $(cat "$out")"
    compgen -G "$prefix.*" >/dev/null && fail "$name: output files written despite the error"
}

check_run heart 13 binomial --data "$heart" --family binomial
grep -q '1 -> 1 (120 rows), -1 -> 0 (150 rows)' "$work/heart.stdout" ||
    fail "heart: stdout does not say which label became 1"
[[ "$(json_value "$work/heart.summary.json" positive_label)" == "1.0" ]] ||
    fail "heart: positive_label is not 1"

check_run diabetes 10 gaussian --data "$diabetes"
check_run diabetes_float_enet 10 gaussian --data "$diabetes" --float --alpha 0.5 --threads 1
[[ "$(json_value "$work/diabetes_float_enet.summary.json" value_type)" == "float" ]] ||
    fail "diabetes_float_enet: value_type is not float"
# Without --tol the tolerance follows alpha: 1e-9 with a ridge term, 1e-7 for the Lasso.
[[ "$(json_value "$work/diabetes_float_enet.summary.json" tol)" == "1e-09" ]] ||
    fail "diabetes_float_enet: default tol is not 1e-9 at alpha 0.5"
[[ "$(json_value "$work/diabetes.summary.json" tol)" == "1e-07" ]] ||
    fail "diabetes: default tol is not 1e-7 at alpha 1"
grep -q 'gap rule, tol 1e-09)' "$work/diabetes_float_enet.stdout" ||
    fail "diabetes_float_enet: stdout does not name tol 1e-09"

printf '# a user grid\n10\n1\n0.1\n' >"$work/grid.txt"
check_run diabetes_grid 10 gaussian --data "$diabetes" --lambdas "$work/grid.txt"
[[ "$(json_value "$work/diabetes_grid.summary.json" n_lambdas_fitted)" == "3" ]] ||
    fail "diabetes_grid: not 3 λ fitted"

# same_objectives NAME: NAME's path has heart's λ (to rounding: each run
# reaches the null model, whose gradient gives λ_max, by its own steps) and
# objectives (both certified to 1e-7).
same_objectives() {
    paste -d, "$work/heart.path.csv" "$work/$1.path.csv" | awk -F, '
        NR > 1 { d = ($3 - $11) / $3; if (d < 0) d = -d; l = ($1 - $9) / $1; if (l < 0) l = -l
                 if (d > 1e-6 || l > 1e-12) bad = 1 }
        END { exit bad }' || fail "$1: objectives differ from coordinate descent's defaults"
}
# FISTA reaches coordinate descent's objectives on the same grid.
check_run heart_fista 13 binomial --data "$heart" --family binomial --solver fista
[[ "$(json_value "$work/heart_fista.summary.json" solver)" == "fista" ]] ||
    fail "heart_fista: summary solver is not fista"
same_objectives heart_fista
# Coordinate descent without the strong rule, support Newton steps, Anderson
# extrapolation and secant starts: plain passes, the same optimum.
check_run heart_plain 13 binomial --data "$heart" --family binomial --no-screening --no-support-newton \
    --no-anderson --no-path-prediction
same_objectives heart_plain

# --verbose says how the fit runs on stderr; SPARSEREG_INSTRUCTION_SET picks the kernels.
SPARSEREG_INSTRUCTION_SET=scalar "$sparsereg" path --data "$diabetes" --verbose \
    --out "$work/verbose" >/dev/null 2>"$work/verbose.stderr" || fail "verbose: exit status"
grep -q 'coordinate descent on [0-9]* threads*, scalar kernels' "$work/verbose.stderr" ||
    fail "verbose: stderr does not name solver, threads and kernels: $(cat "$work/verbose.stderr")"
[[ "$(json_value "$work/verbose.summary.json" instruction_set)" == "scalar" ]] ||
    fail "verbose: summary instruction_set is not scalar"
if SPARSEREG_INSTRUCTION_SET=mmx "$sparsereg" --version >/dev/null 2>"$work/isa.stderr" ||
    ! grep -q 'SPARSEREG_INSTRUCTION_SET=mmx' "$work/isa.stderr"; then
    fail "an unknown SPARSEREG_INSTRUCTION_SET is not rejected by name"
fi

# Exhausted epochs: the partial path, a status, and a warning on stderr.
if "$sparsereg" path --data "$heart" --family binomial --max-epochs 3 --out "$work/exhausted" \
    >/dev/null 2>"$work/exhausted.stderr"; then
    grep -q '^sparsereg: warning: .*max_iterations.*--max-epochs' "$work/exhausted.stderr" ||
        fail "exhausted: no warning on stderr: $(cat "$work/exhausted.stderr")"
    [[ "$(json_value "$work/exhausted.summary.json" status)" == "max_iterations" ]] ||
        fail "exhausted: summary status is not max_iterations"
else
    fail "exhausted: exit status $?"
fi

check_error bad_alpha alpha --data "$diabetes" --alpha 2
check_error bad_solver solver --data "$diabetes" --solver newton
check_error missing_data does-not-exist --data "$work/does-not-exist.svm"
check_error missing_weights does-not-exist --data "$diabetes" --weights "$work/does-not-exist.txt"
check_error not_binary 'two' --data "$diabetes" --family binomial
printf '1\n2\n3\n' >"$work/three_weights.txt"
check_error weights_length 'weights' --data "$diabetes" --weights "$work/three_weights.txt"
check_error bad_family 'family' --data "$diabetes" --family poisson
check_error bad_positive_label 'positive-label' --data "$heart" --family binomial --positive-label 7
check_error bad_out_dir -- '--out' --data "$diabetes" --out "$work/no/such/dir/run"

finish
