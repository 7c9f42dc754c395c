"""Turning what a Python user passes into what the C++ core takes.

X goes to the core as the three arrays of a CSR matrix, which the core views
in place (``CsrView``): a ``scipy.sparse`` CSR matrix or array with float32 or
float64 data and int32 or int64 indices is never copied. Everything else is
converted first, which costs a copy:

- CSC (and COO, LIL, ...) sparse input: ``X.tocsr()``;
- CSR whose column indices are not sorted within each row (what scipy's
  products make, and so ``TfidfTransformer``/``TfidfVectorizer``): a copy
  with sorted indices (``X.sorted_indices()``); the caller's matrix is left
  as it is. Duplicate column indices in a row are an error instead: scipy
  would sum them silently, and they usually mean a bug upstream
  (``X.sum_duplicates()`` makes the matrix canonical);
- integer or boolean sparse data: cast to float64;
- dense arrays (numpy, lists, pandas): checked for NaN/Inf, then
  ``scipy.sparse.csr_matrix(X)`` (float32 stays float32). A dense X is
  slower than a sparse one twice over: the conversion, and a fit that never
  gets to skip zeros it does not know about.

Errors are ``ValueError`` (or ``TypeError`` where numpy raises it, e.g. an
object array holding something that is not a number) and name the problem.
The core checks the CSR arrays once more (row pointers, sorted unique column
indices in range, finite values) and reports the first offending entry; its
messages are reworded here to name ``X.indices``, ``sample_weight``, ... as
the user knows them.
"""

from __future__ import annotations

import contextlib
import re
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from . import _core

InvalidArgumentError = _core.InvalidArgumentError


class CsrInput(NamedTuple):
    """The arrays handed to the core, and the CSR matrix they belong to."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]
    matrix: sp.csr_matrix

    @property
    def core_args(self):
        return (self.indptr, self.indices, self.data, self.shape[0], self.shape[1])


_INDEX_DTYPES = (np.dtype(np.int32), np.dtype(np.int64))
_VALUE_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _check_value_dtype(dtype: np.dtype, name: str) -> np.dtype | None:
    """The dtype to cast to, None when none is needed; raises on a wrong dtype."""
    if dtype in _VALUE_DTYPES:
        return None
    if dtype.kind == "c":
        raise ValueError(f"{name}: Complex data not supported (dtype {dtype}); "
                         "sparsereg fits real-valued data")
    if dtype.kind in "biuf":
        return np.dtype(np.float64)
    if dtype.kind == "O":
        return np.dtype(np.float64)  # numpy raises if an element is not a number
    raise ValueError(f"{name}: dtype {dtype} is not numeric; float32 or float64 expected")


def as_csr(X, *, name: str = "X") -> CsrInput:
    """X as the CSR arrays the core views; see the module docstring."""
    if X is None:
        raise ValueError(f"{name} is None; a 2-dimensional array or sparse matrix is expected")
    if sp.issparse(X):
        if X.ndim != 2:
            raise ValueError(f"{name}: Expected 2D sparse input, got {X.ndim} dimensions")
        csr = X if X.format == "csr" else X.tocsr()
        for array, part in ((csr.indptr, "indptr"), (csr.indices, "indices")):
            if array.dtype not in _INDEX_DTYPES:
                raise ValueError(f"{name}.{part}: dtype {array.dtype} is not supported; "
                                 "int32 or int64 expected")
        cast = _check_value_dtype(csr.data.dtype, f"{name}.data")
        check_not_empty(csr.shape, name)
        if not csr.has_sorted_indices:  # scipy's own O(nnz) check, cached on X
            csr = csr.sorted_indices()
        if cast is not None:
            csr = csr.astype(cast)
        indptr, indices = csr.indptr, csr.indices
        if indptr.dtype != indices.dtype:
            # scipy keeps both alike; a hand-made matrix may not. Copies the pair.
            indptr = indptr.astype(np.int64)
            indices = indices.astype(np.int64)
        data = csr.data
        if not (indptr.flags.c_contiguous and indices.flags.c_contiguous
                and data.flags.c_contiguous):
            indptr, indices, data = (np.ascontiguousarray(a) for a in (indptr, indices, data))
        shape = (int(csr.shape[0]), int(csr.shape[1]))
        return CsrInput(indptr, indices, data, shape, csr)

    array = np.asarray(X)
    if array.ndim != 2:
        raise ValueError(
            f"{name}: Expected 2D array, got {array.ndim}D array instead"
            + (". Reshape your data either using X.reshape(-1, 1) if it has a single feature "
               "or X.reshape(1, -1) if it holds a single sample" if array.ndim == 1 else ""))
    cast = _check_value_dtype(array.dtype, name)
    if cast is not None:
        array = array.astype(cast)
    if array.size and not np.isfinite(array).all():
        row, col = np.argwhere(~np.isfinite(array))[0]
        raise ValueError(f"{name} contains NaN or infinity: {name}[{row}, {col}] = "
                         f"{array[row, col]}")
    csr = sp.csr_matrix(array)
    return as_csr(csr, name=name)


def check_not_empty(shape, name):
    # scikit-learn's wording, which its estimator checks look for.
    shape = (int(shape[0]), int(shape[1]))
    if shape[0] == 0:
        raise ValueError(f"{name}: Found array with 0 sample(s) (shape={shape}) while a "
                         "minimum of 1 is required.")
    if shape[1] == 0:
        raise ValueError(f"{name}: Found array with 0 feature(s) (shape={shape}) while a "
                         "minimum of 1 is required.")


def check_n_samples(X: CsrInput, estimator: str) -> None:
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"{estimator} needs at least 2 samples; X has n_samples = {n}")


def as_vector(values, length: int | None, name: str, *, broadcast: bool = False):
    """A float64 vector of `length` (a scalar is repeated when `broadcast`), or None."""
    if values is None:
        return None
    array = np.asarray(values, dtype=np.float64)
    if array.ndim == 0 and broadcast and length is not None:
        return np.full(length, float(array))
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-dimensional, got shape {array.shape}")
    if length is not None and array.shape[0] != length:
        raise ValueError(f"{name} has {array.shape[0]} values but X has {length} "
                         f"{'rows' if name == 'sample_weight' else 'columns'}")
    return np.ascontiguousarray(array)


def check_y(y, n_samples: int) -> np.ndarray:
    """y as a 1-d array of n_samples (a column vector is flattened with sklearn's warning)."""
    if y is None:
        raise ValueError("requires y to be passed, but the target y is None")
    from sklearn.utils.validation import column_or_1d  # the standard warning

    y = column_or_1d(y, warn=True)
    if y.shape[0] != n_samples:
        raise ValueError(f"y has {y.shape[0]} values but X has {n_samples} rows")
    return y


def check_finite_y(y: np.ndarray) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64)
    bad = ~np.isfinite(y)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"y contains NaN or infinity: y[{i}] = {y[i]}")
    return y


# The core names its arguments as FitOptions does; a Python user typed these.
CORE_NAMES = {
    "weights": "sample_weight",
    "penalty_factors": "penalty_factor",
    "lower_limits": "lower_bounds",
    "upper_limits": "upper_bounds",
    "nlambda": "n_lambda",
    "max_epochs": "max_iter",
    "threads": "n_threads",
    "indptr": "X.indptr",
    "indices": "X.indices",
    "values": "X.data",
    "rows": "X",
    "cols": "X",
}

_HINTS = {
    "X.indices": " (X is not canonical CSR: X.sum_duplicates() makes it so)",
}


@contextlib.contextmanager
def python_names(extra: dict[str, str] | None = None):
    """Rewords the core's InvalidArgumentError with the names a Python user typed."""
    try:
        yield
    except InvalidArgumentError as error:
        names = dict(CORE_NAMES)
        if extra:
            names.update(extra)
        argument = getattr(error, "argument", "")
        message = str(error)
        if message.startswith(argument + ": "):
            message = message[len(argument) + 2:]
        name = names.get(argument, argument)
        if argument in names:
            message = re.sub(rf"\b{re.escape(argument)}\[", f"{name}[", message)
        if argument == "values" and "non-finite" in message:
            text = f"X contains NaN or infinity: {message}"
        else:
            hint = _HINTS.get(name, "") if ("duplicate" in message or "unsorted" in message) else ""
            text = f"{name}: {message}{hint}"
        new = InvalidArgumentError(text)
        new.argument = name
        raise new from None
