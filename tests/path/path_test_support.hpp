#pragma once

// Independent checks of a fitted path, written densely and without any of
// the solver's code: the standardization, the gradient and the KKT conditions
// are recomputed here from their definitions.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"

namespace sparsereg::testing {

struct Problem {
    CsrMatrix<double, std::int32_t> X;
    std::vector<double> y;
    std::vector<std::vector<double>> dense;  // dense[i][j]
};

inline Problem load_problem(const std::string& file, Family family) {
    auto d = read_svmlight<double, std::int32_t>(std::filesystem::path(SPARSEREG_DATASETS_DIR) / file);
    Problem p{std::move(d.X), family == Family::binomial ? to_binary_labels(d.y).y : d.y, {}};
    const auto v = p.X.view();
    p.dense.assign(static_cast<std::size_t>(v.rows()), std::vector<double>(v.cols(), 0.0));
    for (std::int32_t i = 0; i < v.rows(); ++i) {
        for (std::size_t k = 0; k < v.row_indices(i).size(); ++k) {
            p.dense[i][v.row_indices(i)[k]] = v.row_values(i)[k];
        }
    }
    return p;
}

inline std::vector<double> dense_beta(const PathPoint& point, std::size_t p) {
    std::vector<double> beta(p, 0.0);
    for (std::size_t k = 0; k < point.features.size(); ++k) {
        beta[static_cast<std::size_t>(point.features[k])] = point.coefficients[k];
    }
    return beta;
}

// η_i = b0 + x_iᵀβ of a point, from the dense copy of X.
inline double predictor(const Problem& prob, const PathPoint& point, std::size_t i) {
    double eta = point.intercept;
    for (std::size_t k = 0; k < point.features.size(); ++k) {
        eta += prob.dense[i][static_cast<std::size_t>(point.features[k])] * point.coefficients[k];
    }
    return eta;
}

// The optimality report of one point, recomputed from scratch.
struct Optimality {
    double max_violation_over_lambda = 0;  // worst KKT violation / λ over features
    double intercept_gradient = 0;         // |Σ u_i|, 0 at an optimal intercept
};

inline Optimality check_optimality(const Problem& prob, const FitOptions& o,
                                   const PathPoint& point) {
    const std::size_t n = prob.dense.size();
    const std::size_t p = prob.dense[0].size();
    // Weights normalized to sum to n; factors to sum to p.
    std::vector<long double> w(n, 1.0L);
    if (!o.weights.empty()) {
        long double sum = 0;
        for (double x : o.weights) sum += x;
        for (std::size_t i = 0; i < n; ++i) w[i] = o.weights[i] * n / sum;
    }
    std::vector<long double> v(p, 1.0L);
    if (!o.penalty_factors.empty()) {
        long double sum = 0;
        for (double x : o.penalty_factors) sum += x;
        for (std::size_t j = 0; j < p; ++j) v[j] = o.penalty_factors[j] * p / sum;
    }
    // Column scale s_j: the 1/n weighted standard deviation (centred, with or
    // without an intercept, as glmnet), 1 when not standardizing.
    std::vector<long double> s(p, 1.0L);
    std::vector<bool> constant(p, false);
    for (std::size_t j = 0; j < p; ++j) {
        long double mean = 0;
        for (std::size_t i = 0; i < n; ++i) mean += w[i] * prob.dense[i][j];
        mean /= n;
        long double ss = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const long double d = prob.dense[i][j] - mean;
            ss += w[i] * d * d;
        }
        constant[j] = ss == 0;
        if (o.standardize && ss > 0) s[j] = std::sqrt(ss / n);
    }
    const std::vector<double> beta = dense_beta(point, p);
    std::vector<long double> u(n);
    long double sum_u = 0;
    for (std::size_t i = 0; i < n; ++i) {
        long double eta = point.intercept;
        for (std::size_t j = 0; j < p; ++j) eta += prob.dense[i][j] * beta[j];
        const long double deriv = o.family == Family::gaussian
                                      ? eta - prob.y[i]
                                      : 1.0L / (1.0L + std::exp(-eta)) - prob.y[i];
        u[i] = w[i] / n * deriv;
        sum_u += u[i];
    }
    Optimality result;
    result.intercept_gradient = o.intercept ? static_cast<double>(std::fabs(sum_u)) : 0.0;
    const long double lambda = point.lambda;
    for (std::size_t j = 0; j < p; ++j) {
        if (constant[j]) continue;
        // Gradient of the objective in β_j: x_jᵀu + λ v_j [α s_j sign + (1−α) s_j² β_j].
        long double g = 0;
        for (std::size_t i = 0; i < n; ++i) g += prob.dense[i][j] * u[i];
        const long double a = lambda * o.alpha * v[j] * s[j];
        const long double c = lambda * (1 - o.alpha) * v[j] * s[j] * s[j];
        const long double lo = o.lower_limits.empty() ? -INFINITY : o.lower_limits[j];
        const long double hi = o.upper_limits.empty() ? INFINITY : o.upper_limits[j];
        const long double b = beta[j];
        const long double d = g + c * b;
        long double violation;
        if (b == 0) {
            const long double up = hi > 0 ? a : INFINITY;
            const long double down = lo < 0 ? a : INFINITY;
            violation = std::max({0.0L, -d - up, d - down});
        } else {
            const long double total = d + (b > 0 ? a : -a);
            // At a bound up to the rounding of b_j / d_j back to the original scale.
            const long double slack = 1e-12L;
            violation = b >= hi - slack * std::fabs(hi)   ? std::max(0.0L, total)
                        : b <= lo + slack * std::fabs(lo) ? std::max(0.0L, -total)
                                                          : std::fabs(total);
        }
        // In standardized units, as the penalty is defined there.
        result.max_violation_over_lambda = std::max(
            result.max_violation_over_lambda, static_cast<double>(violation / s[j] / lambda));
    }
    return result;
}

// Every point's objective, intercept and coefficients are finite numbers.
inline void expect_finite(const PathResult& path, const std::string& what = "") {
    ASSERT_FALSE(path.points.empty()) << what;
    for (const auto& point : path.points) {
        EXPECT_TRUE(std::isfinite(point.objective)) << what;
        EXPECT_TRUE(std::isfinite(point.intercept)) << what;
        for (double b : point.coefficients) EXPECT_TRUE(std::isfinite(b)) << what;
    }
}

}  // namespace sparsereg::testing
