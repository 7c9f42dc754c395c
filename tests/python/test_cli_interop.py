"""Python and the command-line tool: the same fits bit for bit, and model files
going both ways."""

import csv
import json
import lzma
import subprocess

import numpy as np
import pytest
from sklearn.datasets import load_svmlight_file as sk_load_svmlight_file

import sparsereg
from conftest import DATASETS


def run(cli, *args):
    done = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"sparsereg {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


def read_cli_path(prefix, n_features):
    with open(f"{prefix}.path.csv") as f:
        rows = list(csv.DictReader(f))
    lambdas = np.array([float(r["lambda"]) for r in rows])
    intercepts = np.array([float(r["intercept"]) for r in rows])
    coef = np.zeros((n_features, len(rows)))
    with open(f"{prefix}.coef.csv") as f:
        for r in csv.DictReader(f):
            coef[int(r["feature"]) - 1, int(r["lambda_index"])] = float(r["value"])  # λ 0-based, features 1-based
    return lambdas, intercepts, coef


def read_numbers(file):
    with open(file) as f:
        return np.array([float(line) for line in f if line.strip()])


CASES = [
    ("rcv1_vw_small_train.binary.svm.xz", "binomial", ["--nlambda", "30"],
     dict(n_lambda=30)),
    ("prostate_lpsa.regression.svm.xz", "gaussian", ["--alpha", "0.5", "--no-standardize"],
     dict(alpha=0.5, standardize=False)),
    ("glmnet_binomial_sim.binary.svm.xz", "binomial",
     ["--alpha", "0.3", "--no-intercept", "--lower-limits", "LOWER"],
     dict(alpha=0.3, fit_intercept=False, lower_bounds=-0.2)),
]


@pytest.mark.parametrize("name, family, cli_args, kwargs", CASES, ids=[c[0].split(".")[0] for c in CASES])
def test_path_same_bits_as_cli(cli, tmp_path, name, family, cli_args, kwargs):
    file = DATASETS / name
    X, y = sparsereg.load_svmlight_file(file)
    p = X.shape[1]
    args = []
    for a in cli_args:
        if a == "LOWER":
            lower = tmp_path / "lower.txt"
            lower.write_text("-0.2\n" * p)
            a = lower
        args.append(a)
    prefix = tmp_path / "run"
    run(cli, "path", "--data", file, "--family", family, *args, "--out", prefix)
    lambdas, intercepts, coef = read_cli_path(prefix, p)
    # The same file read by scikit-learn's parser, a matrix made outside sparsereg.
    with lzma.open(file) as f:
        X_sk, y_sk = sk_load_svmlight_file(f, n_features=p)
    for X_in, y_in in ((X, y), (X_sk, y_sk)):
        result = sparsereg.path(X_in, y_in, family=family, **kwargs)
        np.testing.assert_array_equal(result.lambdas, lambdas)
        np.testing.assert_array_equal(result.intercept, intercepts)
        np.testing.assert_array_equal(result.coef.toarray(), coef)


def test_cv_and_model_from_cli(cli, tmp_path):
    file = DATASETS / "glmnet_binomial_sim.binary.svm.xz"
    X, y = sparsereg.load_svmlight_file(file)
    prefix = tmp_path / "cv"
    run(cli, "cv", "--data", file, "--family", "binomial", "--alpha", "0.5", "--folds", "5",
        "--seed", "7", "--out", prefix)
    summary = json.loads((tmp_path / "cv.cv.json").read_text())
    clf = sparsereg.LogisticRegressionCV(alpha=0.5, cv=5, seed=7).fit(X, y)
    assert clf.lambda_min_ == summary["lambda_min"]
    assert clf.lambda_1se_ == summary["lambda_1se"]
    np.testing.assert_array_equal(clf.foldid_, read_numbers(tmp_path / "cv.foldid.txt"))

    # The CLI's model file, loaded in Python, predicts the CLI's numbers.
    model = sparsereg.load_model(tmp_path / "cv.model.json")
    assert isinstance(model, sparsereg.LogisticRegression)
    np.testing.assert_array_equal(model.classes_, [-1.0, 1.0])
    np.testing.assert_array_equal(model.coef_, clf.coef_)
    assert model.intercept_[0] == clf.intercept_[0]
    run(cli, "predict", "--model", tmp_path / "cv.model.json", "--data", file,
        "--out", tmp_path / "p.txt")
    run(cli, "predict", "--model", tmp_path / "cv.model.json", "--data", file, "--type", "class",
        "--out", tmp_path / "c.txt")
    np.testing.assert_array_equal(model.predict_proba(X)[:, 1], read_numbers(tmp_path / "p.txt"))
    np.testing.assert_array_equal(model.predict(X), read_numbers(tmp_path / "c.txt"))
    np.testing.assert_array_equal(clf.predict_proba(X), model.predict_proba(X))


@pytest.mark.parametrize("family", ["gaussian", "binomial"])
def test_model_from_python_to_cli(cli, tmp_path, family):
    if family == "binomial":
        file = DATASETS / "rcv1_vw_small_train.binary.svm.xz"
        X, y = sparsereg.load_svmlight_file(file)
        model = sparsereg.LogisticRegression(lambda_=0.02, alpha=0.7).fit(X, y)
        expected = model.predict_proba(X)[:, 1]
    else:
        file = DATASETS / "prostate_lpsa.regression.svm.xz"
        X, y = sparsereg.load_svmlight_file(file)
        model = sparsereg.ElasticNet(lambda_=0.05).fit(X, y)
        expected = model.predict(X)
    sparsereg.save_model(model, tmp_path / "m.json")
    run(cli, "predict", "--model", tmp_path / "m.json", "--data", file, "--out", tmp_path / "p.txt")
    np.testing.assert_array_equal(read_numbers(tmp_path / "p.txt"), expected)
    # And back: the file, read by Python, is the same model.
    again = sparsereg.load_model(tmp_path / "m.json")
    np.testing.assert_array_equal(again.coef_, model.coef_)
    np.testing.assert_array_equal(again.intercept_, model.intercept_)
    assert again.fitted_lambda_ == model.fitted_lambda_
    text = sparsereg.model_to_json(model)
    assert json.loads(text)["feature_base"] == 1
    np.testing.assert_array_equal(sparsereg.model_from_json(text).predict(X), model.predict(X))


def test_model_file_errors(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"format": "sparsereg-model", "format_version": 1, "family": "gaussian"}')
    with pytest.raises(ValueError, match="m.json"):
        sparsereg.load_model(bad)
    with pytest.raises(OSError, match="nothing.json"):
        sparsereg.load_model(tmp_path / "nothing.json")
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    clf = sparsereg.LogisticRegression(lambda_=0.01).fit(X, ["a", "b", "b", "a"])
    with pytest.raises(ValueError, match="numeric class labels only"):
        sparsereg.save_model(clf, tmp_path / "s.json")
    with pytest.raises(ValueError, match="not a fitted sparsereg estimator"):
        sparsereg.save_model(sparsereg.ElasticNet(), tmp_path / "u.json")


def test_float32_path_same_bits_as_cli(cli, tmp_path):
    # float32 storage (`--float`): the same parser into float, the same CsrView<float>.
    file = DATASETS / "rcv1_vw_small_train.binary.svm.xz"
    X, y = sparsereg.load_svmlight_file(file, dtype=np.float32)
    assert X.dtype == np.float32
    prefix = tmp_path / "f"
    run(cli, "path", "--data", file, "--family", "binomial", "--alpha", "0.5", "--nlambda", "15",
        "--float", "--out", prefix)
    lambdas, intercepts, coef = read_cli_path(prefix, X.shape[1])
    result = sparsereg.path(X, y, family="binomial", alpha=0.5, n_lambda=15)
    assert result.view_addresses["data"] == X.data.ctypes.data
    np.testing.assert_array_equal(result.lambdas, lambdas)
    np.testing.assert_array_equal(result.intercept, intercepts)
    np.testing.assert_array_equal(result.coef.toarray(), coef)
