// FitOptions::exact_float_storage: a double X whose values are all exact in
// float (here genotype-like counts 0, 1, 2) is fitted from float values, and
// the path is the one the double values give; any other X stays double.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

constexpr std::size_t columns = 30;

// Counts 0/1/2 (or those divided by `divisor`, 10 making them inexact in float).
testing::Problem problem(Family family, double divisor) {
    std::mt19937 rng(11);
    std::discrete_distribution<int> count({0.55, 0.3, 0.15});
    std::normal_distribution<double> normal;
    const std::size_t n = 90;
    testing::Problem prob{{}, std::vector<double>(n),
                          std::vector<std::vector<double>>(n, std::vector<double>(columns, 0.0))};
    for (std::size_t i = 0; i < n; ++i) {
        auto& x = prob.dense[i];
        for (auto& v : x) v = count(rng) / divisor;
        const double eta = divisor * (0.9 * x[2] - 0.7 * x[4] + 0.5 * x[9]) - 0.4 + 0.5 * normal(rng);
        prob.y[i] = family == Family::gaussian ? eta : (eta > 0 ? 1.0 : 0.0);
    }
    prob.X = testing::csr_from_rows(prob.dense, columns);
    return prob;
}

FitOptions options(Family family, double alpha, bool standardize, bool exact_float) {
    FitOptions o;
    o.family = family;
    o.alpha = alpha;
    o.standardize = standardize;
    o.nlambda = 30;
    o.lambda_min_ratio = 1e-2;
    o.tol = 1e-10;  // tight enough for the independent KKT check below
    o.exact_float_storage = exact_float;
    return o;
}

class ExactFloatStorage : public ::testing::TestWithParam<std::tuple<Family, double, bool>> {};

TEST_P(ExactFloatStorage, CountsAreFittedFromFloatsOnTheDoublePathsCourse) {
    const auto& [family, alpha, standardize] = GetParam();
    const testing::Problem prob = problem(family, 1.0);
    const FitOptions float_options = options(family, alpha, standardize, true);
    const PathResult as_float = fit_path(prob.X.view(), prob.y, float_options);
    const PathResult as_double = fit_path(prob.X.view(), prob.y, options(family, alpha, standardize, false));
    EXPECT_TRUE(as_float.float_storage);
    EXPECT_FALSE(as_double.float_storage);
    ASSERT_EQ(as_float.points.size(), as_double.points.size());
    ASSERT_GE(as_float.points.size(), 20u);
    EXPECT_EQ(as_float.lambda_max, as_double.lambda_max);
    // The same numbers summed in double: the paths agree far below the
    // tolerance (they are bit-equal on the kernels measured, but summation
    // order is the kernels' business, not this option's).
    for (std::size_t k = 0; k < as_float.points.size(); ++k) {
        const PathPoint& a = as_float.points[k];
        const PathPoint& b = as_double.points[k];
        EXPECT_EQ(a.lambda, b.lambda);
        EXPECT_NEAR(a.objective, b.objective, 1e-13 * std::abs(b.objective)) << "λ index " << k;
        EXPECT_NEAR(a.intercept, b.intercept, 1e-9 * (1 + std::abs(b.intercept))) << "λ index " << k;
        const auto beta_a = testing::dense_beta(a, columns);
        const auto beta_b = testing::dense_beta(b, columns);
        for (std::size_t j = 0; j < columns; ++j) {
            EXPECT_NEAR(beta_a[j], beta_b[j], 1e-9 * (1 + std::abs(beta_b[j]))) << "λ index " << k << ", column " << j;
        }
        const auto optimality = testing::check_optimality(prob, float_options, a);
        EXPECT_LT(optimality.max_violation_over_lambda, 1e-4) << "λ index " << k;
    }
}

INSTANTIATE_TEST_SUITE_P(FamiliesPenaltiesScales, ExactFloatStorage,
                         ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                                            ::testing::Values(1.0, 0.5), ::testing::Bool()));

TEST(ExactFloatStorage, ValuesInexactInFloatStayDouble) {
    const testing::Problem prob = problem(Family::gaussian, 10.0);  // 0.1 and 0.2
    EXPECT_FALSE(fit_path(prob.X.view(), prob.y, options(Family::gaussian, 1.0, true, true)).float_storage);
}

TEST(ExactFloatStorage, FloatInputIsFloatStorage) {
    const testing::Problem prob = problem(Family::binomial, 10.0);
    const auto v = prob.X.view();
    const std::vector<float> values(v.values().begin(), v.values().end());
    const CsrView<float, std::int32_t> X(v.rows(), v.cols(), v.indptr(), v.indices(), values);
    EXPECT_TRUE(fit_path(X, prob.y, options(Family::binomial, 1.0, true, false)).float_storage);
}

// A non-finite value is exact in float too: the fit names it as it would in
// double (a view may hold one when loading allowed it).
TEST(ExactFloatStorage, NonFiniteValueIsReportedTheSameWay) {
    const testing::Problem prob = problem(Family::gaussian, 1.0);
    const auto v = prob.X.view();
    std::vector<double> values(v.values().begin(), v.values().end());
    values[values.size() / 2] = std::numeric_limits<double>::infinity();
    const CsrView<double, std::int32_t> X(v.rows(), v.cols(), v.indptr(), v.indices(), values,
                                          {.allow_nonfinite = true});
    const auto message = [&](bool exact_float) -> std::string {
        try {
            (void)fit_path(X, prob.y, options(Family::gaussian, 1.0, true, exact_float));
        } catch (const InvalidArgument& e) {
            return e.what();
        }
        return "no error";
    };
    const std::string with_float = message(true);
    EXPECT_NE(with_float.find("non-finite"), std::string::npos) << with_float;
    EXPECT_EQ(with_float, message(false));
}

}  // namespace
}  // namespace sparsereg
