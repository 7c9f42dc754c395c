// sparsereg._core: the C++ library seen from Python (pybind11).
//
// The boundary is thin on purpose: arrays in, plain dicts and numpy arrays
// out. The scikit-learn estimators, input conversion and argument names a
// Python user types live in the pure-Python package next to this file
// (src/python/sparsereg/); this module only
//   - views a CSR matrix given as three numpy arrays (scipy's indptr, indices,
//     data) without copying them: float32/float64 values, int32/int64 indices,
//     the CsrView<T, I> the library is compiled for;
//   - fits (fit_path, cv_path) and predicts with the GIL released, so other
//     Python threads run meanwhile; a fit checks for Ctrl-C after every λ;
//   - turns the library's exceptions into Python ones: InvalidArgument →
//     sparsereg.InvalidArgumentError (a ValueError with .argument), ParseError
//     → sparsereg.ParseError (a ValueError with .file/.line/.column),
//     IoError → OSError, any other sparsereg::Error → RuntimeError.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/model/metrics.hpp"
#include "sparsereg/model/model.hpp"
#include "sparsereg/model_selection/cross_validation.hpp"
#include "sparsereg/runtime.hpp"
#include "sparsereg/version.hpp"

namespace py = pybind11;

namespace {

using sparsereg::InvalidArgument;

// --- Arrays -------------------------------------------------------------------

// A numpy array's buffer, read while the GIL is held so the fit can run without it.
struct RawArray {
    const void* data = nullptr;
    std::size_t size = 0;
};

RawArray raw_1d(const py::array& a, const char* name) {
    if (a.ndim() != 1) {
        throw InvalidArgument(name, "must be 1-dimensional, got " + std::to_string(a.ndim()) +
                                        " dimensions");
    }
    if (a.size() > 1 && a.strides(0) != a.itemsize()) {
        throw InvalidArgument(name, "must be contiguous (a strided view was given)");
    }
    return {a.data(), static_cast<std::size_t>(a.size())};
}

template <class T>
std::span<const T> as_span(const RawArray& a) {
    return {static_cast<const T*>(a.data), a.size};
}

// The three scipy arrays of a CSR matrix, dtypes checked, pointers taken.
struct CsrArrays {
    RawArray indptr, indices, data;
    std::int64_t rows = 0, cols = 0;
    bool float_values = false;  // float32 (else float64)
    bool wide_indices = false;  // int64 (else int32)
};

CsrArrays csr_arrays(const py::array& indptr, const py::array& indices, const py::array& data,
                     std::int64_t rows, std::int64_t cols) {
    CsrArrays a;
    const bool is_f64 = data.dtype().is(py::dtype::of<double>());
    const bool is_f32 = data.dtype().is(py::dtype::of<float>());
    if (!is_f64 && !is_f32) {
        throw InvalidArgument("X.data", "has dtype " + std::string(py::str(data.dtype())) +
                                            "; float32 or float64 expected");
    }
    const auto index_kind = [](const py::array& x) {
        if (x.dtype().is(py::dtype::of<std::int32_t>())) return 32;
        if (x.dtype().is(py::dtype::of<std::int64_t>())) return 64;
        return 0;
    };
    const int indptr_bits = index_kind(indptr);
    const int indices_bits = index_kind(indices);
    if (indptr_bits == 0) {
        throw InvalidArgument("X.indptr", "has dtype " + std::string(py::str(indptr.dtype())) +
                                              "; int32 or int64 expected");
    }
    if (indices_bits == 0) {
        throw InvalidArgument("X.indices", "has dtype " + std::string(py::str(indices.dtype())) +
                                               "; int32 or int64 expected");
    }
    if (indptr_bits != indices_bits) {
        throw InvalidArgument("X.indices", "has dtype int" + std::to_string(indices_bits) +
                                               " but X.indptr int" + std::to_string(indptr_bits) +
                                               "; both must be the same");
    }
    a.indptr = raw_1d(indptr, "X.indptr");
    a.indices = raw_1d(indices, "X.indices");
    a.data = raw_1d(data, "X.data");
    a.float_values = is_f32;
    a.wide_indices = indices_bits == 64;
    if (rows < 0 || cols < 0) {
        throw InvalidArgument("X", "shape (" + std::to_string(rows) + ", " + std::to_string(cols) +
                                       ") is negative");
    }
    if (!a.wide_indices && (rows > std::numeric_limits<std::int32_t>::max() ||
                            cols > std::numeric_limits<std::int32_t>::max())) {
        throw InvalidArgument("X", "shape (" + std::to_string(rows) + ", " + std::to_string(cols) +
                                       ") does not fit int32 indices; use int64 indices");
    }
    a.rows = rows;
    a.cols = cols;
    return a;
}

// Calls f(CsrView<T, I>) with the view over the caller's arrays (validated
// once, by the view's constructor: the library's own checks and messages).
template <class F>
decltype(auto) with_view(const CsrArrays& a, int threads, F&& f) {
    sparsereg::ValidationOptions validation;
    validation.threads = threads;
    const auto make = [&]<class T, class I>() {
        return sparsereg::CsrView<T, I>(static_cast<I>(a.rows), static_cast<I>(a.cols),
                                        as_span<I>(a.indptr), as_span<I>(a.indices),
                                        as_span<T>(a.data), validation);
    };
    if (a.float_values) {
        if (a.wide_indices) return f(make.template operator()<float, std::int64_t>());
        return f(make.template operator()<float, std::int32_t>());
    }
    if (a.wide_indices) return f(make.template operator()<double, std::int64_t>());
    return f(make.template operator()<double, std::int32_t>());
}

std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

template <class T>
py::array_t<T> to_numpy(const std::vector<T>& v) {
    py::array_t<T> out(static_cast<py::ssize_t>(v.size()));
    std::copy(v.begin(), v.end(), out.mutable_data());
    return out;
}

std::vector<double> to_vector(const py::handle& h, const char* name) {
    if (h.is_none()) return {};
    const auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(h);
    if (!a) throw InvalidArgument(name, "must be a sequence of numbers");
    if (a.ndim() != 1) throw InvalidArgument(name, "must be 1-dimensional");
    return {a.data(), a.data() + a.size()};
}

// --- Options ------------------------------------------------------------------

sparsereg::FitOptions fit_options(const py::dict& d) {
    sparsereg::FitOptions o;
    for (const auto& [key_handle, value] : d) {
        const auto key = key_handle.cast<std::string>();
        if (key == "family") {
            const auto name = value.cast<std::string>();
            if (name == "gaussian") o.family = sparsereg::Family::gaussian;
            else if (name == "binomial") o.family = sparsereg::Family::binomial;
            else throw InvalidArgument("family", "must be 'gaussian' or 'binomial', got '" + name + "'");
        } else if (key == "alpha") o.alpha = value.cast<double>();
        else if (key == "lambdas") o.lambdas = to_vector(value, "lambdas");
        else if (key == "nlambda") o.nlambda = value.cast<int>();
        else if (key == "lambda_min_ratio") o.lambda_min_ratio = value.cast<double>();
        else if (key == "standardize") o.standardize = value.cast<bool>();
        else if (key == "intercept") o.intercept = value.cast<bool>();
        else if (key == "weights") o.weights = to_vector(value, "weights");
        else if (key == "penalty_factors") o.penalty_factors = to_vector(value, "penalty_factors");
        else if (key == "lower_limits") o.lower_limits = to_vector(value, "lower_limits");
        else if (key == "upper_limits") o.upper_limits = to_vector(value, "upper_limits");
        else if (key == "solver") {
            const auto name = value.cast<std::string>();
            if (name == "cd") o.solver = sparsereg::Solver::coordinate_descent;
            else if (name == "fista") o.solver = sparsereg::Solver::proximal_gradient;
            else throw InvalidArgument("solver", "must be 'cd' or 'fista', got '" + name + "'");
        } else if (key == "stopping") {
            const auto name = value.cast<std::string>();
            if (name == "gap") o.stopping = sparsereg::StoppingRule::duality_gap;
            else if (name == "glmnet") o.stopping = sparsereg::StoppingRule::glmnet_thresh;
            else throw InvalidArgument("stopping", "must be 'gap' or 'glmnet', got '" + name + "'");
        } else if (key == "tol") {
            if (!value.is_none()) o.tol = value.cast<double>();
        }
        else if (key == "max_epochs") o.max_epochs = value.cast<std::int64_t>();
        else if (key == "early_stop") o.early_stop = value.cast<bool>();
        else if (key == "dfmax") o.dfmax = value.cast<std::int64_t>();
        else if (key == "pmax") o.pmax = value.cast<std::int64_t>();
        else if (key == "screening") o.screening = value.cast<bool>();
        else if (key == "support_newton") o.support_newton = value.cast<bool>();
        else if (key == "anderson") o.anderson = value.cast<bool>();
        else if (key == "path_prediction") o.path_prediction = value.cast<bool>();
        else if (key == "merge_duplicate_columns") o.merge_duplicate_columns = value.cast<bool>();
        else if (key == "merge_duplicate_rows") o.merge_duplicate_rows = value.cast<bool>();
        else if (key == "exact_float_storage") o.exact_float_storage = value.cast<bool>();
        else if (key == "threads") o.threads = value.cast<int>();
        else throw InvalidArgument(key, "is not a fit option");
    }
    return o;
}

sparsereg::CvOptions cv_options(const py::dict& d) {
    sparsereg::CvOptions o;
    for (const auto& [key_handle, value] : d) {
        const auto key = key_handle.cast<std::string>();
        if (key == "folds") o.folds = value.cast<int>();
        else if (key == "foldid") {
            if (!value.is_none()) o.foldid = value.cast<std::vector<int>>();
        } else if (key == "seed") o.seed = value.cast<std::uint64_t>();
        else if (key == "stratify") o.stratify = value.cast<bool>();
        else if (key == "measure") o.measure = sparsereg::parse_measure(value.cast<std::string>());
        else if (key == "alphas") o.alphas = to_vector(value, "alphas");
        else throw InvalidArgument(key, "is not a cross-validation option");
    }
    return o;
}

// --- Results ------------------------------------------------------------------

py::dict path_dict(const sparsereg::PathResult& r) {
    const std::size_t m = r.points.size();
    std::vector<double> lambdas(m), intercepts(m), objective(m), dev_ratio(m), gap(m), kkt(m);
    std::vector<std::int64_t> df(m), epochs(m), indptr(m + 1, 0), features;
    std::vector<double> values;
    py::list status;
    for (std::size_t k = 0; k < m; ++k) {
        const sparsereg::PathPoint& p = r.points[k];
        lambdas[k] = p.lambda;
        intercepts[k] = p.intercept;
        objective[k] = p.objective;
        dev_ratio[k] = p.dev_ratio;
        gap[k] = p.duality_gap;
        kkt[k] = p.kkt_violation;
        df[k] = p.df;
        epochs[k] = p.epochs;
        status.append(sparsereg::to_string(p.status));
        features.insert(features.end(), p.features.begin(), p.features.end());
        values.insert(values.end(), p.coefficients.begin(), p.coefficients.end());
        indptr[k + 1] = static_cast<std::int64_t>(features.size());
    }
    py::dict d;
    d["family"] = sparsereg::to_string(r.family);
    d["alpha"] = r.alpha;
    d["lambda_max"] = r.lambda_max;
    d["null_deviance"] = r.null_deviance;
    d["n_lambdas_requested"] = r.n_lambdas_requested;
    d["stopped_early"] = r.stopped_early;
    d["fitted_rows"] = r.fitted_rows;
    d["duplicate_columns"] = r.duplicate_columns;
    d["float_storage"] = r.float_storage;
    d["tol"] = r.tol;
    d["lambdas"] = to_numpy(lambdas);
    d["intercepts"] = to_numpy(intercepts);
    d["objective"] = to_numpy(objective);
    d["dev_ratio"] = to_numpy(dev_ratio);
    d["duality_gap"] = to_numpy(gap);
    d["kkt_violation"] = to_numpy(kkt);
    d["df"] = to_numpy(df);
    d["epochs"] = to_numpy(epochs);
    d["status"] = status;
    d["coef_indptr"] = to_numpy(indptr);
    d["coef_indices"] = to_numpy(features);
    d["coef_values"] = to_numpy(values);
    return d;
}

py::dict addresses(const CsrArrays& a) {
    py::dict d;
    d["indptr"] = address(a.indptr.data);
    d["indices"] = address(a.indices.data);
    d["data"] = address(a.data.data);
    return d;
}

// --- Models -------------------------------------------------------------------

sparsereg::Model model_from_dict(const py::dict& d) {
    sparsereg::Model m;
    const auto family = d["family"].cast<std::string>();
    if (family == "gaussian") m.family = sparsereg::Family::gaussian;
    else if (family == "binomial") m.family = sparsereg::Family::binomial;
    else throw InvalidArgument("model", "family = '" + family + "': not gaussian or binomial");
    m.alpha = d["alpha"].cast<double>();
    m.standardize = d["standardize"].cast<bool>();
    m.intercept = d["intercept"].cast<bool>();
    m.n_features = d["n_features"].cast<std::int64_t>();
    m.feature_base = d["feature_base"].cast<int>();
    if (d.contains("labels") && !d["labels"].is_none()) {
        const auto labels = d["labels"].cast<std::pair<double, double>>();
        m.labels = sparsereg::ClassLabels{labels.first, labels.second};
    }
    if (d.contains("selection")) m.selection = d["selection"].cast<std::string>();
    for (const auto& item : d["fits"].cast<py::list>()) {
        const auto f = item.cast<py::dict>();
        sparsereg::ModelFit fit;
        fit.lambda = f["lambda"].cast<double>();
        fit.intercept = f["intercept"].cast<double>();
        fit.features = f["features"].cast<std::vector<std::int64_t>>();
        fit.coefficients = f["coefficients"].cast<std::vector<double>>();
        m.fits.push_back(std::move(fit));
    }
    return m;
}

py::dict model_dict(const sparsereg::Model& m) {
    py::dict d;
    d["family"] = sparsereg::to_string(m.family);
    d["alpha"] = m.alpha;
    d["standardize"] = m.standardize;
    d["intercept"] = m.intercept;
    d["n_features"] = m.n_features;
    d["feature_base"] = m.feature_base;
    if (m.labels) d["labels"] = py::make_tuple(m.labels->negative, m.labels->positive);
    else d["labels"] = py::none();
    d["selection"] = m.selection;
    py::list fits;
    for (const auto& f : m.fits) {
        py::dict fd;
        fd["lambda"] = f.lambda;
        fd["intercept"] = f.intercept;
        fd["features"] = to_numpy(f.features);
        fd["coefficients"] = to_numpy(f.coefficients);
        fits.append(fd);
    }
    d["fits"] = fits;
    return d;
}

// --- Entry points ---------------------------------------------------------------

py::dict fit_path_py(const py::array& indptr, const py::array& indices, const py::array& data,
                     std::int64_t rows, std::int64_t cols,
                     const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
                     const py::dict& options) {
    const CsrArrays a = csr_arrays(indptr, indices, data, rows, cols);
    if (y.ndim() != 1) throw InvalidArgument("y", "must be 1-dimensional");
    const std::span<const double> ys(y.data(), static_cast<std::size_t>(y.size()));
    sparsereg::FitOptions fit = fit_options(options);
    bool interrupted = false;
    sparsereg::PathResult result;
    {
        py::gil_scoped_release release;
        // Ctrl-C ends the path after the λ being fitted (then raises KeyboardInterrupt).
        fit.keep_going = [&interrupted](const sparsereg::PathPoint&) {
            py::gil_scoped_acquire acquire;
            if (PyErr_CheckSignals() != 0) {
                interrupted = true;
                return false;
            }
            return true;
        };
        result = with_view(a, fit.threads,
                           [&](auto view) { return sparsereg::fit_path(view, ys, fit); });
    }
    if (interrupted) throw py::error_already_set();
    py::dict d = path_dict(result);
    d["view_addresses"] = addresses(a);
    return d;
}

py::dict cv_path_py(const py::array& indptr, const py::array& indices, const py::array& data,
                    std::int64_t rows, std::int64_t cols,
                    const py::array_t<double, py::array::c_style | py::array::forcecast>& y,
                    const py::dict& options, const py::dict& cv) {
    const CsrArrays a = csr_arrays(indptr, indices, data, rows, cols);
    if (y.ndim() != 1) throw InvalidArgument("y", "must be 1-dimensional");
    const std::span<const double> ys(y.data(), static_cast<std::size_t>(y.size()));
    const sparsereg::FitOptions fit = fit_options(options);
    const sparsereg::CvOptions cvo = cv_options(cv);
    sparsereg::CvResult result;
    {
        py::gil_scoped_release release;
        result = with_view(a, fit.threads,
                           [&](auto view) { return sparsereg::cv_path(view, ys, fit, cvo); });
    }
    py::dict d;
    d["measure"] = sparsereg::to_string(result.measure);
    d["folds"] = result.folds;
    d["foldid"] = to_numpy(result.foldid);
    d["best"] = result.best;
    py::list curves;
    for (const auto& c : result.curves) {
        py::dict cd;
        cd["alpha"] = c.alpha;
        cd["full_fit"] = path_dict(c.full_fit);
        cd["lambdas"] = to_numpy(c.lambdas);
        cd["mean"] = to_numpy(c.mean);
        cd["se"] = to_numpy(c.se);
        cd["df"] = to_numpy(c.df);
        cd["index_min"] = c.index_min;
        cd["index_1se"] = c.index_1se;
        cd["lambda_min"] = c.lambda_min;
        cd["lambda_1se"] = c.lambda_1se;
        curves.append(cd);
    }
    d["curves"] = curves;
    d["view_addresses"] = addresses(a);
    return d;
}

py::array_t<double> predict_py(const py::dict& model_d, const py::array& indptr,
                               const py::array& indices, const py::array& data, std::int64_t rows,
                               std::int64_t cols, const std::string& type,
                               std::optional<double> lambda, int threads) {
    const sparsereg::Model model = model_from_dict(model_d);
    const sparsereg::PredictionType prediction = sparsereg::parse_prediction_type(type);
    const CsrArrays a = csr_arrays(indptr, indices, data, rows, cols);
    std::vector<double> out;
    {
        py::gil_scoped_release release;
        out = with_view(a, threads, [&](auto view) {
            return sparsereg::predict(model, view, prediction, lambda);
        });
    }
    return to_numpy(out);
}

py::dict view_info(const py::array& indptr, const py::array& indices, const py::array& data,
                   std::int64_t rows, std::int64_t cols) {
    const CsrArrays a = csr_arrays(indptr, indices, data, rows, cols);
    py::dict d;
    {
        py::gil_scoped_release release;
        with_view(a, 0, [&](auto view) {
            using View = decltype(view);
            py::gil_scoped_acquire acquire;
            d["indptr"] = address(view.indptr().data());
            d["indices"] = address(view.indices().data());
            d["data"] = address(view.values().data());
            d["rows"] = static_cast<std::int64_t>(view.rows());
            d["cols"] = static_cast<std::int64_t>(view.cols());
            d["nnz"] = view.nnz();
            d["value_type"] =
                std::is_same_v<typename View::value_type, float> ? "float32" : "float64";
            d["index_type"] =
                std::is_same_v<typename View::index_type, std::int32_t> ? "int32" : "int64";
            return 0;
        });
    }
    return d;
}

// An svmlight file read by the library's parser (plain, .gz, .bz2, .xz), returned
// as scipy's CSR arrays that own the parsed buffers (moved, not copied).
template <sparsereg::StorageValue T, sparsereg::StorageIndex I>
py::tuple read_svmlight_as(const std::string& file, const sparsereg::SvmlightOptions& options) {
    using Data = sparsereg::LabeledData<T, I>;
    auto data = std::make_unique<Data>();
    {
        py::gil_scoped_release release;
        *data = sparsereg::read_svmlight<T, I>(file, options);
    }
    const auto view = data->X.view();
    const auto rows = static_cast<std::int64_t>(view.rows());
    const auto cols = static_cast<std::int64_t>(view.cols());
    const int base = data->index_base == sparsereg::IndexBase::zero ? 0 : 1;
    py::array_t<double> y = to_numpy(data->y);
    py::capsule owner(data.get(), [](void* p) { delete static_cast<Data*>(p); });
    static_cast<void>(data.release());  // the capsule owns it now
    // The arrays view the CsrMatrix's vectors, kept alive by the capsule.
    const auto wrap = [&owner]<class V>(std::span<const V> s) {
        return py::array_t<V>(static_cast<py::ssize_t>(s.size()), s.data(), owner);
    };
    return py::make_tuple(wrap(view.indptr()), wrap(view.indices()), wrap(view.values()), rows,
                          cols, y, base);
}

py::tuple read_svmlight_py(const std::string& file, std::int64_t n_features,
                           const std::string& index_base, bool single, bool wide, int threads) {
    sparsereg::SvmlightOptions options;
    options.n_features = n_features;
    options.threads = threads;
    if (index_base == "zero") options.index_base = sparsereg::IndexBase::zero;
    else if (index_base == "one") options.index_base = sparsereg::IndexBase::one;
    else options.index_base = sparsereg::IndexBase::automatic;
    if (single) {
        return wide ? read_svmlight_as<float, std::int64_t>(file, options)
                    : read_svmlight_as<float, std::int32_t>(file, options);
    }
    return wide ? read_svmlight_as<double, std::int64_t>(file, options)
                : read_svmlight_as<double, std::int32_t>(file, options);
}

double evaluate_measure_py(const std::string& measure, const std::string& family,
                           const std::vector<double>& y, const std::vector<double>& eta,
                           const std::vector<double>& weights) {
    const auto fam = family == "binomial" ? sparsereg::Family::binomial : sparsereg::Family::gaussian;
    return sparsereg::evaluate_measure(sparsereg::parse_measure(measure), fam, y, eta, weights);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "sparsereg's C++ core (internal; use the sparsereg package)";
    m.attr("__version__") = sparsereg::library_version();

    static py::exception<sparsereg::InvalidArgument> invalid_argument(m, "InvalidArgumentError",
                                                                      PyExc_ValueError);
    static py::exception<sparsereg::ParseError> parse_error(m, "ParseError", PyExc_ValueError);
    // NOLINTNEXTLINE(performance-unnecessary-value-param): pybind11's translator type takes it by value
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const sparsereg::InvalidArgument& e) {
            py::object error = py::reinterpret_borrow<py::object>(invalid_argument)(e.what());
            error.attr("argument") = e.argument();
            PyErr_SetObject(invalid_argument.ptr(), error.ptr());
        } catch (const sparsereg::ParseError& e) {
            py::object error = py::reinterpret_borrow<py::object>(parse_error)(e.what());
            error.attr("file") = e.file();
            error.attr("line") = e.line();
            error.attr("column") = e.column();
            PyErr_SetObject(parse_error.ptr(), error.ptr());
        } catch (const sparsereg::IoError& e) {
            PyErr_SetString(PyExc_OSError, e.what());
        } catch (const sparsereg::Error& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
        }
    });

    m.def("instruction_set", [] { return std::string(sparsereg::instruction_set()); },
          "The SIMD instruction set of the kernels in use");
    m.def("fit_path", &fit_path_py, py::arg("indptr"), py::arg("indices"), py::arg("data"),
          py::arg("rows"), py::arg("cols"), py::arg("y"), py::arg("options"));
    m.def("cv_path", &cv_path_py, py::arg("indptr"), py::arg("indices"), py::arg("data"),
          py::arg("rows"), py::arg("cols"), py::arg("y"), py::arg("options"), py::arg("cv"));
    m.def("predict", &predict_py, py::arg("model"), py::arg("indptr"), py::arg("indices"),
          py::arg("data"), py::arg("rows"), py::arg("cols"), py::arg("type"),
          py::arg("lambda_") = py::none(), py::arg("threads") = 0);
    m.def("view_info", &view_info, py::arg("indptr"), py::arg("indices"), py::arg("data"),
          py::arg("rows"), py::arg("cols"),
          "Builds the CsrView a fit would use and returns its array addresses");
    m.def("read_svmlight", &read_svmlight_py, py::arg("file"), py::arg("n_features") = 0,
          py::arg("index_base") = "auto", py::arg("single") = false, py::arg("wide") = false,
          py::arg("threads") = 0);
    m.def("evaluate_measure", &evaluate_measure_py, py::arg("measure"), py::arg("family"),
          py::arg("y"), py::arg("eta"), py::arg("weights"));
    m.def("model_to_json", [](const py::dict& d) { return sparsereg::to_json(model_from_dict(d)); });
    m.def("model_from_json", [](const std::string& text, const std::string& source) {
        return model_dict(sparsereg::model_from_json(text, source));
    });
    m.def("save_model", [](const std::string& file, const py::dict& d) {
        sparsereg::save_model(file, model_from_dict(d));
    });
    m.def("load_model", [](const std::string& file) { return model_dict(sparsereg::load_model(file)); });
}
