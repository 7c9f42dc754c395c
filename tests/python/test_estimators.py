"""The estimators as scikit-learn sees them: check_estimator, Pipeline, GridSearchCV."""


import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import sparsereg


@parametrize_with_checks([sparsereg.ElasticNet(), sparsereg.LogisticRegression(),
                          sparsereg.ElasticNetCV(), sparsereg.LogisticRegressionCV()])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_pipeline_and_grid_search(rcv1):
    X, y = rcv1
    X, y = X[:600], y[:600]
    pipe = make_pipeline(TfidfTransformer(), sparsereg.LogisticRegression(lambda_=0.01))
    search = GridSearchCV(pipe, {"logisticregression__lambda_": [0.003, 0.01, 0.03],
                                 "logisticregression__alpha": [1.0, 0.5]},
                          cv=StratifiedKFold(3), scoring="roc_auc")
    search.fit(X, y)
    assert set(search.best_params_) == {"logisticregression__lambda_", "logisticregression__alpha"}
    best = search.best_estimator_[-1]
    assert best.fitted_lambda_ == search.best_params_["logisticregression__lambda_"]
    assert 0.5 < search.best_score_ <= 1.0
    proba = search.predict_proba(X)
    assert proba.shape == (600, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)

    reg = GridSearchCV(make_pipeline(MaxAbsScaler(), sparsereg.ElasticNet()),
                       {"elasticnet__lambda_": [0.01, 0.05]}, cv=3).fit(X, y)
    assert reg.best_estimator_[-1].coef_.shape == (X.shape[1],)


def test_lambda_and_path_options(prostate):
    X, y = prostate
    full = sparsereg.ElasticNet(alpha=0.5).fit(X, y)
    assert full.fitted_lambda_ == full.lambda_path_[-1] == full.path_.lambdas[-1]
    np.testing.assert_array_equal(full.coef_, full.path_.coef[:, -1].toarray().ravel())
    lam = full.lambda_path_[20]
    # A given λ after the grid above it as warm starts: the path's point at λ.
    warm = sparsereg.ElasticNet(alpha=0.5, lambda_=lam, lambda_path=full.lambda_path_).fit(X, y)
    assert warm.lambda_path_.tolist() == full.lambda_path_[:21].tolist()
    np.testing.assert_array_equal(warm.coef_, full.path_.coef[:, 20].toarray().ravel())
    # Alone, from zero: the same optimum, to the certified gap.
    alone = sparsereg.ElasticNet(alpha=0.5, lambda_=lam).fit(X, y)
    np.testing.assert_allclose(alone.predict(X), warm.predict(X), rtol=1e-4, atol=1e-6)
    assert alone.status_ == "converged" and alone.duality_gap_ >= 0


def test_bounds_penalty_factor_and_weights(prostate):
    X, y = prostate
    p = X.shape[1]
    bounded = sparsereg.ElasticNet(lambda_=0.01, lower_bounds=-0.1, upper_bounds=0.2).fit(X, y)
    assert bounded.coef_.min() >= -0.1 and bounded.coef_.max() <= 0.2
    factors = np.ones(p)
    factors[0] = 0.0
    free = sparsereg.ElasticNet(lambda_=10.0, penalty_factor=factors).fit(X, y)
    assert free.coef_[0] != 0 and np.all(free.coef_[1:] == 0)
    # Integer weights equal repeated rows.
    w = np.arange(X.shape[0]) % 3
    weighted = sparsereg.ElasticNet(lambda_=0.02, standardize=False, tol=1e-12).fit(
        X, y, sample_weight=w)
    rows = np.repeat(np.arange(X.shape[0]), w)
    repeated = sparsereg.ElasticNet(lambda_=0.02, standardize=False, tol=1e-12).fit(X[rows], y[rows])
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-6, atol=1e-9)


def test_classifier_labels(binomial_sim):
    X, y = binomial_sim
    names = np.where(y > 0, "spam", "ham")
    clf = sparsereg.LogisticRegression(lambda_=0.02).fit(X, names)
    np.testing.assert_array_equal(clf.classes_, ["ham", "spam"])
    assert clf.coef_.shape == (1, X.shape[1]) and clf.intercept_.shape == (1,)
    eta = clf.decision_function(X)
    np.testing.assert_array_equal(clf.predict(X), np.where(eta > 0, "spam", "ham"))
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], 1 / (1 + np.exp(-eta)))
    assert clf.score(X, names) > 0.7
    with pytest.raises(ValueError, match="is binary"):
        sparsereg.LogisticRegression().fit(X, np.arange(X.shape[0]) % 3)
    with pytest.raises(ValueError, match="only one class"):
        sparsereg.LogisticRegression().fit(X, np.ones(X.shape[0]))


def test_cv_estimators(binomial_sim, prostate):
    X, y = binomial_sim
    clf = sparsereg.LogisticRegressionCV(cv=5, measure="auc").fit(X, y)
    assert clf.measure_ == "auc"
    assert clf.lambda_1se_ >= clf.lambda_min_
    assert clf.fitted_lambda_ == clf.lambda_1se_
    assert clf.cv_mean_.shape == clf.cv_se_.shape == clf.lambda_path_.shape
    assert clf.cv_mean_[clf.index_min_] == clf.cv_mean_.max()
    chosen = sparsereg.LogisticRegressionCV(cv=5, measure="auc", select="min").fit(X, y)
    assert chosen.fitted_lambda_ == clf.lambda_min_
    # Folds from a scikit-learn splitter, or given: the same curve.
    skf = StratifiedKFold(4, shuffle=True, random_state=0)
    from_splitter = sparsereg.LogisticRegressionCV(cv=skf).fit(X, y)
    foldid = np.zeros(len(y), dtype=int)
    for k, (_, test) in enumerate(skf.split(X, y), start=1):
        foldid[test] = k
    given = sparsereg.LogisticRegressionCV().fit(X, y, foldid=foldid)
    np.testing.assert_array_equal(from_splitter.cv_mean_, given.cv_mean_)
    np.testing.assert_array_equal(given.foldid_, foldid)

    Xr, yr = prostate
    reg = sparsereg.ElasticNetCV(alphas=[1.0, 0.5, 0.1], cv=5, measure="mae").fit(Xr, yr)
    assert len(reg.cv_results_) == 3 and reg.alpha_ in (1.0, 0.5, 0.1)
    best = min(reg.cv_results_, key=lambda c: np.min(c["mean"]))
    assert reg.alpha_ == best["alpha"]
    assert reg.score(Xr, yr) > 0.5
    with pytest.raises(ValueError, match="measure"):
        sparsereg.ElasticNetCV(measure="auc").fit(Xr, yr)
    with pytest.raises(ValueError, match="cv: the test sets overlap"):
        sparsereg.ElasticNetCV(cv=[(np.arange(50), np.arange(50))] * 2).fit(Xr, yr)


def test_convergence_warning(rcv1):
    X, y = rcv1
    with pytest.warns(ConvergenceWarning, match="did not converge.*max_iterations"):
        sparsereg.LogisticRegression(lambda_=1e-4, max_iter=2).fit(X, y)


def test_clone_and_params():
    est = sparsereg.LogisticRegressionCV(alpha=0.3, cv=3, measure="class", n_threads=1)
    params = clone(est).get_params()
    assert params["alpha"] == 0.3 and params["cv"] == 3 and params["measure"] == "class"
    assert sparsereg.ElasticNet().set_params(lambda_=0.5).lambda_ == 0.5


class _Frame:
    """Just enough of a pandas DataFrame for scikit-learn's feature-name bookkeeping."""

    def __init__(self, array, columns):
        self._array, self.columns = np.asarray(array), list(columns)

    def __array__(self, dtype=None):
        return self._array if dtype is None else self._array.astype(dtype)


def test_feature_names(prostate):
    X, y = prostate
    names = [f"f{j}" for j in range(X.shape[1])]
    est = sparsereg.ElasticNet(lambda_=0.05).fit(_Frame(X.toarray(), names), y)
    np.testing.assert_array_equal(est.feature_names_in_, names)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        unnamed = est.predict(X)
    np.testing.assert_array_equal(est.predict(_Frame(X.toarray(), names)), unnamed)
    with pytest.raises(ValueError, match="feature names should match"):
        est.predict(_Frame(X.toarray(), names[::-1]))
