"""sparsereg.path: the whole regularization path, as glmnet() returns it."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from . import _core
from ._input import as_csr, as_vector, check_finite_y, check_y, python_names

_FAMILIES = ("gaussian", "binomial")


@dataclass
class PathResult:
    """One fit per λ, in grid order (λ decreasing).

    ``coef`` is a ``scipy.sparse.csc_matrix`` of shape (n_features, n_lambdas),
    glmnet's ``beta``: column k holds the coefficients at ``lambdas[k]`` on
    the original scale of X. ``objective`` is exactly what was minimized (see
    the README), ``duality_gap`` its absolute duality gap (NaN where undefined:
    with unpenalized features, where KKT certifies instead),
    ``relative_gap`` = duality_gap / objective. ``status`` is "converged",
    "max_iterations" or "stalled" per λ. For binomial, ``classes`` holds the
    two labels, the second the one coded 1.
    """

    family: str
    alpha: float
    lambdas: np.ndarray
    coef: sp.csc_matrix
    intercept: np.ndarray
    df: np.ndarray
    dev_ratio: np.ndarray
    duality_gap: np.ndarray
    objective: np.ndarray
    kkt_violation: np.ndarray
    n_iter: np.ndarray
    status: list
    lambda_max: float
    null_deviance: float
    stopped_early: str
    classes: np.ndarray | None = None
    # Samples the fit ran on (equal ones merged) and features fitted through
    # an earlier equal one (see merge_rows / merge_duplicates).
    fitted_rows: int = 0
    duplicate_columns: int = 0
    # X was fitted from float32 values: given so, or every value exact in
    # float32 (the core's exact_float_storage; same numbers, less traffic).
    float_storage: bool = False
    # The tolerance the fit stopped by: the ``tol`` given, or its default.
    tol: float = 0.0
    # Addresses of the arrays the core viewed (the zero-copy test reads them).
    view_addresses: dict = field(default_factory=dict, repr=False)

    @property
    def relative_gap(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.duality_gap / self.objective

    @property
    def n_features(self) -> int:
        return self.coef.shape[0]


def path_from_core(result: dict, n_features: int, classes=None) -> PathResult:
    m = len(result["lambdas"])
    coef = sp.csc_matrix(
        (result["coef_values"], result["coef_indices"], result["coef_indptr"]),
        shape=(n_features, m))
    return PathResult(
        family=result["family"], alpha=result["alpha"], lambdas=result["lambdas"], coef=coef,
        intercept=result["intercepts"], df=result["df"], dev_ratio=result["dev_ratio"],
        duality_gap=result["duality_gap"], objective=result["objective"],
        kkt_violation=result["kkt_violation"], n_iter=result["epochs"],
        status=list(result["status"]), lambda_max=result["lambda_max"],
        null_deviance=result["null_deviance"], stopped_early=result["stopped_early"],
        classes=classes, fitted_rows=result["fitted_rows"],
        duplicate_columns=result["duplicate_columns"], float_storage=result["float_storage"],
        tol=result["tol"],
        view_addresses=dict(result.get("view_addresses", {})))


def warn_unconverged(path: PathResult, where: str) -> None:
    from sklearn.exceptions import ConvergenceWarning

    bad = [k for k, s in enumerate(path.status) if s != "converged"]
    if bad:
        k = bad[0]
        warnings.warn(
            f"{where}: {len(bad)} of {len(path.status)} λ did not converge; the first, "
            f"λ[{k}] = {path.lambdas[k]:.6g}, ended '{path.status[k]}' at a relative duality "
            f"gap of {path.relative_gap[k]:.3g} (raise max_iter or tol)",
            ConvergenceWarning, stacklevel=3)


def binary_labels(y, positive_class=None):
    """(y coded 0/1 as float64, classes [negative, positive]); the larger label is 1 by default."""
    classes = np.unique(y)
    if len(classes) != 2:
        raise ValueError(
            f"binomial needs exactly two classes in y, got {len(classes)}"
            + (f": {classes[:10].tolist()}" if len(classes) < 1000 else ""))
    if positive_class is not None:
        if positive_class not in classes:
            raise ValueError(f"positive_class = {positive_class!r} is not one of the classes "
                             f"{classes.tolist()}")
        if positive_class == classes[0]:
            classes = classes[::-1].copy()
    return (y == classes[1]).astype(np.float64), classes


def fit_options(*, family, alpha, lambdas, n_lambda, lambda_min_ratio, standardize,
                fit_intercept, sample_weight, penalty_factor, lower_bounds, upper_bounds, tol,
                stopping, solver, max_iter, early_stop, dfmax, pmax, screening, n_threads,
                n_samples, n_features, merge_duplicates=True, merge_rows=True,
                exact_float=True, support_newton=True, anderson=True,
                path_prediction=True) -> dict:
    """The core's FitOptions as a dict, from Python-named arguments."""
    if family not in _FAMILIES:
        raise ValueError(f"family must be 'gaussian' or 'binomial', got {family!r}")
    options = {
        "family": family,
        "alpha": float(alpha),
        "nlambda": int(n_lambda),
        "lambda_min_ratio": 0.0 if lambda_min_ratio is None else float(lambda_min_ratio),
        "standardize": bool(standardize),
        "intercept": bool(fit_intercept),
        "tol": None if tol is None else float(tol),
        "stopping": str(stopping),
        "solver": str(solver),
        "max_epochs": int(max_iter),
        "early_stop": bool(early_stop),
        "dfmax": -1 if dfmax is None else int(dfmax),
        "pmax": -1 if pmax is None else int(pmax),
        "screening": bool(screening),
        "support_newton": bool(support_newton),
        "anderson": bool(anderson),
        "path_prediction": bool(path_prediction),
        "merge_duplicate_columns": bool(merge_duplicates),
        "merge_duplicate_rows": bool(merge_rows),
        "exact_float_storage": bool(exact_float),
        "threads": int(n_threads),
    }
    if lambdas is not None:
        options["lambdas"] = as_vector(lambdas, None, "lambdas")
    for key, value, name, length, broadcast in (
            ("weights", sample_weight, "sample_weight", n_samples, False),
            ("penalty_factors", penalty_factor, "penalty_factor", n_features, False),
            ("lower_limits", lower_bounds, "lower_bounds", n_features, True),
            ("upper_limits", upper_bounds, "upper_bounds", n_features, True)):
        vector = as_vector(value, length, name, broadcast=broadcast)
        if vector is not None:
            options[key] = vector
    return options


def path(X, y, *, family="gaussian", alpha=1.0, lambdas=None, n_lambda=100,
         lambda_min_ratio=None, standardize=True, fit_intercept=True, sample_weight=None,
         penalty_factor=None, lower_bounds=None, upper_bounds=None, tol=None, stopping="gap",
         solver="cd", max_iter=100000, early_stop=True, dfmax=None, pmax=None, screening=True,
         n_threads=0, positive_class=None, merge_duplicates=True, merge_rows=True,
         exact_float=True, support_newton=True, anderson=True, path_prediction=True) -> PathResult:
    """Fits the regularization path of glmnet's objective (see the README).

    X: scipy.sparse CSR matrix/array (float32/float64, int32/int64 indices; viewed
    without a copy), CSC or other sparse (converted), or a dense array (converted:
    slower). y: the response (gaussian) or two class labels (binomial; the larger
    is coded 1 unless ``positive_class`` says otherwise).

    alpha: mixing, 1 Lasso, 0 Ridge. lambdas: a strictly decreasing grid; else
    ``n_lambda`` values from λ_max down to ``lambda_min_ratio`` × λ_max (default
    1e-4, 1e-2 when n_features > n_samples) with glmnet's early stop
    (``early_stop``). penalty_factor: per feature, ≥ 0 (0: unpenalized);
    lower_bounds/upper_bounds: a number or one per feature (≤ 0 / ≥ 0).
    tol: relative duality gap at every λ (``stopping="gap"``), or glmnet's thresh
    (``stopping="glmnet"``); None: 1e-9 when alpha < 1 with the gap rule (the
    gap is then close to the true suboptimality), else 1e-7 (the tolerance used
    is ``PathResult.tol``); max_iter: coordinate passes per λ. solver: "cd" or
    "fista". n_threads: 0 for all cores (the result does not depend on it).
    merge_duplicates: without bounds, a feature equal to an earlier one after
    standardizing (same penalty factor) is fitted through it: under the Lasso
    it stays at 0 and the earlier one takes the group's coefficient (the same
    objective); with alpha < 1 every member gets the group's one standardized
    coefficient, the unique optimum (see the README). False fits each apart. merge_rows: samples equal to an
    earlier one are fitted as one sample with their total weight and mean
    response, when that takes out a tenth of X's entries: the same fit, results
    on the caller's samples (see the README); False fits each apart.
    exact_float: float64 X whose every value float32 holds exactly (counts,
    genotypes, 0/1) is fitted from float32 values: the same numbers summed in
    double, less memory traffic (``PathResult.float_storage`` says so).
    screening, support_newton, anderson, path_prediction: the strong rule's
    working sets, and for solver="cd" exact Newton steps on the support,
    Anderson extrapolation of the passes, and each λ's start on the secant
    through the last two solutions; the same solution either way, False is
    usually slower (see the README).

    Returns a PathResult: λ, coefficients (sparse, n_features × n_lambdas),
    intercepts, df, deviance ratio, duality gap, objective and status per λ.
    """
    Xc = as_csr(X)
    n, p = Xc.shape
    y = check_y(y, n)
    classes = None
    if family == "binomial":
        from sklearn.utils.multiclass import check_classification_targets

        check_classification_targets(y)
        y, classes = binary_labels(y, positive_class)
    else:
        y = check_finite_y(y)
    options = fit_options(
        family=family, alpha=alpha, lambdas=lambdas, n_lambda=n_lambda,
        lambda_min_ratio=lambda_min_ratio, standardize=standardize, fit_intercept=fit_intercept,
        sample_weight=sample_weight, penalty_factor=penalty_factor, lower_bounds=lower_bounds,
        upper_bounds=upper_bounds, tol=tol, stopping=stopping, solver=solver, max_iter=max_iter,
        early_stop=early_stop, dfmax=dfmax, pmax=pmax, screening=screening, n_threads=n_threads,
        n_samples=n, n_features=p, merge_duplicates=merge_duplicates, merge_rows=merge_rows,
        exact_float=exact_float, support_newton=support_newton, anderson=anderson,
        path_prediction=path_prediction)
    with python_names():
        result = _core.fit_path(*Xc.core_args, y, options)
    out = path_from_core(result, p, classes)
    warn_unconverged(out, "sparsereg.path")
    return out
