"""Zero-copy input, input conversion, and every bad input's error."""

import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp

import sparsereg
from sparsereg import _core


def random_csr(rng, rows=60, cols=40, density=0.2, dtype=np.float64, index_dtype=np.int32):
    X = sp.random(rows, cols, density=density, format="csr", random_state=np.random.RandomState(3),
                  dtype=np.float64)
    X.data = (X.data * 4 - 2).astype(dtype)
    X.indices = X.indices.astype(index_dtype)
    X.indptr = X.indptr.astype(index_dtype)
    return X


def labels(X, rng):
    beta = np.zeros(X.shape[1])
    beta[:5] = [1.5, -2.0, 1.0, 0.5, -1.0]
    return X @ beta + 0.1 * rng.standard_normal(X.shape[0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("container", [sp.csr_matrix, sp.csr_array])
def test_zero_copy(rng, dtype, index_dtype, container):
    X = container(random_csr(rng, dtype=dtype, index_dtype=index_dtype))
    assert X.data.dtype == dtype and X.indices.dtype == index_dtype
    y = labels(X, rng)
    # The view the core builds points at scipy's own buffers...
    info = _core.view_info(X.indptr, X.indices, X.data, *X.shape)
    assert info["data"] == X.data.ctypes.data
    assert info["indices"] == X.indices.ctypes.data
    assert info["indptr"] == X.indptr.ctypes.data
    assert info["value_type"] == np.dtype(dtype).name
    assert info["index_type"] == np.dtype(index_dtype).name
    # ... and so does the one a fit runs on, through the public API.
    result = sparsereg.path(X, y, n_lambda=5)
    assert result.view_addresses == {"data": X.data.ctypes.data,
                                     "indices": X.indices.ctypes.data,
                                     "indptr": X.indptr.ctypes.data}
    assert result.df[-1] > 0


def test_csc_and_dense_give_the_same_path(rng):
    X = random_csr(rng)
    y = labels(X, rng)
    reference = sparsereg.path(X, y, n_lambda=10)
    for other in (X.tocsc(), X.toarray(), X.toarray().tolist(), X.tocoo()):
        result = sparsereg.path(other, y, n_lambda=10)
        np.testing.assert_array_equal(result.lambdas, reference.lambdas)
        np.testing.assert_array_equal(result.coef.toarray(), reference.coef.toarray())
        np.testing.assert_array_equal(result.intercept, reference.intercept)


def test_integer_data_is_converted(rng):
    X = random_csr(rng)
    X.data = np.round(X.data * 3)
    y = labels(X, rng)
    reference = sparsereg.path(X, y, n_lambda=5)
    as_int = X.astype(np.int64)
    np.testing.assert_array_equal(sparsereg.path(as_int, y, n_lambda=5).coef.toarray(),
                                  reference.coef.toarray())


def test_equal_columns_are_merged_under_the_lasso(rng):
    # Column 1 repeated as the last column and, scaled by 4, before it: both
    # copies stay at 0 and the objective is what it is with every copy free.
    X = random_csr(rng).toarray()
    X = np.column_stack([X, 4 * X[:, 1], X[:, 1]])
    y = labels(sp.csr_matrix(X), rng)
    merged = sparsereg.path(sp.csr_matrix(X), y, n_lambda=15, tol=1e-10)
    free = sparsereg.path(sp.csr_matrix(X), y, lambdas=merged.lambdas,
                          tol=1e-10, merge_duplicates=False)
    np.testing.assert_allclose(merged.objective, free.objective, rtol=1e-8)
    p = X.shape[1]
    assert merged.coef[p - 2:].nnz == 0
    assert (merged.duplicate_columns, free.duplicate_columns) == (2, 0)
    assert merged.coef[1].nnz > 0
    assert free.coef[p - 2:].nnz > 0


def test_equal_rows_are_merged(rng):
    # Rows 0-19 repeated below the 60, each with its own response: the path
    # on the merged rows reads as the path on every row (deviance ratio,
    # objective, coefficients), with or without sample weights.
    X = random_csr(rng).toarray()
    X = np.vstack([X, X[:20], X[:20]])
    y = labels(sp.csr_matrix(X), rng)
    weights = rng.uniform(0.5, 2.0, X.shape[0])
    for sample_weight in (None, weights):
        merged = sparsereg.path(sp.csr_matrix(X), y, n_lambda=15, tol=1e-11,
                                sample_weight=sample_weight, early_stop=False)
        apart = sparsereg.path(sp.csr_matrix(X), y, n_lambda=15, tol=1e-11,
                               sample_weight=sample_weight, early_stop=False, merge_rows=False)
        np.testing.assert_allclose(merged.lambdas, apart.lambdas, rtol=1e-12)
        np.testing.assert_allclose(merged.objective, apart.objective, rtol=1e-9)
        np.testing.assert_allclose(merged.dev_ratio, apart.dev_ratio, atol=1e-7)
        np.testing.assert_allclose(merged.coef.toarray(), apart.coef.toarray(), atol=1e-5)
        assert (merged.fitted_rows, apart.fitted_rows) == (60, 100)


def test_equal_columns_share_the_coefficient_under_a_ridge_term(rng):
    # Columns 0-4 copied twice (and column 5 scaled by 4, the same once
    # standardized): with alpha < 1 each copy gets its column's standardized
    # coefficient, the unique optimum the unmerged path also reaches.
    X = random_csr(rng).toarray()
    p = X.shape[1]
    X = np.hstack([X, X[:, :5], X[:, :5], 4 * X[:, 5:6]])
    y = labels(sp.csr_matrix(X), rng)
    merged = sparsereg.path(sp.csr_matrix(X), y, alpha=0.5, n_lambda=15, tol=1e-11, early_stop=False)
    apart = sparsereg.path(sp.csr_matrix(X), y, alpha=0.5, n_lambda=15, tol=1e-11, early_stop=False,
                           merge_duplicates=False)
    assert (merged.duplicate_columns, apart.duplicate_columns) == (11, 0)
    np.testing.assert_allclose(merged.objective, apart.objective, rtol=1e-9)
    coef = merged.coef.toarray()
    np.testing.assert_allclose(coef, apart.coef.toarray(), atol=1e-5)
    np.testing.assert_array_equal(coef[p:p + 5], coef[:5])
    np.testing.assert_array_equal(coef[p + 5:p + 10], coef[:5])
    np.testing.assert_allclose(coef[p + 10], coef[5] / 4, rtol=1e-14)
    assert np.count_nonzero(coef[:5]) > 0


def test_path_result(rng):
    X = random_csr(rng)
    y = labels(X, rng)
    result = sparsereg.path(X, y, n_lambda=20, alpha=0.5)
    m = len(result.lambdas)
    assert sp.issparse(result.coef) and result.coef.shape == (X.shape[1], m)
    for name in ("intercept", "df", "dev_ratio", "duality_gap", "objective", "n_iter"):
        assert len(getattr(result, name)) == m, name
    assert np.all(np.diff(result.lambdas) < 0)
    np.testing.assert_array_equal(result.df, np.diff(result.coef.indptr))
    assert np.all(result.relative_gap[np.isfinite(result.relative_gap)] <= 1e-7)
    assert result.status == ["converged"] * m
    assert result.lambda_max == pytest.approx(result.lambdas[0])


def test_gil_released_during_fit(rcv1):
    X, y = rcv1
    done = threading.Event()
    elapsed = []

    def fit():
        start = time.perf_counter()
        sparsereg.path(X, y, family="binomial", n_lambda=30, n_threads=1)
        elapsed.append(time.perf_counter() - start)
        done.set()

    thread = threading.Thread(target=fit)
    ticks = 0
    thread.start()
    time.sleep(0.01)
    while not done.is_set():
        ticks += 1  # runs only while the fit does not hold the GIL
        time.sleep(0.001)
    thread.join()
    # With the GIL held for the whole fit this loop could not have run; sleeps
    # of 1 ms would tick ~1000 times a second.
    assert elapsed[0] > 0.05
    assert ticks >= 0.2 * elapsed[0] / 0.001 * 0.1


# --- Bad inputs: each a ValueError naming the problem -------------------------


def bad_csr(rng, how):
    X = random_csr(rng, rows=8, cols=6, density=0.5)
    y = np.arange(8, dtype=float)
    if how == "unsorted":
        row = int(np.argmax(np.diff(X.indptr) >= 2))
        a = X.indptr[row]
        X.indices[a], X.indices[a + 1] = X.indices[a + 1], X.indices[a]
        X.has_sorted_indices = False
    elif how == "duplicate":
        row = int(np.argmax(np.diff(X.indptr) >= 2))
        a = X.indptr[row]
        X.indices[a + 1] = X.indices[a]
    elif how == "nan":
        X.data[3] = np.nan
    elif how == "inf":
        X.data[2] = -np.inf
    elif how == "out_of_range":
        X = sp.csr_matrix((X.data, X.indices, X.indptr), shape=(8, int(X.indices.max())))
    return X, y


def test_unsorted_indices_are_sorted_in_a_copy(rng):
    # scipy's products (and so TfidfTransformer) leave indices unsorted: accepted.
    X, y = bad_csr(rng, "unsorted")
    before = X.indices.copy()
    reference = sparsereg.path(X.sorted_indices(), y, n_lambda=5)
    result = sparsereg.path(X, y, n_lambda=5)
    np.testing.assert_array_equal(result.coef.toarray(), reference.coef.toarray())
    np.testing.assert_array_equal(X.indices, before)  # the caller's matrix is untouched
    assert result.view_addresses["indices"] != X.indices.ctypes.data
    # The core itself refuses them, naming the entry.
    with pytest.raises(ValueError, match=r"indices: unsorted column index \d+ at row \d+"):
        _core.fit_path(X.indptr, X.indices, X.data, *X.shape, y, {})


@pytest.mark.parametrize("how, pattern", [
    ("duplicate", r"X\.indices: duplicate column index .* row \d+.*sum_duplicates"),
    ("nan", r"X contains NaN or infinity: non-finite value nan at row"),
    ("inf", r"X contains NaN or infinity: non-finite value -inf at row"),
])
def test_bad_sparse_input(rng, how, pattern):
    X, y = bad_csr(rng, how)
    with pytest.raises(ValueError, match=pattern):
        sparsereg.path(X, y)
    with pytest.raises(ValueError, match=pattern):
        sparsereg.ElasticNet(lambda_=0.1).fit(X, y)


def test_out_of_range_index(rng):
    X, y = bad_csr(rng, "out_of_range")
    with pytest.raises(ValueError, match=r"X\.indices: column index \d+ at row \d+.* is outside"):
        sparsereg.path(X, y)


def test_bad_dense_input():
    X = np.ones((5, 3))
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN or infinity: X\[2, 1\] = nan"):
        sparsereg.path(X, np.arange(5.0))
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        sparsereg.path(np.ones(5), np.arange(5.0))


def test_wrong_dtypes(rng):
    X = random_csr(rng, rows=8, cols=6, density=0.5)
    y = np.arange(8, dtype=float)
    with pytest.raises(ValueError, match="Complex data not supported"):
        sparsereg.path(X.astype(np.complex128), y)
    with pytest.raises(ValueError, match="Complex data not supported"):
        sparsereg.path(X.toarray() + 1j, y)
    with pytest.raises(ValueError, match="dtype <U1 is not numeric"):
        sparsereg.path(np.full((8, 6), "a"), y)
    wrong_index = X.copy()
    wrong_index.indices = wrong_index.indices.astype(np.uint32)
    wrong_index.indptr = wrong_index.indptr.astype(np.uint32)
    with pytest.raises(ValueError, match=r"X\.indptr: dtype uint32 is not supported; int32 or int64"):
        sparsereg.path(wrong_index, y)
    # The core refuses what the Python layer would have converted.
    with pytest.raises(ValueError, match=r"X\.data: has dtype int64; float32 or float64 expected"):
        _core.fit_path(X.indptr, X.indices, X.data.astype(np.int64), 8, 6, y, {})
    with pytest.raises(ValueError, match=r"X\.indices: has dtype int64 but X\.indptr int32"):
        _core.fit_path(X.indptr, X.indices.astype(np.int64), X.data, 8, 6, y, {})
    with pytest.raises(ValueError, match=r"X\.data: must be contiguous"):
        data = np.repeat(X.data, 2)[::2]
        _core.fit_path(X.indptr, X.indices, data, 8, 6, y, {})


def test_shape_mismatches(rng):
    X = random_csr(rng, rows=8, cols=6, density=0.5)
    y = np.arange(8, dtype=float)
    with pytest.raises(ValueError, match="y has 7 values but X has 8 rows"):
        sparsereg.path(X, y[:7])
    with pytest.raises(ValueError, match="sample_weight has 3 values but X has 8 rows"):
        sparsereg.path(X, y, sample_weight=[1, 2, 3])
    with pytest.raises(ValueError, match="penalty_factor has 2 values but X has 6 columns"):
        sparsereg.path(X, y, penalty_factor=[1, 2])
    with pytest.raises(ValueError, match="lower_bounds has 2 values but X has 6 columns"):
        sparsereg.path(X, y, lower_bounds=[-1, -1])
    with pytest.raises(ValueError, match=r"indptr: has 8 entries; a matrix with 8 rows needs"):
        _core.fit_path(X.indptr[:-1], X.indices, X.data, 8, 6, y, {})
    model = sparsereg.ElasticNet(lambda_=0.01).fit(X, y)
    with pytest.raises(ValueError, match="X has 5 features, but ElasticNet is expecting 6"):
        model.predict(X[:, :5])


def test_bad_options_name_themselves(rng):
    X = random_csr(rng, rows=8, cols=6, density=0.5)
    y = np.arange(8, dtype=float)
    cases = [
        (dict(sample_weight=-np.ones(8)), r"sample_weight: sample_weight\[0\] = -1.* must be finite and >= 0"),
        (dict(penalty_factor=[1, 1, -1, 1, 1, 1]), r"penalty_factor: penalty_factor\[2\]"),
        (dict(lower_bounds=0.5), r"lower_bounds: lower_bounds\[0\] = 0.5.* must be <= 0"),
        (dict(upper_bounds=-1), r"upper_bounds: upper_bounds\[0\] = -1.* must be >= 0"),
        (dict(alpha=2), r"alpha: must be in \[0, 1\]"),
        (dict(lambdas=[0.1, 0.2]), r"lambdas: lambdas\[1\] = 0.2.* does not decrease"),
        (dict(n_lambda=0), r"n_lambda: must be >= 1"),
        (dict(tol=-1), r"tol: must be positive"),
        (dict(max_iter=0), r"max_iter: must be >= 1"),
        (dict(n_threads=-2), r"n_threads: must be >= 0"),
        (dict(solver="newton"), r"solver: must be 'cd' or 'fista'"),
        (dict(family="poisson"), r"family must be 'gaussian' or 'binomial'"),
    ]
    for kwargs, pattern in cases:
        with pytest.raises(ValueError, match=pattern):
            sparsereg.path(X, y, **kwargs)
    with pytest.raises(ValueError, match=r"lambda_path: lambdas\[1\]|lambda_path: lambda_path\[1\]"):
        sparsereg.ElasticNet(lambda_path=[0.1, 0.2]).fit(X, y)
    with pytest.raises(ValueError, match="binomial needs exactly two classes in y, got 3"):
        sparsereg.path(X, np.arange(8) % 3, family="binomial")
    with pytest.raises(ValueError, match="y contains NaN or infinity"):
        sparsereg.path(X, np.r_[y[:7], np.nan])


def test_load_svmlight_file_errors(tmp_path):
    bad = tmp_path / "bad.svm"
    bad.write_text("1 1:0.5 2:x\n")
    with pytest.raises(sparsereg.ParseError, match=r"bad.svm:1:\d+: .*'x'") as info:
        sparsereg.load_svmlight_file(bad)
    assert isinstance(info.value, ValueError) and info.value.line == 1
    with pytest.raises(OSError, match="missing.svm"):
        sparsereg.load_svmlight_file(tmp_path / "missing.svm")


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_ctrl_c_ends_a_fit(rcv1):
    import _thread

    X, y = rcv1

    def fit():
        sparsereg.path(X, y, family="binomial", n_lambda=100, tol=1e-10, n_threads=1)

    timer = threading.Timer(0.2, _thread.interrupt_main)
    start = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        fit()
    timer.join()
    interrupted = time.perf_counter() - start
    # The path ends after the λ being fitted, not at its end (several seconds);
    # timed against the whole path only when the machine is slow enough to doubt.
    if interrupted > 1.0:
        start = time.perf_counter()
        fit()
        assert interrupted < 0.5 * (time.perf_counter() - start)


def test_counts_are_fitted_from_float32_on_the_float64_path(rng):
    # Genotype-like counts 0/1/2 are exact in float32: fitted from float32
    # values, the same path as from float64; 0.1-steps are not, and stay float64.
    X = sp.csr_matrix(rng.choice([0.0, 1.0, 2.0], size=(80, 25), p=[0.5, 0.3, 0.2]))
    y = labels(X, rng)
    counts = sparsereg.path(X, y, alpha=0.5, n_lambda=15, tol=1e-10)
    apart = sparsereg.path(X, y, alpha=0.5, lambdas=counts.lambdas, tol=1e-10, exact_float=False)
    assert (counts.float_storage, apart.float_storage) == (True, False)
    np.testing.assert_allclose(counts.objective, apart.objective, rtol=1e-13)
    np.testing.assert_allclose(counts.coef.toarray(), apart.coef.toarray(), rtol=1e-9, atol=1e-12)
    assert not sparsereg.path(X / 10, y, n_lambda=5).float_storage
    assert sparsereg.path(X.astype(np.float32), y, n_lambda=5, exact_float=False).float_storage


def test_default_tol_follows_alpha(rng):
    # tol=None: 1e-9 with a ridge term (its gap is the suboptimality), 1e-7
    # for the Lasso and glmnet's rule; PathResult.tol says which was used.
    X = sp.csr_matrix(rng.normal(size=(60, 12)))
    y = labels(X, rng)
    enet = sparsereg.path(X, y, alpha=0.5, n_lambda=10)
    assert enet.tol == 1e-9
    assert np.all(enet.relative_gap <= 1e-9)
    assert sparsereg.path(X, y, n_lambda=10).tol == 1e-7
    assert sparsereg.path(X, y, alpha=0.5, n_lambda=10, stopping="glmnet").tol == 1e-7
    assert sparsereg.path(X, y, alpha=0.5, n_lambda=10, tol=1e-5).tol == 1e-5
    assert sparsereg.ElasticNet().get_params()["tol"] is None


def test_solver_switches_reach_the_same_optimum(rcv1):
    # The strong rule, support Newton steps, Anderson extrapolation and the
    # secant starts change the passes, never the certified optimum (both ends
    # certified to 1e-7). The strong rule keeps rcv1's passes about the same;
    # without the secant starts this path took 2,404 passes against 2,019.
    X, y = rcv1
    fast = sparsereg.path(X, y, family="binomial", n_lambda=30)
    more_passes = {"screening": 0.0, "support_newton": 1.2, "anderson": 1.2, "path_prediction": 1.1}
    for switch, factor in more_passes.items():
        off = sparsereg.path(X, y, family="binomial", lambdas=fast.lambdas, **{switch: False})
        assert all(status == "converged" for status in off.status), switch
        np.testing.assert_allclose(off.objective, fast.objective, rtol=2e-7, err_msg=switch)
        assert off.n_iter.sum() > factor * fast.n_iter.sum(), switch
