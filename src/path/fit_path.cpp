// The regularization path: λ_max from the null model, glmnet's grid, warm
// starts from one λ to the next, sequential strong rules, and glmnet's early
// termination. The family switch here is the one place a runtime choice
// becomes a template instantiation (DESIGN.md, "Core abstractions").

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/validate_fit.hpp"
#include "data/duplicate_columns.hpp"
#include "data/duplicate_rows.hpp"
#include "screening/strong_rule.hpp"
#include "solver/coordinate_descent.hpp"
#include "solver/proximal_gradient.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/datafit/quadratic.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/path/lambda_grid.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg {

namespace {

// glmnet's early termination constants (glmnet.control: fdev, devmax, mnlam).
constexpr double min_deviance_gain = 1e-5;
constexpr double max_deviance_ratio = 0.999;
constexpr std::size_t min_path_length = 5;
// For α = 0 glmnet takes λ_max as if α were 1e-3: ridge never zeroes a coefficient.
constexpr double min_alpha_for_lambda_max = 1e-3;
// With α < 1, equal columns are merged when they are at least this share of
// the columns (see merge_duplicate_columns).
constexpr double min_ridge_merge_share = 1e-3;

// The penalty on working coordinates b_j = d_j β_j: factors rescaled to sum
// to the number of columns, limits scaled like the coefficients.
template <class T, class I>
ElasticNet make_penalty(const FitOptions& o, const DesignMatrix<T, I>& X) {
    const auto p = static_cast<std::size_t>(X.cols());
    std::vector<double> factors;
    if (!o.penalty_factors.empty()) {
        double sum = 0;
        for (double v : o.penalty_factors) sum += v;
        factors.resize(p);
        for (std::size_t j = 0; j < p; ++j) {
            factors[j] = o.penalty_factors[j] * static_cast<double>(p) / sum;
        }
    }
    // Both limits or neither: ElasticNet reads an empty vector as no limit.
    std::vector<double> lower, upper;
    if (!o.lower_limits.empty() || !o.upper_limits.empty()) {
        constexpr double inf = std::numeric_limits<double>::infinity();
        lower.assign(p, -inf);
        upper.assign(p, inf);
        for (std::size_t j = 0; j < p; ++j) {
            const double d = X.scale(static_cast<std::int64_t>(j));
            if (!o.lower_limits.empty()) lower[j] = o.lower_limits[j] * d;
            if (!o.upper_limits.empty()) upper[j] = o.upper_limits[j] * d;
        }
    }
    return ElasticNet(o.alpha, std::move(factors), std::move(lower), std::move(upper));
}

// Columns equal to an earlier one with the same penalty factor
// (detail::first_equal_columns; FitOptions::merge_duplicate_columns) are
// held at 0 and fitted through the first of their group.
//   Under the Lasso the first takes the group's whole coefficient: the
// objective sees only the sum, and glmnet's passes usually end there too.
//   With α < 1 the ridge term makes the optimum unique and even, b_i = c
// for each of the k members, and that is the Elastic Net on one column
// k z with penalty factor k v: k z c = Σ z b_i, and
// k v [α|c| + (1−α)/2 c²] = Σ v [α|b_i| + (1−α)/2 b_i²]. Passes over k
// equal columns under a small ridge term crawl, each moving the group's
// share a little: finefoods' α = 0.5 standardized path took 5,449 passes,
// 2,225 with its 4,195 copies merged.
//   Limits may stop one member short, so with limits nothing is merged.
struct MergedColumns {
    std::int64_t count = 0;  // columns held at 0 and fitted through an earlier one
    // With α < 1, when any were merged (else empty): one Group per group,
    // in order of its first column, and its members' columns one after the
    // other in `members`, their scales in `member_scales`: 16 bytes a
    // member, where (first, member) pairs grown by doubling took up to 32
    // (news20 α 0.5 standardized has 141,982 members).
    struct Group {
        std::int64_t first;
        double first_scale;        // d_j before it was scaled by k
        std::size_t members_end;   // its members are members[previous group's end, members_end)
    };
    std::vector<Group> groups;
    std::vector<std::int64_t> members;
    std::vector<double> member_scales;  // d_j of each member, which a narrowed design no longer holds

    // The nonzero coefficients on the caller's scale and columns, in column
    // order, from the working ones (of X's columns, which may be narrowed);
    // members take their first's. Only the nonzero ones are visited past a
    // scan of β: the path asks at every λ.
    template <class T, class I>
    void coefficients(std::span<const double> beta, const DesignMatrix<T, I>& X,
                      std::vector<std::pair<std::int64_t, double>>& out) const {
        out.clear();
        for (std::size_t j = 0; j < beta.size(); ++j) {
            if (beta[j] != 0.0) out.emplace_back(static_cast<std::int64_t>(j), beta[j]);
        }
        const std::size_t firsts = out.size();
        for (std::size_t k = 0; k < firsts; ++k) {
            const auto [j, b] = out[k];  // a copy: the members go on the end of out
            const std::int64_t original = X.original_column(j);
            out[k].first = original;
            const auto group = std::lower_bound(groups.begin(), groups.end(), original,
                                                [](const Group& g, std::int64_t c) { return g.first < c; });
            if (group == groups.end() || group->first != original) {
                out[k].second = b / X.scale(j);
                continue;
            }
            const std::size_t begin = group == groups.begin() ? 0 : std::prev(group)->members_end;
            for (std::size_t m = begin; m < group->members_end; ++m) {
                out.emplace_back(members[m], b / member_scales[m]);
            }
            out[k].second = b / group->first_scale;
        }
        if (out.size() > firsts) std::sort(out.begin(), out.end());
    }
};

template <class T, class I>
MergedColumns merge_duplicate_columns(DesignMatrix<T, I>& X, ElasticNet& penalty) {
    MergedColumns merged;
    if (penalty.has_limits()) return merged;
    std::vector<std::int64_t> first = detail::first_equal_columns(X);
    std::vector<double> group_size(first.size(), 1.0);  // at each group's first column
    std::int64_t count = 0;
    for (std::size_t j = 0; j < first.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        if (first[j] == jj) continue;
        if (penalty.factor(jj) != penalty.factor(first[j])) {
            first[j] = jj;  // a column of its own
            continue;
        }
        group_size[static_cast<std::size_t>(first[j])] += 1.0;
        ++count;
    }
    // With α < 1 every check then reads per-feature penalty factors (news20
    // raw with factors of 1 given: 1.05x the time), which a handful of copies
    // does not repay: rcv1 raw's 23 of 47,117 took 1.04x the time, while
    // snp's 112 of 28,497 took 0.92x.
    const bool ridge = penalty.alpha() < 1.0;
    if (count == 0 ||
        (ridge && static_cast<double>(count) < min_ridge_merge_share * static_cast<double>(first.size()))) {
        return merged;
    }
    merged.count = count;
    for (std::size_t j = 0; j < first.size(); ++j) {
        if (first[j] != static_cast<std::int64_t>(j)) X.fix_at_zero(static_cast<std::int64_t>(j));
    }
    if (!ridge) return merged;
    std::vector<double> factors(first.size());
    // Each group's members go to slots counted from its first's, which
    // precedes them all: from then on first[] of a group's first column
    // holds the next slot of its members (first[] of a member is not
    // changed, and first[] of a first column is not read again otherwise).
    merged.members.resize(static_cast<std::size_t>(count));
    merged.member_scales.resize(static_cast<std::size_t>(count));
    std::int64_t slots = 0;
    for (std::size_t j = 0; j < first.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        factors[j] = penalty.factor(jj) * group_size[j];
        if (first[j] != jj) {
            std::int64_t& slot = first[static_cast<std::size_t>(first[j])];
            merged.member_scales[static_cast<std::size_t>(slot)] = X.scale(jj);
            merged.members[static_cast<std::size_t>(slot++)] = jj;
        } else if (group_size[j] > 1.0) {
            const auto members = static_cast<std::int64_t>(group_size[j]) - 1;
            merged.groups.push_back({jj, X.scale(jj), static_cast<std::size_t>(slots + members)});
            first[j] = slots;
            slots += members;
            X.scale_column(jj, group_size[j]);
        }
    }
    merged.groups.shrink_to_fit();
    penalty = ElasticNet(penalty.alpha(), std::move(factors), {}, {});
    return merged;
}

// Drops the columns fixed at zero (constant ones, and duplicates fitted
// through another) from the design and the penalty, for a solver that works
// on X's columns alone: every per-column vector of its state (β, the
// gradient, the model's column sums, the penalty factors, X's centres and
// scales) then counts only the columns that can move. news20's bigrams
// have 37% of theirs fitted through another: the peak RSS of a process's
// first path went from 1.46x to 1.40x X's CSR + CSC copies (the target is
// 1.5x), and its time to 0.91-0.95x. The columns keep their order, so the passes visit the
// same columns in the same order.
template <class T, class I>
void drop_fixed_columns(DesignMatrix<T, I>& X, ElasticNet& penalty) {
    std::vector<std::int64_t> kept;
    for (std::int64_t j = 0; j < X.cols(); ++j) {
        if (!X.fixed_at_zero(j)) kept.push_back(j);
    }
    // With every column fixed the fit stops at λ_max's check, on X as given.
    if (kept.empty() || static_cast<std::int64_t>(kept.size()) == X.cols()) return;
    const auto narrow = [&kept](auto value_of) {
        std::vector<double> values(kept.size());
        for (std::size_t k = 0; k < kept.size(); ++k) values[k] = value_of(kept[k]);
        return values;
    };
    std::vector<double> factors, lower, upper;
    if (penalty.has_factors()) factors = narrow([&](std::int64_t j) { return penalty.factor(j); });
    if (penalty.has_limits()) {
        lower = narrow([&](std::int64_t j) { return penalty.lower(j); });
        upper = narrow([&](std::int64_t j) { return penalty.upper(j); });
    }
    penalty = ElasticNet(penalty.alpha(), std::move(factors), std::move(lower), std::move(upper));
    X.keep_columns(kept);
}

// X's values as floats when every one of them is a float exactly (counts,
// genotypes 0/1/2, 0/1 indicators), else nothing. Fitted from those, a path
// is the same numbers summed in double, with 4 bytes less per nonzero read
// in every column pass: snp's path took 0.89-0.93x the time, a9a's and w8a's
// 0.95-0.98x, with the same bits.
std::optional<std::vector<float>> exact_float_values(std::span<const double> values) {
    const auto exact = [](double v) { return static_cast<double>(static_cast<float>(v)) == v; };
    if (!std::all_of(values.begin(), values.end(), exact)) return std::nullopt;
    return std::vector<float>(values.begin(), values.end());
}

// Deviance of the model with the intercept alone (or η = 0 without one).
double null_deviance(Family family, std::span<const double> y, std::span<const double> w,
                     bool intercept) {
    const double n = static_cast<double>(y.size());
    double mean = 0;
    for (std::size_t i = 0; i < y.size(); ++i) mean += w[i] * y[i];
    mean /= n;
    double deviance = 0;
    if (family == Family::gaussian) {
        const double centre = intercept ? mean : 0.0;
        for (std::size_t i = 0; i < y.size(); ++i) deviance += w[i] * (y[i] - centre) * (y[i] - centre);
        return deviance;
    }
    if (!intercept) return 2.0 * n * std::log(2.0);
    return -2.0 * n * (mean * std::log(mean) + (1.0 - mean) * std::log1p(-mean));
}

// How deviances and objectives of a fit on merged rows (duplicate_rows.hpp)
// read on the caller's rows: its weights sum to the merged row count where
// the caller's sum to n, and a least-squares fit lost the within-group sum
// of squares. The identity when no rows were merged.
struct RowMergeScale {
    std::int64_t original_rows = 0;
    std::int64_t merged_rows = 0;
    double within_squares = 0.0;  // deviance taken out by the merge

    double deviance(double merged) const noexcept {
        const double ratio = static_cast<double>(original_rows) / static_cast<double>(merged_rows);
        return merged * ratio + within_squares;
    }
    // Per original row, as the objective's loss term (½ squared error).
    double objective_offset() const noexcept {
        return 0.5 * within_squares / static_cast<double>(original_rows);
    }
};

template <class PathSolver, class T, class I>
PathResult run_path(const DesignMatrix<T, I>& X, std::span<const double> y, const FitOptions& o,
                    const ElasticNet& penalty, const RowMergeScale& merge, const MergedColumns& columns) {
    PathResult result;
    result.family = o.family;
    result.alpha = o.alpha;
    result.null_deviance = merge.deviance(null_deviance(o.family, y, X.weights(), X.intercept()));
    const auto original_rows = static_cast<double>(merge.original_rows);

    result.tol = effective_tol(o);
    detail::SolverSettings settings{o.stopping, result.tol, o.max_epochs,
                                    result.null_deviance > 0 ? result.null_deviance / original_rows : 1.0,
                                    o.support_newton, o.anderson, o.path_prediction};
    PathSolver solver(X, y, penalty, settings);
    solver.fit_unpenalized();

    const auto fixed = [&X](std::int64_t j) { return X.fixed_at_zero(j); };
    const auto gradient = solver.gradient();
    for (std::size_t j = 0; j < gradient.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        if (fixed(jj) || penalty.unpenalized(jj)) continue;
        const double weight = std::max(o.alpha, min_alpha_for_lambda_max) * penalty.factor(jj);
        result.lambda_max = std::max(result.lambda_max, std::abs(gradient[j]) / weight);
    }
    if (!(result.lambda_max > 0)) {
        throw InvalidArgument("y", "no penalized feature is correlated with the response at the "
                                   "null model (constant response, or every column constant), so "
                                   "every λ gives the same fit");
    }

    const bool user_grid = !o.lambdas.empty();
    const std::vector<double> lambdas =
        user_grid ? o.lambdas
                  : log_spaced_lambdas(result.lambda_max,
                                       o.lambda_min_ratio > 0
                                           ? o.lambda_min_ratio
                                           : default_lambda_min_ratio(merge.original_rows, X.original_cols()),
                                       o.nlambda);
    result.n_lambdas_requested = lambdas.size();

    std::vector<char> ever_active(static_cast<std::size_t>(X.original_cols()), 0);
    std::int64_t n_ever_active = 0;
    std::vector<std::pair<std::int64_t, double>> nonzero;
    double previous_lambda = std::max(result.lambda_max, lambdas.front());
    for (std::size_t k = 0; k < lambdas.size(); ++k) {
        const double lambda = lambdas[k];
        // From λ_max up every penalized coefficient is exactly 0 (unless α is
        // below the floor λ_max was computed with): only the unpenalized ones
        // are fitted, so rounding cannot let one in.
        const bool null_fit = lambda >= result.lambda_max && o.alpha >= min_alpha_for_lambda_max;
        const auto working_set =
            detail::strong_set(solver.gradient(), solver.beta(), penalty, fixed, lambda,
                               previous_lambda, o.screening && !null_fit, null_fit);
        const detail::PointStats stats = solver.solve(lambda, working_set);
        previous_lambda = lambda;

        PathPoint point;
        point.lambda = lambda;
        point.intercept = solver.original_intercept();
        columns.coefficients(solver.beta(), X, nonzero);
        for (const auto& [j, b] : nonzero) {
            point.features.push_back(j);
            point.coefficients.push_back(b);
            if (!ever_active[static_cast<std::size_t>(j)]) {
                ever_active[static_cast<std::size_t>(j)] = 1;
                ++n_ever_active;
            }
        }
        // Never hand out a non-finite model: a solver that produced one (data
        // whose scale is beyond double precision) ends the fit with an error.
        bool finite = std::isfinite(point.intercept) && std::isfinite(stats.objective);
        for (double b : point.coefficients) finite = finite && std::isfinite(b);
        if (!finite) {
            throw Error("λ[" + std::to_string(k) + "] = " + std::to_string(lambda) +
                        ": the fit became non-finite (NaN or infinity); the data's values are "
                        "beyond what double precision can fit (rescale X or standardize)");
        }
        point.df = static_cast<std::int64_t>(point.features.size());
        point.objective = stats.objective + merge.objective_offset();
        point.dev_ratio = 1.0 - merge.deviance(solver.deviance()) / result.null_deviance;
        point.duality_gap = stats.duality_gap;
        point.kkt_violation = stats.kkt;
        point.epochs = stats.epochs;
        point.status = stats.status;
        result.points.push_back(std::move(point));
        if (o.progress) o.progress({k, lambdas.size()});

        const PathPoint& last = result.points.back();
        if (o.keep_going && !o.keep_going(last)) {
            result.stopped_early = "the caller's keep_going ended the path at λ[" +
                                   std::to_string(k) + "]";
            break;
        }
        if (last.status == Status::max_iterations) {
            result.stopped_early = "λ[" + std::to_string(k) + "] did not converge within " +
                                   std::to_string(o.max_epochs) + " epochs (max_epochs)";
            break;
        }
        if (k + 1 == lambdas.size()) break;
        if (o.dfmax >= 0 && last.df > o.dfmax) {
            result.stopped_early = "more than dfmax = " + std::to_string(o.dfmax) + " nonzero coefficients";
            break;
        }
        if (o.pmax >= 0 && n_ever_active > o.pmax) {
            result.stopped_early = "more than pmax = " + std::to_string(o.pmax) + " features ever nonzero";
            break;
        }
        if (!o.early_stop || user_grid || k + 1 < min_path_length) continue;
        const double gain = last.dev_ratio - result.points[k - 1].dev_ratio;
        if (gain < min_deviance_gain * last.dev_ratio) {
            result.stopped_early = "the deviance ratio gained less than 1e-5 (relative)";
            break;
        }
        if (last.dev_ratio > max_deviance_ratio) {
            result.stopped_early = "the deviance ratio exceeded 0.999";
            break;
        }
    }
    return result;
}

}  // namespace

template <StorageValue T, StorageIndex I>
PathResult fit_path(CsrView<T, I> X, std::span<const double> y, const FitOptions& options) {
    detail::validate_fit(options, X.rows(), X.cols(), y);
    if constexpr (std::is_same_v<T, double>) {
        if (options.exact_float_storage) {
            if (const auto values = exact_float_values(X.values())) {
                return fit_path(CsrView<float, I>::unchecked(X.rows(), X.cols(), X.indptr(), X.indices(), *values),
                                y, options);
            }
        }
    }
    std::optional<detail::MergedRows<T, I>> merged;
    if (options.merge_duplicate_rows) {
        merged = detail::merge_duplicate_rows(X, y, options.weights, options.threads);
    }
    RowMergeScale merge{X.rows(), merged ? merged->X.rows() : X.rows()};
    // The logistic loss is linear in y: a merge takes nothing out of it.
    if (merged && options.family == Family::gaussian) merge.within_squares = merged->within_squares;
    const std::span<const double> fit_y = merged ? std::span<const double>(merged->y) : y;
    DesignMatrix<T, I> design(
        merged ? merged->X.view() : X, merged ? std::span<const double>(merged->weights) : options.weights,
        {.standardize = options.standardize, .intercept = options.intercept, .threads = options.threads});
    ElasticNet penalty = make_penalty(options, design);
    const MergedColumns columns =
        options.merge_duplicate_columns ? merge_duplicate_columns(design, penalty) : MergedColumns{};
    // The proximal gradient's products read the caller's CSR, with all its columns.
    if (options.solver != Solver::proximal_gradient) drop_fixed_columns(design, penalty);
    const auto with_datafit = [&]<class D>() {
        PathResult result =
            options.solver == Solver::proximal_gradient
                ? run_path<detail::ProximalGradient<D, T, I>>(design, fit_y, options, penalty, merge, columns)
                : run_path<detail::CoordinateDescent<D, T, I>>(design, fit_y, options, penalty, merge, columns);
        result.fitted_rows = design.rows();
        result.float_storage = std::is_same_v<T, float>;
        result.duplicate_columns = columns.count;
        return result;
    };
    switch (options.family) {
        case Family::gaussian: return with_datafit.template operator()<Quadratic>();
        case Family::binomial: return with_datafit.template operator()<Logistic>();
    }
    throw InvalidArgument("family", "unknown family");
}

template <StorageValue T, StorageIndex I>
double evaluate_objective(CsrView<T, I> X, std::span<const double> y, const FitOptions& options,
                          double lambda, double intercept, std::span<const double> beta) {
    detail::validate_fit(options, X.rows(), X.cols(), y);
    if (static_cast<std::int64_t>(beta.size()) != X.cols()) {
        throw InvalidArgument("beta", "has " + std::to_string(beta.size()) + " values but X has " +
                                          std::to_string(X.cols()) + " columns");
    }
    const DesignMatrix<T, I> design(
        X, options.weights,
        {.standardize = options.standardize, .intercept = options.intercept, .threads = options.threads});
    const ElasticNet penalty = make_penalty(options, design);
    const auto w = design.weights();
    double loss = 0;
    for (I i = 0; i < X.rows(); ++i) {
        double eta = intercept;
        const auto cols = X.row_indices(i);
        const auto vals = X.row_values(i);
        for (std::size_t k = 0; k < cols.size(); ++k) {
            eta += static_cast<double>(vals[k]) * beta[static_cast<std::size_t>(cols[k])];
        }
        const auto ii = static_cast<std::size_t>(i);
        loss += w[ii] * (options.family == Family::gaussian ? Quadratic::loss(y[ii], eta)
                                                             : Logistic::loss(y[ii], eta));
    }
    double penalty_value = 0;
    for (std::size_t j = 0; j < beta.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        penalty_value += penalty.value(jj, lambda, beta[j] * design.scale(jj));
    }
    return loss / static_cast<double>(X.rows()) + penalty_value;
}

#define SPARSEREG_INSTANTIATE_FIT(T, I)                                                        \
    template PathResult fit_path<T, I>(CsrView<T, I>, std::span<const double>,                 \
                                       const FitOptions&);                                     \
    template double evaluate_objective<T, I>(CsrView<T, I>, std::span<const double>,           \
                                             const FitOptions&, double, double,                \
                                             std::span<const double>);
SPARSEREG_INSTANTIATE_FIT(float, std::int32_t)
SPARSEREG_INSTANTIATE_FIT(float, std::int64_t)
SPARSEREG_INSTANTIATE_FIT(double, std::int32_t)
SPARSEREG_INSTANTIATE_FIT(double, std::int64_t)
#undef SPARSEREG_INSTANTIATE_FIT

}  // namespace sparsereg
