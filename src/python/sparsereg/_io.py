"""Reading svmlight/libsvm files with the library's parser."""

from __future__ import annotations

import os

import numpy as np
import scipy.sparse as sp

from . import _core
from ._input import python_names


def load_svmlight_file(file, *, n_features=None, zero_based="auto", dtype=np.float64,
                       index_dtype=np.int32, n_threads=0):
    """(X, y) from an svmlight/libsvm file (plain, .gz, .bz2 or .xz), as scikit-learn's
    ``load_svmlight_file`` returns them: X a ``scipy.sparse.csr_matrix`` whose arrays
    are the parser's own buffers (no copy), y a float64 array of the labels.

    zero_based: "auto" (one-based unless a feature 0 occurs, as scikit-learn does),
    True or False. n_features: the number of columns (at least the highest feature
    in the file). dtype: float64 or float32; index_dtype: int32 or int64. Errors
    name file, line and column (sparsereg.ParseError, a ValueError).
    """
    dtype, index_dtype = np.dtype(dtype), np.dtype(index_dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    if index_dtype not in (np.int32, np.int64):
        raise ValueError(f"index_dtype must be int32 or int64, got {index_dtype}")
    if zero_based == "auto":
        base = "auto"
    elif zero_based in (True, False):
        base = "zero" if zero_based else "one"
    else:
        raise ValueError(f"zero_based must be 'auto', True or False, got {zero_based!r}")
    with python_names():
        indptr, indices, data, rows, cols, y, _ = _core.read_svmlight(
            os.fspath(file), int(n_features or 0), base, dtype == np.float32,
            index_dtype == np.int64, int(n_threads))
    X = sp.csr_matrix((data, indices, indptr), shape=(rows, cols), copy=False)
    return X, y
