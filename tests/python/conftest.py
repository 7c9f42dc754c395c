"""Shared fixtures of the Python tests (run by scripts/test.sh after CTest).

    PYTHONPATH=build/python SPARSEREG_CLI=build/sparsereg /usr/bin/python3 -m pytest tests/python

SPARSEREG_CLI names the command-line tool the interoperability tests race
against (default: build/sparsereg next to the package, found from PYTHONPATH).
"""

import os
import pathlib
import shutil

import numpy as np
import pytest

import sparsereg

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"


def _find_cli():
    named = os.environ.get("SPARSEREG_CLI")
    if named:
        return pathlib.Path(named)
    # build/python/sparsereg/__init__.py -> build/sparsereg
    candidate = pathlib.Path(sparsereg.__file__).resolve().parents[2] / "sparsereg"
    if candidate.is_file():
        return candidate
    found = shutil.which("sparsereg")
    return pathlib.Path(found) if found else None


@pytest.fixture(scope="session")
def cli():
    path = _find_cli()
    if path is None or not path.is_file():
        pytest.fail("the sparsereg command-line tool was not found: set SPARSEREG_CLI")
    return path


def load(name, n_features=None, rows=None):
    """A bundled data set (datasets/), else one from ../shared/datasets/ (skips when absent)."""
    for folder in (DATASETS, SHARED_DATASETS):
        file = folder / name
        if file.is_file():
            X, y = sparsereg.load_svmlight_file(file, n_features=n_features)
            if rows is not None:
                X, y = X[:rows], y[:rows]
            return X, y
    pytest.skip(f"data set {name} not found in {DATASETS} or {SHARED_DATASETS}")


@pytest.fixture(scope="session")
def rcv1():
    return load("rcv1_vw_small_train.binary.svm.xz")


@pytest.fixture(scope="session")
def prostate():
    return load("prostate_lpsa.regression.svm.xz")


@pytest.fixture(scope="session")
def binomial_sim():
    return load("glmnet_binomial_sim.binary.svm.xz")


@pytest.fixture(scope="session")
def rng():
    return np.random.default_rng(20240601)
