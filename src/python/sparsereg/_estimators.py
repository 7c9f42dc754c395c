"""scikit-learn estimators on the C++ core.

ElasticNet (gaussian) and LogisticRegression (binomial) fit glmnet's objective

    gaussian:  1/(2n) Σ w_i (y_i − b0 − x_iᵀβ)²                        + λ P(β)
    binomial: −1/n  Σ w_i [ y_i (b0 + x_iᵀβ) − log(1 + e^{b0 + x_iᵀβ}) ] + λ P(β)
    P(β) = Σ_j v_j [ (1−α)/2 (s_j β_j)² + α |s_j β_j| ]

with glmnet's names for the two knobs: ``alpha`` is the *mixing* (1 Lasso,
0 Ridge; scikit-learn's ``l1_ratio``) and ``lambda_`` the penalty strength
(scikit-learn's ``alpha`` for Lasso/ElasticNet; ``C = 1 / (n λ)`` for its
L1 LogisticRegression). The trailing underscore of ``lambda_`` is only there
because ``lambda`` is a Python keyword: it is a constructor parameter, not a
fitted attribute.

With ``lambda_=None`` the whole path is fitted (``n_lambda`` values from λ_max
down, or ``lambda_path``) and ``coef_`` is the last, least penalized fit;
with ``lambda_`` given, that λ is fitted (after the ``lambda_path`` values
above it, as warm starts, when a path is given too). The CV estimators choose
λ by k-fold cross-validation as cv.glmnet does (``lambda_min_``,
``lambda_1se_``; ``select`` says which one ``coef_`` is at).

Every fit is certified: the relative duality gap is ≤ ``tol`` at every λ
(``stopping="gap"``) or a ConvergenceWarning says where it is not.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import _core
from ._input import (as_csr, as_vector, check_finite_y, check_n_samples, check_y,
                     python_names)
from ._path import PathResult, binary_labels, fit_options, path_from_core, warn_unconverged

# What the estimators call the core's arguments (beyond _input.CORE_NAMES).
_ESTIMATOR_NAMES = {"lambdas": "lambda_path"}


class _SparseregModel(BaseEstimator):
    """What the four estimators share: options, the fit, prediction."""

    _family = "gaussian"

    # --- options ------------------------------------------------------------

    def _options(self, n_samples, n_features, sample_weight, lambdas, early_stop):
        return fit_options(
            family=self._family, alpha=self.alpha, lambdas=lambdas, n_lambda=self.n_lambda,
            lambda_min_ratio=self.lambda_min_ratio, standardize=self.standardize,
            fit_intercept=self.fit_intercept, sample_weight=sample_weight,
            penalty_factor=self.penalty_factor, lower_bounds=self.lower_bounds,
            upper_bounds=self.upper_bounds, tol=self.tol, stopping=self.stopping,
            solver=self.solver, max_iter=self.max_iter, early_stop=early_stop, dfmax=None,
            pmax=None, screening=True, n_threads=self.n_threads, n_samples=n_samples,
            n_features=n_features)

    def _feature_names(self, X, reset):
        # scikit-learn's own bookkeeping of feature_names_in_ (pandas input):
        # set by fit, checked by predict. A method of BaseEstimator up to 1.5.
        check = getattr(self, "_check_feature_names", None)
        if check is not None:
            check(X, reset=reset)

    def _prepare(self, X, y, sample_weight):
        """(CSR input, y for the core, sample weights) after every check."""
        self._feature_names(X, reset=True)
        Xc = as_csr(X)
        check_n_samples(Xc, type(self).__name__)
        y = check_y(y, Xc.shape[0])
        y = self._encode_y(y)
        w = as_vector(sample_weight, Xc.shape[0], "sample_weight")
        self.n_features_in_ = Xc.shape[1]
        return Xc, y, w

    def _encode_y(self, y):
        return check_finite_y(y)

    # --- fitted state ---------------------------------------------------------

    def _set_fit(self, path: PathResult, index: int) -> None:
        self.path_ = path
        self.lambda_path_ = path.lambdas
        self.fitted_lambda_ = float(path.lambdas[index])
        coef = path.coef[:, index].toarray().ravel()
        intercept = float(path.intercept[index])
        self.dev_ratio_ = float(path.dev_ratio[index])
        self.duality_gap_ = float(path.duality_gap[index])
        self.status_ = path.status[index]
        self.n_iter_ = int(np.sum(path.n_iter[: index + 1]))
        self._set_coef(coef, intercept)

    def _set_coef(self, coef, intercept):
        self.coef_ = coef
        self.intercept_ = intercept

    def _flat_coef(self):
        return np.asarray(self.coef_, dtype=np.float64).reshape(-1)

    def _flat_intercept(self):
        return float(np.asarray(self.intercept_, dtype=np.float64).reshape(-1)[0])

    def _model_dict(self, feature_base=1):
        """The fitted model as the core's Model (one fit, at fitted_lambda_)."""
        coef = self._flat_coef()
        features = np.flatnonzero(coef).astype(np.int64)
        labels = None
        if self._family == "binomial":
            labels = _numeric_labels(self.classes_)
        return {
            "family": self._family,
            "alpha": float(getattr(self, "alpha_", self.alpha)),
            "standardize": bool(self.standardize),
            "intercept": bool(self.fit_intercept),
            "n_features": int(self.n_features_in_),
            "feature_base": int(feature_base),
            "labels": labels,
            "selection": getattr(self, "_selection", ""),
            "fits": [{
                "lambda": float(self.fitted_lambda_),
                "intercept": self._flat_intercept(),
                "features": features,
                "coefficients": coef[features],
            }],
        }

    def __sklearn_is_fitted__(self):
        return hasattr(self, "coef_")

    # --- prediction -------------------------------------------------------------

    def _predict_core(self, X, kind):
        check_is_fitted(self)
        self._feature_names(X, reset=False)
        Xc = as_csr(X)
        if Xc.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {Xc.shape[1]} features, but {type(self).__name__} is "
                             f"expecting {self.n_features_in_} features as input")
        model = self._model_dict()
        model["labels"] = None  # classes are mapped here, not by the core
        with python_names():
            return _core.predict(model, *Xc.core_args, kind, None, int(self.n_threads))


class _Regressor(RegressorMixin):
    _family = "gaussian"

    def predict(self, X):
        """η = b0 + xᵀβ for each row of X."""
        return self._predict_core(X, "link")


class _Classifier(ClassifierMixin):
    _family = "binomial"

    def _encode_y(self, y):
        check_classification_targets(y)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(f"{type(self).__name__} needs samples of 2 classes in y, but the "
                             f"data contains only one class: {classes[0]!r}")
        if len(classes) > 2:
            raise ValueError(f"{type(self).__name__} is binary (binomial); y has "
                             f"{len(classes)} classes")
        y01, self.classes_ = binary_labels(y)
        return y01

    def _set_coef(self, coef, intercept):
        self.coef_ = coef.reshape(1, -1)
        self.intercept_ = np.array([intercept])

    def decision_function(self, X):
        """η = b0 + xᵀβ: positive where classes_[1] is the more likely class."""
        return self._predict_core(X, "link")

    def predict_proba(self, X):
        """[P(classes_[0]), P(classes_[1])] for each row of X."""
        p = self._predict_core(X, "response")
        return np.column_stack([1.0 - p, p])

    def predict(self, X):
        """classes_[1] where its probability is > 0.5 (glmnet's rule), else classes_[0]."""
        p = self._predict_core(X, "response")
        return self.classes_[(p > 0.5).astype(np.intp)]

    def _more_tags(self):
        return {"binary_only": True}


def _numeric_labels(classes):
    try:
        negative, positive = (float(c) for c in classes)
    except (TypeError, ValueError):
        return None
    return (negative, positive)


class _PathEstimator(_SparseregModel):
    """A fit at one λ, or along a path."""

    def __init__(self, alpha=1.0, lambda_=None, *, lambda_path=None, n_lambda=100,
                 lambda_min_ratio=None, penalty_factor=None, standardize=True,
                 fit_intercept=True, lower_bounds=None, upper_bounds=None, tol=None,
                 max_iter=100000, solver="cd", stopping="gap", n_threads=0):
        self.alpha = alpha
        self.lambda_ = lambda_
        self.lambda_path = lambda_path
        self.n_lambda = n_lambda
        self.lambda_min_ratio = lambda_min_ratio
        self.penalty_factor = penalty_factor
        self.standardize = standardize
        self.fit_intercept = fit_intercept
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.stopping = stopping
        self.n_threads = n_threads

    def _grid(self):
        """(λ grid or None for the default one, glmnet's early stop on)."""
        grid = None if self.lambda_path is None else np.asarray(self.lambda_path, dtype=float)
        if self.lambda_ is None:
            return grid, grid is None
        if not isinstance(self.lambda_, numbers.Real) or not np.isfinite(self.lambda_) \
                or self.lambda_ <= 0:
            raise ValueError(f"lambda_ must be a number > 0, got {self.lambda_!r}")
        lam = float(self.lambda_)
        if grid is None:
            return np.array([lam]), False
        return np.append(grid[grid > lam], lam), False

    def fit(self, X, y, sample_weight=None):
        """Fits at lambda_ (or along the path); returns self."""
        Xc, y01, w = self._prepare(X, y, sample_weight)
        grid, early_stop = self._grid()
        options = self._options(Xc.shape[0], Xc.shape[1], w, grid, early_stop)
        with python_names(_ESTIMATOR_NAMES):
            result = _core.fit_path(*Xc.core_args, y01, options)
        path = path_from_core(result, Xc.shape[1], getattr(self, "classes_", None))
        warn_unconverged(path, type(self).__name__)
        self._set_fit(path, len(path.lambdas) - 1)
        return self


class ElasticNet(_Regressor, _PathEstimator):
    """Least squares with the elastic-net penalty (glmnet's gaussian family).

    Parameters: alpha (mixing: 1 Lasso, 0 Ridge), lambda_ (penalty strength;
    None: the whole path, coef_ at its last λ), lambda_path, n_lambda,
    lambda_min_ratio, penalty_factor (per feature, 0: unpenalized), standardize,
    fit_intercept, lower_bounds / upper_bounds (a number or one per feature),
    tol (relative duality gap; None: 1e-9 when alpha < 1, else 1e-7), max_iter
    (passes per λ), solver ("cd" or "fista"), stopping ("gap" or "glmnet"),
    n_threads (0: all cores).

    Fitted: coef_ (n_features,), intercept_, fitted_lambda_, lambda_path_,
    path_ (a sparsereg.PathResult), dev_ratio_, duality_gap_, status_, n_iter_,
    n_features_in_.
    """


class LogisticRegression(_Classifier, _PathEstimator):
    """Two-class logistic regression with the elastic-net penalty (glmnet's binomial family).

    The parameters and fitted attributes of ElasticNet; coef_ has shape
    (1, n_features) and intercept_ (1,) as in scikit-learn, classes_ holds the
    two labels (classes_[1], the larger, is coded 1), and predict_proba,
    decision_function and predict follow glmnet's predict (class 1 where its
    probability is > 0.5).
    """


class _CvEstimator(_SparseregModel):
    """λ (and α) chosen by k-fold cross-validation, as cv.glmnet does."""

    def __init__(self, alpha=1.0, *, alphas=None, cv=10, measure=None, select="1se", seed=1,
                 stratify=True, lambda_path=None, n_lambda=100, lambda_min_ratio=None,
                 penalty_factor=None, standardize=True, fit_intercept=True, lower_bounds=None,
                 upper_bounds=None, tol=None, max_iter=100000, solver="cd", stopping="gap",
                 n_threads=0):
        self.alpha = alpha
        self.alphas = alphas
        self.cv = cv
        self.measure = measure
        self.select = select
        self.seed = seed
        self.stratify = stratify
        self.lambda_path = lambda_path
        self.n_lambda = n_lambda
        self.lambda_min_ratio = lambda_min_ratio
        self.penalty_factor = penalty_factor
        self.standardize = standardize
        self.fit_intercept = fit_intercept
        self.lower_bounds = lower_bounds
        self.upper_bounds = upper_bounds
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.stopping = stopping
        self.n_threads = n_threads

    def _more_tags(self):
        return {"_xfail_checks": {
            "check_sample_weights_invariance":
                "rows of weight 0 still take a place in the random folds, so dropping them "
                "deals the other rows differently and CV may choose another λ (as cv.glmnet); "
                "the fit itself passes this check (ElasticNet, LogisticRegression)",
        }}

    def _cv_options(self, X, y, n_samples, foldid):
        options = {"seed": int(self.seed), "stratify": bool(self.stratify),
                   "measure": self.measure or "deviance"}
        if self.alphas is not None:
            options["alphas"] = as_vector(self.alphas, None, "alphas")
        if foldid is None and not isinstance(self.cv, numbers.Integral):
            foldid = _foldid_from_splits(self.cv, X, y, n_samples)
        if foldid is not None:
            foldid = np.asarray(foldid)
            if foldid.shape != (n_samples,):
                raise ValueError(f"foldid has shape {foldid.shape}; one fold per row of X "
                                 f"({n_samples},) expected")
            if not np.issubdtype(foldid.dtype, np.integer) or foldid.min() < 1:
                raise ValueError("foldid must hold integers >= 1 (the fold of each row, 1..K)")
            options["foldid"] = foldid.astype(np.int64).tolist()
        else:
            options["folds"] = int(self.cv)
        return options

    def fit(self, X, y, sample_weight=None, foldid=None):
        """Cross-validates the path, then keeps the fit at lambda_1se (or lambda_min); returns self.

        foldid: the fold of each row, 1..K (cv.glmnet's foldid), instead of ``cv``.
        """
        if self.select not in ("1se", "min"):
            raise ValueError(f"select must be '1se' or 'min', got {self.select!r}")
        Xc, y01, w = self._prepare(X, y, sample_weight)
        n, p = Xc.shape
        grid = None if self.lambda_path is None else np.asarray(self.lambda_path, dtype=float)
        options = self._options(n, p, w, grid, grid is None)
        cv_options = self._cv_options(X, y, n, foldid)
        with python_names({**_ESTIMATOR_NAMES, "folds": "cv"}):
            result = _core.cv_path(*Xc.core_args, y01, options, cv_options)
        classes = getattr(self, "classes_", None)
        curves = result["curves"]
        best = curves[result["best"]]
        self.measure_ = result["measure"]
        self.foldid_ = result["foldid"]
        self.alpha_ = float(best["alpha"])
        self.lambda_min_ = float(best["lambda_min"])
        self.lambda_1se_ = float(best["lambda_1se"])
        self.index_min_ = int(best["index_min"])
        self.index_1se_ = int(best["index_1se"])
        self.cv_mean_ = best["mean"]
        self.cv_se_ = best["se"]
        self.cv_results_ = [{
            "alpha": c["alpha"], "lambdas": c["lambdas"], "mean": c["mean"], "se": c["se"],
            "df": c["df"], "lambda_min": c["lambda_min"], "lambda_1se": c["lambda_1se"]}
            for c in curves]
        path = path_from_core(best["full_fit"], p, classes)
        warn_unconverged(path, type(self).__name__)
        index = self.index_1se_ if self.select == "1se" else self.index_min_
        self._selection = (f"lambda_{self.select} ({result['folds']}-fold CV, "
                           f"{result['measure']})")
        self._set_fit(path, index)
        return self


def _foldid_from_splits(cv, X, y, n_samples):
    """Fold numbers 1..K from a scikit-learn splitter or (train, test) pairs whose tests partition the rows."""
    splits = cv.split(X, y) if hasattr(cv, "split") else cv
    foldid = np.zeros(n_samples, dtype=np.int64)
    k = 0
    for k, (_, test) in enumerate(splits, start=1):
        test = np.asarray(test)
        if np.any(foldid[test] != 0):
            raise ValueError("cv: the test sets overlap; cross-validation here needs folds "
                             "that partition the rows (KFold, StratifiedKFold, GroupKFold, ...)")
        foldid[test] = k
    if np.any(foldid == 0):
        raise ValueError("cv: some rows are in no test set; the test sets must partition the rows")
    if k < 2:
        raise ValueError("cv must give at least 2 folds")
    return foldid


class ElasticNetCV(_Regressor, _CvEstimator):
    """ElasticNet with λ (and, given ``alphas``, α) chosen by k-fold cross-validation.

    cv: the number of folds (random from ``seed``), or a scikit-learn splitter
    (or (train, test) pairs) whose test sets partition the rows; ``fit(...,
    foldid=)`` gives the folds directly. measure: "mse" (= "deviance", the
    default) or "mae". select: "1se" (default, cv.glmnet's choice) or "min".

    Fitted: lambda_min_, lambda_1se_, index_min_, index_1se_, cv_mean_, cv_se_
    (per λ of lambda_path_), alpha_, measure_, foldid_, cv_results_ (one per α),
    and the attributes of ElasticNet at the selected λ (fitted_lambda_).
    """


class LogisticRegressionCV(_Classifier, _CvEstimator):
    """LogisticRegression with λ (and α) chosen by k-fold cross-validation.

    As ElasticNetCV; measure: "deviance" (default), "class"
    (misclassification) or "auc"; ``stratify`` (default) deals each class's
    rows over the folds separately.
    """
