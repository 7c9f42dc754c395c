#include "api/validate_fit.hpp"

#include <cmath>
#include <string>

#include "sparsereg/error.hpp"

namespace sparsereg {

const char* to_string(Family family) noexcept {
    switch (family) {
        case Family::gaussian: return "gaussian";
        case Family::binomial: return "binomial";
    }
    return "?";
}

const char* to_string(Solver solver) noexcept {
    switch (solver) {
        case Solver::coordinate_descent: return "cd";
        case Solver::proximal_gradient: return "fista";
    }
    return "?";
}

const char* to_string(Status status) noexcept {
    switch (status) {
        case Status::converged: return "converged";
        case Status::max_iterations: return "max_iterations";
        case Status::stalled: return "stalled";
    }
    return "?";
}

double effective_tol(const FitOptions& options) noexcept {
    if (options.tol) return *options.tol;
    const bool ridge_term = options.alpha < 1 && options.stopping == StoppingRule::duality_gap;
    return ridge_term ? 1e-9 : 1e-7;
}

namespace detail {

namespace {

std::string at(const char* name, std::size_t i, double value) {
    return std::string(name) + "[" + std::to_string(i) + "] = " + std::to_string(value);
}

void check_per_item(const std::vector<double>& values, std::int64_t expected, const char* name,
                    const char* per) {
    if (!values.empty() && static_cast<std::int64_t>(values.size()) != expected) {
        throw InvalidArgument(name, "has " + std::to_string(values.size()) + " values but X has " +
                                        std::to_string(expected) + " " + per);
    }
}

}  // namespace

void validate_fit(const FitOptions& o, std::int64_t rows, std::int64_t cols,
                  std::span<const double> y) {
    if (rows == 0) throw InvalidArgument("X", "has no rows");
    if (cols == 0) throw InvalidArgument("X", "has no columns");
    if (static_cast<std::int64_t>(y.size()) != rows) {
        throw InvalidArgument("y", "has " + std::to_string(y.size()) + " values but X has " +
                                       std::to_string(rows) + " rows");
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i])) throw InvalidArgument("y", at("y", i, y[i]) + " is not finite");
        if (o.family == Family::binomial && y[i] != 0.0 && y[i] != 1.0) {
            throw InvalidArgument("y", at("y", i, y[i]) +
                                           ": binomial labels must be 0 or 1 (see to_binary_labels)");
        }
    }
    check_per_item(o.weights, rows, "weights", "rows");
    double weight_sum = 0;
    for (std::size_t i = 0; i < o.weights.size(); ++i) {
        if (!(o.weights[i] >= 0.0) || !std::isfinite(o.weights[i])) {
            throw InvalidArgument("weights", at("weights", i, o.weights[i]) + " must be finite and >= 0");
        }
        weight_sum += o.weights[i];
    }
    if (!o.weights.empty() && !(weight_sum > 0.0)) {
        throw InvalidArgument("weights", "are all 0: at least one row must count");
    }
    if (o.family == Family::binomial) {
        bool seen[2] = {false, false};
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (o.weights.empty() || o.weights[i] > 0) seen[y[i] == 1.0] = true;
        }
        if (!seen[0] || !seen[1]) {
            throw InvalidArgument("y", std::string("has only ") + (seen[1] ? "1s" : "0s") +
                                           " among rows of positive weight; binomial needs both "
                                           "classes");
        }
    }
    if (!(o.alpha >= 0.0 && o.alpha <= 1.0)) {
        throw InvalidArgument("alpha", "must be in [0, 1], got " + std::to_string(o.alpha));
    }
    if (o.lambdas.empty()) {
        if (o.nlambda < 1) {
            throw InvalidArgument("nlambda", "must be >= 1, got " + std::to_string(o.nlambda));
        }
        if (!(o.lambda_min_ratio < 1.0) || std::isnan(o.lambda_min_ratio)) {
            throw InvalidArgument("lambda_min_ratio",
                                  "must be < 1 (or <= 0 for the default), got " +
                                      std::to_string(o.lambda_min_ratio));
        }
    }
    for (std::size_t k = 0; k < o.lambdas.size(); ++k) {
        if (!(o.lambdas[k] > 0.0) || !std::isfinite(o.lambdas[k])) {
            throw InvalidArgument("lambdas", at("lambdas", k, o.lambdas[k]) +
                                                 " must be positive and finite");
        }
        if (k > 0 && !(o.lambdas[k] < o.lambdas[k - 1])) {
            throw InvalidArgument("lambdas", at("lambdas", k, o.lambdas[k]) +
                                                 " does not decrease from " +
                                                 std::to_string(o.lambdas[k - 1]) +
                                                 "; give the grid in strictly decreasing order");
        }
    }
    check_per_item(o.penalty_factors, cols, "penalty_factors", "columns");
    check_per_item(o.lower_limits, cols, "lower_limits", "columns");
    check_per_item(o.upper_limits, cols, "upper_limits", "columns");
    double factor_sum = 0;
    for (std::size_t j = 0; j < o.penalty_factors.size(); ++j) {
        const double v = o.penalty_factors[j];
        if (!(v >= 0.0) || !std::isfinite(v)) {
            throw InvalidArgument("penalty_factors",
                                  at("penalty_factors", j, v) + " must be finite and >= 0");
        }
        factor_sum += v;
    }
    if (!o.penalty_factors.empty() && factor_sum == 0.0) {
        throw InvalidArgument("penalty_factors",
                              "are all 0: nothing is penalized, so there is no path to fit");
    }
    for (std::size_t j = 0; j < o.lower_limits.size(); ++j) {
        if (!(o.lower_limits[j] <= 0.0)) {
            throw InvalidArgument("lower_limits",
                                  at("lower_limits", j, o.lower_limits[j]) + " must be <= 0");
        }
    }
    for (std::size_t j = 0; j < o.upper_limits.size(); ++j) {
        if (!(o.upper_limits[j] >= 0.0)) {
            throw InvalidArgument("upper_limits",
                                  at("upper_limits", j, o.upper_limits[j]) + " must be >= 0");
        }
    }
    if (o.tol && (!(*o.tol > 0.0) || !std::isfinite(*o.tol))) {
        throw InvalidArgument("tol", "must be positive and finite, got " + std::to_string(*o.tol));
    }
    if (o.max_epochs < 1) {
        throw InvalidArgument("max_epochs", "must be >= 1, got " + std::to_string(o.max_epochs));
    }
    if (o.dfmax < -1) throw InvalidArgument("dfmax", "must be >= 0, or -1 for no limit");
    if (o.pmax < -1) throw InvalidArgument("pmax", "must be >= 0, or -1 for no limit");
    if (o.threads < 0) {
        throw InvalidArgument("threads", "must be >= 0 (0: all cores), got " +
                                             std::to_string(o.threads));
    }
}

}  // namespace detail
}  // namespace sparsereg
