"""Model files: the JSON the command line writes (`sparsereg cv`, see the README's
"Model files"), read and written through the same C++ code, so a file goes from
the CLI to Python and back with the same bits.

In memory features are numbered from 0 (column j of X); a file numbers them from
``feature_base``: 1 (the default, as the CLI does for one-based svmlight data,
and as ``sklearn.datasets.load_svmlight_file`` reads such files into column
j − 1) or 0. Class labels are stored as numbers; a model of string classes
cannot be written.
"""

from __future__ import annotations

import os

import numpy as np

from . import _core
from ._estimators import ElasticNet, LogisticRegression
from ._input import python_names


def _model_of(estimator, feature_base):
    if not hasattr(estimator, "coef_") or not hasattr(estimator, "_model_dict"):
        raise ValueError(f"{type(estimator).__name__} is not a fitted sparsereg estimator")
    if feature_base not in (0, 1):
        raise ValueError(f"feature_base must be 0 or 1, got {feature_base!r}")
    model = estimator._model_dict(feature_base)
    if model["family"] == "binomial" and model["labels"] is None:
        raise ValueError(f"classes_ = {list(estimator.classes_)!r}: a model file stores numeric "
                         "class labels only")
    return model


def model_to_json(estimator, *, feature_base=1) -> str:
    """The model file's text for a fitted estimator (its fit at fitted_lambda_)."""
    with python_names():
        return _core.model_to_json(_model_of(estimator, feature_base))


def save_model(estimator, file, *, feature_base=1) -> None:
    """Writes a fitted estimator as a model file that `sparsereg predict --model` reads."""
    with python_names():
        _core.save_model(os.fspath(file), _model_of(estimator, feature_base))


def _estimator_from(model: dict):
    fit = model["fits"][0]
    common = dict(alpha=model["alpha"], lambda_=fit["lambda"],
                  standardize=model["standardize"], fit_intercept=model["intercept"])
    estimator = (LogisticRegression if model["family"] == "binomial" else ElasticNet)(**common)
    p = int(model["n_features"])
    coef = np.zeros(p)
    coef[fit["features"]] = fit["coefficients"]
    estimator.n_features_in_ = p
    estimator.fitted_lambda_ = float(fit["lambda"])
    estimator.lambda_path_ = np.array([f["lambda"] for f in model["fits"]])
    if model["family"] == "binomial":
        labels = model["labels"]
        estimator.classes_ = np.array(labels if labels is not None else (0.0, 1.0))
    estimator._set_coef(coef, float(fit["intercept"]))
    estimator.feature_base_ = int(model["feature_base"])
    estimator.selection_ = model["selection"]
    estimator.model_fits_ = model["fits"]
    return estimator


def model_from_json(text: str, source: str = "<string>"):
    """A fitted ElasticNet or LogisticRegression from a model file's text (its first fit)."""
    with python_names():
        return _estimator_from(_core.model_from_json(text, source))


def load_model(file):
    """A fitted ElasticNet or LogisticRegression from a model file (.json, .gz, .bz2, .xz).

    Predicts as ``sparsereg predict --model FILE`` does at the file's first λ,
    with the same bits; ``model_fits_`` keeps every fit of the file.
    """
    with python_names():
        return _estimator_from(_core.load_model(os.fspath(file)))
