#include "sparsereg/model_selection/cross_validation.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

// A uniform integer in [0, bound) from the generator's bits alone (no
// library distribution, whose algorithm the standard leaves open), so the
// folds of a seed are the same with every standard library.
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t bound) {
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % bound;
    for (;;) {
        const std::uint64_t draw = rng();
        if (draw < limit) return draw % bound;
    }
}

void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng) {
    for (std::size_t i = items.size(); i > 1; --i) {
        std::swap(items[i - 1], items[uniform_below(rng, i)]);
    }
}

void validate_cv(const CvOptions& cv, const FitOptions& fit, std::size_t n) {
    if (!measure_applies(cv.measure, fit.family)) {
        throw InvalidArgument("measure", std::string("'") + to_string(cv.measure) +
                                             "' does not apply to family " + to_string(fit.family) +
                                             (fit.family == Family::gaussian
                                                  ? " (use mse, mae or deviance)"
                                                  : " (use deviance, class or auc)"));
    }
    for (std::size_t k = 0; k < cv.alphas.size(); ++k) {
        if (!(cv.alphas[k] >= 0.0 && cv.alphas[k] <= 1.0)) {
            throw InvalidArgument("alphas", "alphas[" + std::to_string(k) + "] = " +
                                                std::to_string(cv.alphas[k]) + " must be in [0, 1]");
        }
    }
    if (cv.foldid.empty()) {
        if (cv.folds < 2 || static_cast<std::size_t>(cv.folds) > n) {
            throw InvalidArgument("folds", "must be between 2 and the number of rows (" +
                                               std::to_string(n) + "), got " + std::to_string(cv.folds));
        }
        return;
    }
    if (cv.foldid.size() != n) {
        throw InvalidArgument("foldid", "has " + std::to_string(cv.foldid.size()) +
                                            " values but X has " + std::to_string(n) + " rows");
    }
    const int k = *std::max_element(cv.foldid.begin(), cv.foldid.end());
    std::vector<std::size_t> size(static_cast<std::size_t>(std::max(k, 0)) + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (cv.foldid[i] < 1) {
            throw InvalidArgument("foldid", "foldid[" + std::to_string(i) + "] = " +
                                                std::to_string(cv.foldid[i]) +
                                                ": folds are numbered from 1");
        }
        ++size[static_cast<std::size_t>(cv.foldid[i])];
    }
    if (k < 2) throw InvalidArgument("foldid", "names a single fold; cross-validation needs at least 2");
    for (int f = 1; f <= k; ++f) {
        if (size[static_cast<std::size_t>(f)] == 0) {
            throw InvalidArgument("foldid", "has no row in fold " + std::to_string(f) + " of 1.." +
                                                std::to_string(k) + "; number the folds 1..K without gaps");
        }
    }
}

// The rows of X in `rows`, in that order.
template <class T, class I>
struct RowSubset {
    std::vector<I> indptr{0};
    std::vector<I> indices;
    std::vector<T> values;
    CsrView<T, I> view(I cols) const {
        return CsrView<T, I>::unchecked(static_cast<I>(indptr.size() - 1), cols, indptr, indices,
                                        values);
    }
};

template <class T, class I>
RowSubset<T, I> select_rows(CsrView<T, I> X, std::span<const std::size_t> rows) {
    RowSubset<T, I> s;
    s.indptr.reserve(rows.size() + 1);
    for (std::size_t r : rows) {
        const auto cols = X.row_indices(static_cast<I>(r));
        const auto vals = X.row_values(static_cast<I>(r));
        s.indices.insert(s.indices.end(), cols.begin(), cols.end());
        s.values.insert(s.values.end(), vals.begin(), vals.end());
        s.indptr.push_back(static_cast<I>(s.indices.size()));
    }
    return s;
}

// Per λ of the grid, the fold's measure on its own rows, from a fit on the
// others; a fold path that ended early predicts with its last point beyond
// it (glmnet's predict clamps λ to the path the same way).
template <class T, class I>
std::vector<double> fold_measures(CsrView<T, I> X, std::span<const double> y,
                                  std::span<const double> weights, const FitOptions& fit,
                                  const CvOptions& cv, std::span<const int> foldid, int fold,
                                  const std::vector<double>& grid) {
    std::vector<std::size_t> train, test;
    for (std::size_t i = 0; i < foldid.size(); ++i) (foldid[i] == fold ? test : train).push_back(i);
    const RowSubset<T, I> train_X = select_rows(X, train);
    std::vector<double> train_y, train_w, test_y, test_w;
    for (std::size_t i : train) {
        train_y.push_back(y[i]);
        if (!weights.empty()) train_w.push_back(weights[i]);
    }
    for (std::size_t i : test) {
        test_y.push_back(y[i]);
        test_w.push_back(weights.empty() ? 1.0 : weights[i]);
    }
    FitOptions o = fit;
    o.lambdas = grid;
    o.weights = std::move(train_w);
    o.threads = 1;  // the folds themselves run in parallel
    o.progress = nullptr;
    o.keep_going = nullptr;
    const PathResult path = fit_path(train_X.view(X.cols()), train_y, o);

    std::vector<double> beta(static_cast<std::size_t>(X.cols()), 0.0);
    std::vector<double> eta(test.size());
    std::vector<double> measures(grid.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t l = 0; l < grid.size(); ++l) {
        const PathPoint& point = path.points[std::min(l, path.points.size() - 1)];
        for (std::size_t k = 0; k < point.features.size(); ++k) {
            beta[static_cast<std::size_t>(point.features[k])] = point.coefficients[k];
        }
        for (std::size_t t = 0; t < test.size(); ++t) {
            const auto cols = X.row_indices(static_cast<I>(test[t]));
            const auto vals = X.row_values(static_cast<I>(test[t]));
            double e = point.intercept;
            for (std::size_t k = 0; k < cols.size(); ++k) {
                e += static_cast<double>(vals[k]) * beta[static_cast<std::size_t>(cols[k])];
            }
            eta[t] = e;
        }
        for (auto j : point.features) beta[static_cast<std::size_t>(j)] = 0.0;
        measures[l] = evaluate_measure(cv.measure, fit.family, test_y, eta, test_w);
    }
    return measures;
}

// cv.glmnet's getOptcv: the largest λ at the best mean, then the largest λ
// whose mean is within one standard error of it.
void choose_lambdas(CvCurve& curve, Measure measure) {
    const double sign = higher_is_better(measure) ? -1.0 : 1.0;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t l = 0; l < curve.mean.size(); ++l) {
        if (!std::isnan(curve.mean[l])) best = std::min(best, sign * curve.mean[l]);
    }
    curve.index_min = 0;
    while (curve.index_min + 1 < curve.mean.size() && !(sign * curve.mean[curve.index_min] <= best)) {
        ++curve.index_min;
    }
    const double bound = sign * curve.mean[curve.index_min] + curve.se[curve.index_min];
    curve.index_1se = 0;
    while (curve.index_1se < curve.index_min && !(sign * curve.mean[curve.index_1se] <= bound)) {
        ++curve.index_1se;
    }
    curve.lambda_min = curve.lambdas[curve.index_min];
    curve.lambda_1se = curve.lambdas[curve.index_1se];
}

}  // namespace

std::vector<int> make_folds(std::span<const double> y, Family family, const CvOptions& options) {
    if (!options.foldid.empty()) return options.foldid;
    const std::size_t n = y.size();
    if (options.folds < 2 || static_cast<std::size_t>(options.folds) > n) {
        throw InvalidArgument("folds", "must be between 2 and the number of rows (" + std::to_string(n) +
                                           "), got " + std::to_string(options.folds));
    }
    std::mt19937_64 rng(options.seed);
    // Each group dealt round-robin in a random order, continuing where the
    // previous group stopped, so fold sizes differ by at most one.
    std::vector<std::vector<std::size_t>> groups(1);
    if (family == Family::binomial && options.stratify) {
        groups.assign(2, {});
        for (std::size_t i = 0; i < n; ++i) groups[y[i] == 1.0 ? 1 : 0].push_back(i);
    } else {
        for (std::size_t i = 0; i < n; ++i) groups[0].push_back(i);
    }
    std::vector<int> foldid(n, 0);
    std::size_t next = 0;
    for (auto& group : groups) {
        shuffle(group, rng);
        for (std::size_t i : group) {
            foldid[i] = static_cast<int>(next % static_cast<std::size_t>(options.folds)) + 1;
            ++next;
        }
    }
    return foldid;
}

template <StorageValue T, StorageIndex I>
CvResult cv_path(CsrView<T, I> X, std::span<const double> y, const FitOptions& fit,
                 const CvOptions& cv) {
    const auto n = static_cast<std::size_t>(X.rows());
    validate_cv(cv, fit, n);
    CvResult result;
    result.measure = cv.measure;
    result.foldid = make_folds(y, fit.family, cv);
    result.folds = *std::max_element(result.foldid.begin(), result.foldid.end());
    const auto folds = static_cast<std::size_t>(result.folds);

    std::vector<double> fold_weight(folds, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        fold_weight[static_cast<std::size_t>(result.foldid[i] - 1)] += fit.weights.empty() ? 1.0 : fit.weights[i];
    }
    const detail::Executor executor(fit.threads);
    const std::vector<double> alphas = cv.alphas.empty() ? std::vector<double>{fit.alpha} : cv.alphas;
    std::mutex progress_mutex;
    for (std::size_t a = 0; a < alphas.size(); ++a) {
        const double alpha = alphas[a];
        CvCurve curve;
        curve.alpha = alpha;
        FitOptions full = fit;
        full.alpha = alpha;
        curve.full_fit = fit_path(X, y, full);
        for (const auto& point : curve.full_fit.points) {
            curve.lambdas.push_back(point.lambda);
            curve.df.push_back(point.df);
        }
        full.progress = nullptr;

        // One slot per fold, combined in fold order: the same bits for any
        // thread count. A fold's error is reported for the lowest such fold.
        std::vector<std::vector<double>> measures(folds);
        std::vector<std::exception_ptr> errors(folds);
        std::size_t folds_done = 0;
        executor.for_each_block(folds, [&](std::size_t f) {
            try {
                measures[f] = fold_measures(X, y, fit.weights, full, cv, result.foldid,
                                            static_cast<int>(f + 1), curve.lambdas);
            } catch (...) {
                errors[f] = std::current_exception();
            }
            if (cv.progress) {
                const std::lock_guard<std::mutex> lock(progress_mutex);
                cv.progress(a, ++folds_done, folds);
            }
        });
        for (std::size_t f = 0; f < folds; ++f) {
            if (!errors[f]) continue;
            try {
                std::rethrow_exception(errors[f]);
            } catch (const InvalidArgument& e) {
                throw InvalidArgument("folds", "fold " + std::to_string(f + 1) +
                                                   " cannot be fitted on the other folds' rows: " +
                                                   e.what());
            }
        }

        const std::size_t m = curve.lambdas.size();
        curve.mean.assign(m, 0.0);
        curve.se.assign(m, 0.0);
        for (std::size_t l = 0; l < m; ++l) {
            double weight = 0, sum = 0;
            std::size_t counted = 0;
            for (std::size_t f = 0; f < folds; ++f) {
                if (std::isnan(measures[f][l])) continue;  // AUC of a one-class fold
                weight += fold_weight[f];
                sum += fold_weight[f] * measures[f][l];
                ++counted;
            }
            const double mean = sum / weight;
            double spread = 0;
            for (std::size_t f = 0; f < folds; ++f) {
                if (std::isnan(measures[f][l])) continue;
                const double d = measures[f][l] - mean;
                spread += fold_weight[f] * d * d;
            }
            curve.mean[l] = counted > 0 ? mean : std::numeric_limits<double>::quiet_NaN();
            curve.se[l] = counted > 1 ? std::sqrt(spread / weight / static_cast<double>(counted - 1))
                                      : std::numeric_limits<double>::quiet_NaN();
        }
        choose_lambdas(curve, cv.measure);
        result.curves.push_back(std::move(curve));
    }
    const double sign = higher_is_better(cv.measure) ? -1.0 : 1.0;
    for (std::size_t c = 1; c < result.curves.size(); ++c) {
        const auto& a = result.curves[c];
        const auto& b = result.curves[result.best];
        if (sign * a.mean[a.index_min] < sign * b.mean[b.index_min]) result.best = c;
    }
    return result;
}

#define SPARSEREG_INSTANTIATE_CV(T, I)                                               \
    template CvResult cv_path<T, I>(CsrView<T, I>, std::span<const double>,         \
                                    const FitOptions&, const CvOptions&);
SPARSEREG_INSTANTIATE_CV(float, std::int32_t)
SPARSEREG_INSTANTIATE_CV(float, std::int64_t)
SPARSEREG_INSTANTIATE_CV(double, std::int32_t)
SPARSEREG_INSTANTIATE_CV(double, std::int64_t)
#undef SPARSEREG_INSTANTIATE_CV

}  // namespace sparsereg
