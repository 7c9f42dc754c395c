#!/usr/bin/python3
"""sparsereg's Python package against scikit-learn, same data, same λ grid, one run.

    PYTHONPATH=build/python /usr/bin/python3 bench/sklearn_race.py [--datasets DIR]
        [--sets news20,finefoods] [--nlambda 20] [--ratio 0.01] [--repeats 1]
        [--threads 0] [--out results/sklearn_race]

For each data set (news20 bigram tf-idf, 11,314 × 385,513; finefoods tf-idf,
4,000 × 13,211; the larger label is 1) and each problem, both tools fit the same
grid of `--nlambda` λ, log-spaced from λ_max down to `--ratio` × λ_max,
unstandardized (scikit-learn does not standardize):

  logistic, no intercept   sparsereg.path(fit_intercept=False) vs scikit-learn
                           LogisticRegression(penalty="l1", solver="liblinear",
                           fit_intercept=False), one fit per λ (liblinear penalizes
                           an intercept, so neither has one)
  logistic, intercept      sparsereg.path vs LogisticRegression(penalty="l1",
                           solver="saga", warm_start=True) along the grid
  least squares, α = 1     sparsereg.path(fit_intercept=False) vs
  and α = 0.5              sklearn.linear_model.enet_path (no intercept either)
                           on the ±1 label as a response

sparsereg runs twice: at its default (certified relative duality gap ≤ 1e-7
at every λ, 1e-9 with α < 1, on --threads threads, default 0: all cores; scikit-learn's
solvers here use one) and with glmnet's stopping rule (stopping="glmnet",
tol=1e-7), which is what glmnet users compare against; scikit-learn runs at
its defaults (tol 1e-4, max_iter 100 for saga, 1000 for enet_path), which is
what its users get, and its ConvergenceWarnings are counted.

Objective: one function, written below from the README's formula
(1/(2n) Σ (y − b0 − Xβ)² or −1/n Σ [y η − log(1 + e^η)], plus
λ [(1−α)/2 ‖β‖² + α ‖β‖₁]), judges every solution at every λ of the grid
(scikit-learn's C = 1/(n λ); enet_path's alpha = λ, l1_ratio = α).
Reported: fit time (seconds, wall clock, median of --repeats; data already in
memory), time ratio scikit-learn / sparsereg (above 1: sparsereg faster), and
the relative objective difference (sparsereg − scikit-learn) / |scikit-learn|
per λ: max, median, and at how many λ sparsereg is lower.

Writes OUT/race.md (the table), OUT/race.csv (one row per case) and
OUT/lambda.csv (per λ: every tool's objective).
"""

from __future__ import annotations

import argparse
import csv
import os
import pathlib
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, enet_path

import sparsereg

SETS = {
    "news20": "news20_bydate_tfidf_bigram_train.binary.svm.xz",
    "finefoods": "finefoods_tfidf_train.binary.svm.xz",
}


def objective(X, y, coef, intercept, lam, alpha, family):
    eta = X @ coef + intercept
    if family == "gaussian":
        loss = 0.5 * np.mean((y - eta) ** 2)
    else:
        loss = -np.mean(y * eta - np.logaddexp(0.0, eta))
    return loss + lam * ((1 - alpha) / 2 * np.sum(coef ** 2) + alpha * np.sum(np.abs(coef)))


def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def grid(X, y, family, alpha, intercept, nlambda, ratio):
    """λ_max of the problem (sparsereg's, a zero-cost fit at one λ) down to ratio × λ_max."""
    first = sparsereg.path(X, y, family=family, alpha=alpha, standardize=False,
                           fit_intercept=intercept, n_lambda=1)
    return first.lambda_max * np.geomspace(1.0, ratio, nlambda)


def sparsereg_runs(X, y, family, alpha, intercept, lambdas, repeats, threads):
    runs = {}
    for name, options in (("sparsereg", {}),
                          ("sparsereg glmnet-rule", {"stopping": "glmnet"})):
        seconds, result = timed(lambda: sparsereg.path(
            X, y, family=family, alpha=alpha, standardize=False, fit_intercept=intercept,
            lambdas=lambdas, n_threads=threads, **options), repeats)
        coefs = [result.coef[:, k].toarray().ravel() for k in range(len(result.lambdas))]
        runs[name] = dict(seconds=seconds, coefs=coefs, intercepts=list(result.intercept),
                          warnings=sum(s != "converged" for s in result.status),
                          fitted=len(result.lambdas))
    return runs


def sklearn_logistic(X, y, lambdas, solver, intercept, repeats):
    n = X.shape[0]

    def fit_all():
        coefs, intercepts, caught = [], [], 0
        model = LogisticRegression(penalty="l1", solver=solver, fit_intercept=intercept,
                                   warm_start=solver == "saga", random_state=0)
        for lam in lambdas:
            model.set_params(C=1.0 / (n * lam))
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always", ConvergenceWarning)
                model.fit(X, y)
            caught += sum(issubclass(x.category, ConvergenceWarning) for x in w)
            coefs.append(model.coef_.ravel().copy())
            intercepts.append(float(model.intercept_[0]) if intercept else 0.0)
        return coefs, intercepts, caught

    seconds, (coefs, intercepts, caught) = timed(fit_all, repeats)
    return dict(seconds=seconds, coefs=coefs, intercepts=intercepts, warnings=caught,
                fitted=len(lambdas))


def sklearn_enet_path(X, y, lambdas, alpha, repeats):
    def fit():
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always", ConvergenceWarning)
            _, coefs, _ = enet_path(X, y, l1_ratio=alpha, alphas=lambdas)
        return coefs, sum(issubclass(x.category, ConvergenceWarning) for x in w)

    seconds, (coefs, caught) = timed(fit, repeats)
    return dict(seconds=seconds, coefs=[coefs[:, k] for k in range(coefs.shape[1])],
                intercepts=[0.0] * len(lambdas), warnings=caught, fitted=len(lambdas))


def compare(X, y01, lambdas, alpha, family, ours, theirs):
    diffs, rows = [], []
    for k, lam in enumerate(lambdas[: min(ours["fitted"], theirs["fitted"])]):
        f_ours = objective(X, y01, ours["coefs"][k], ours["intercepts"][k], lam, alpha, family)
        f_theirs = objective(X, y01, theirs["coefs"][k], theirs["intercepts"][k], lam, alpha,
                             family)
        diffs.append((f_ours - f_theirs) / abs(f_theirs))
        rows.append((k, lam, f_ours, f_theirs))
    diffs = np.array(diffs)
    return dict(max=float(diffs.max()), median=float(np.median(diffs)),
                lower=int(np.sum(diffs <= 0)), n=len(diffs)), rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = pathlib.Path(__file__).resolve().parents[1]
    parser.add_argument("--datasets", default=str(root.parent / "shared" / "datasets"))
    parser.add_argument("--sets", default="news20,finefoods")
    parser.add_argument("--nlambda", type=int, default=20)
    parser.add_argument("--ratio", type=float, default=0.01)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="sparsereg's (0: all cores)")
    parser.add_argument("--out", default=str(root / "results" / "sklearn_race"))
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    print(f"sparsereg {sparsereg.__version__} ({sparsereg.instruction_set()}), "
          f"scikit-learn {__import__('sklearn').__version__}, {os.cpu_count()} cores, sparsereg "
          f"on {args.threads or os.cpu_count()} threads; "
          f"{args.nlambda} λ from λ_max to {args.ratio} λ_max", flush=True)
    cases, lambda_rows = [], []
    for set_name in args.sets.split(","):
        file = pathlib.Path(args.datasets) / SETS[set_name]
        start = time.perf_counter()
        X, labels = sparsereg.load_svmlight_file(file)
        print(f"\n{set_name}: {X.shape[0]:,} × {X.shape[1]:,}, {X.nnz:,} nonzeros, read in "
              f"{time.perf_counter() - start:.2f} s", flush=True)
        y01 = (labels == labels.max()).astype(np.float64)
        ypm = 2 * y01 - 1

        problems = [
            ("logistic, no intercept", "binomial", 1.0, False, y01,
             lambda lam: sklearn_logistic(X, y01, lam, "liblinear", False, args.repeats),
             "LogisticRegression liblinear"),
            ("logistic, intercept", "binomial", 1.0, True, y01,
             lambda lam: sklearn_logistic(X, y01, lam, "saga", True, args.repeats),
             "LogisticRegression saga"),
            ("least squares α=1", "gaussian", 1.0, False, ypm,
             lambda lam: sklearn_enet_path(X, ypm, lam, 1.0, args.repeats), "enet_path"),
            ("least squares α=0.5", "gaussian", 0.5, False, ypm,
             lambda lam: sklearn_enet_path(X, ypm, lam, 0.5, args.repeats), "enet_path"),
        ]
        for problem, family, alpha, intercept, y, sklearn_fit, sklearn_name in problems:
            lambdas = grid(X, y, family, alpha, intercept, args.nlambda, args.ratio)
            ours = sparsereg_runs(X, y, family, alpha, intercept, lambdas, args.repeats,
                                  args.threads)
            theirs = sklearn_fit(lambdas)
            for our_name, run in ours.items():
                diff, rows = compare(X, y, lambdas, alpha, family, run, theirs)
                case = dict(set=set_name, problem=problem, sparsereg=our_name,
                            sklearn=sklearn_name, sparsereg_seconds=run["seconds"],
                            sklearn_seconds=theirs["seconds"],
                            ratio=theirs["seconds"] / run["seconds"],
                            diff_max=diff["max"], diff_median=diff["median"],
                            lower=diff["lower"], n=diff["n"],
                            sparsereg_unconverged=run["warnings"],
                            sklearn_convergence_warnings=theirs["warnings"])
                cases.append(case)
                for k, lam, f_ours, f_theirs in rows:
                    lambda_rows.append((set_name, problem, our_name, k, lam, f_ours, f_theirs))
                print(f"  {problem:24s} {our_name:22s} {run['seconds']:8.2f} s | "
                      f"{sklearn_name:29s} {theirs['seconds']:8.2f} s | ratio "
                      f"{case['ratio']:6.1f} | objective diff max {diff['max']:+.1e} median "
                      f"{diff['median']:+.1e}, lower at {diff['lower']}/{diff['n']} | "
                      f"sklearn warnings {theirs['warnings']}", flush=True)

    with open(out / "race.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(cases[0]))
        writer.writeheader()
        writer.writerows(cases)
    with open(out / "lambda.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["set", "problem", "sparsereg", "lambda_index", "lambda",
                         "objective_sparsereg", "objective_sklearn"])
        writer.writerows(lambda_rows)
    lines = ["| data | problem | sparsereg (rule) | s | scikit-learn | s | ratio | "
             "objective diff max / median | sparsereg lower | sklearn ConvergenceWarnings |",
             "|---|---|---|---:|---|---:|---:|---|---|---:|"]
    for c in cases:
        lines.append(f"| {c['set']} | {c['problem']} | {c['sparsereg']} | "
                     f"{c['sparsereg_seconds']:.2f} | {c['sklearn']} | {c['sklearn_seconds']:.2f} | "
                     f"{c['ratio']:.1f} | {c['diff_max']:+.1e} / {c['diff_median']:+.1e} | "
                     f"{c['lower']}/{c['n']} | {c['sklearn_convergence_warnings']} |")
    (out / "race.md").write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
    print(f"\nwrote {out / 'race.md'}, {out / 'race.csv'}, {out / 'lambda.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
