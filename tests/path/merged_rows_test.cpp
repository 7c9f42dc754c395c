// FitOptions::merge_duplicate_rows: a path fitted on equal rows merged into
// weighted ones reads as the path on the caller's rows. The same λ grid
// (glmnet's default ratio follows the caller's n, not the merged one), the
// same objective (recomputed on the caller's rows by evaluate_objective), the
// same deviances, and an optimum by the independent KKT check of
// path_test_support.hpp.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "data/duplicate_rows.hpp"
#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

constexpr std::size_t distinct_rows = 30;
constexpr std::size_t copies = 45;  // more rows than columns only with the copies
constexpr std::size_t columns = 40;

// Distinct random rows, then copies of some of them, with responses drawn
// per row: copies of one row have different labels (binomial) or values.
testing::Problem problem(Family family) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal;
    testing::Problem prob;
    for (std::size_t i = 0; i < distinct_rows; ++i) {
        std::vector<double> row(columns, 0.0);
        for (double& x : row) x = uniform(rng) < 0.3 ? normal(rng) : 0.0;
        prob.dense.push_back(row);
    }
    for (std::size_t c = 0; c < copies; ++c) prob.dense.push_back(prob.dense[(c * 7) % 12]);
    for (const auto& x : prob.dense) {
        const double eta = 1.2 * x[0] - x[1] + 0.7 * x[2] + 0.8 * normal(rng);
        prob.y.push_back(family == Family::gaussian ? eta : (eta > 0 ? 1.0 : 0.0));
    }
    prob.X = testing::csr_from_rows(prob.dense, columns);
    return prob;
}

using Case = std::tuple<Family, bool, bool, Solver>;  // standardize, weighted

class MergedRows : public ::testing::TestWithParam<Case> {};

TEST_P(MergedRows, PathReadsAsOnTheCallersRows) {
    const auto& [family, standardize, weighted, solver] = GetParam();
    const testing::Problem prob = problem(family);
    FitOptions o;
    o.family = family;
    o.solver = solver;
    o.standardize = standardize;
    o.alpha = 0.8;
    o.nlambda = 30;
    o.lambda_min_ratio = 0.05;  // short of the near-separable end of a binomial path
    o.early_stop = false;       // both paths run to the end of the grid
    o.tol = 1e-11;
    if (weighted) {
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> uniform(0.2, 3.0);
        for (std::size_t i = 0; i < prob.y.size(); ++i) o.weights.push_back(uniform(rng));
    }
    ASSERT_TRUE(detail::merge_duplicate_rows(prob.X.view(), prob.y, o.weights, 1).has_value());
    const PathResult merged = fit_path(prob.X.view(), prob.y, o);
    FitOptions plain_options = o;
    plain_options.merge_duplicate_rows = false;
    const PathResult plain = fit_path(prob.X.view(), prob.y, plain_options);

    ASSERT_EQ(merged.points.size(), plain.points.size());
    EXPECT_EQ(merged.fitted_rows, static_cast<std::int64_t>(distinct_rows));
    EXPECT_EQ(plain.fitted_rows, static_cast<std::int64_t>(distinct_rows + copies));
    EXPECT_NEAR(merged.null_deviance, plain.null_deviance, 1e-12 * plain.null_deviance);
    EXPECT_NEAR(merged.lambda_max, plain.lambda_max, 1e-12 * plain.lambda_max);
    for (std::size_t k = 0; k < merged.points.size(); ++k) {
        const PathPoint& m = merged.points[k];
        const PathPoint& p = plain.points[k];
        ASSERT_EQ(m.status, Status::converged) << "λ index " << k;
        EXPECT_NEAR(m.lambda, p.lambda, 1e-12 * p.lambda) << "λ index " << k;
        EXPECT_NEAR(m.objective, p.objective, 1e-9 * std::abs(p.objective)) << "λ index " << k;
        const double on_callers_rows = evaluate_objective(prob.X.view(), prob.y, o, m.lambda, m.intercept,
                                                          testing::dense_beta(m, columns));
        EXPECT_NEAR(m.objective, on_callers_rows, 1e-12 * std::abs(on_callers_rows)) << "λ index " << k;
        // The loss moves to first order in the coefficients where the
        // objective moves to second: a 1e-11 gap leaves the deviance ratio
        // (and the predictor) of two certified fits this far apart, where a
        // misread merge would move it by the share of merged rows.
        EXPECT_NEAR(m.dev_ratio, p.dev_ratio, 1e-6) << "λ index " << k;
        for (std::size_t i = 0; i < prob.dense.size(); ++i) {
            EXPECT_NEAR(testing::predictor(prob, m, i), testing::predictor(prob, p, i), 1e-4) << "λ index " << k << ", row " << i;
        }
        EXPECT_LE(testing::check_optimality(prob, o, m).max_violation_over_lambda, 1e-4) << "λ index " << k;
    }
}

std::string case_name(const ::testing::TestParamInfo<Case>& param_info) {
    const auto& [family, standardize, weighted, solver] = param_info.param;
    return std::string(to_string(family)) + (standardize ? "_standardized" : "_raw") +
           (weighted ? "_weighted" : "") + (solver == Solver::proximal_gradient ? "_fista" : "");
}

INSTANTIATE_TEST_SUITE_P(FamiliesScalesWeightsSolvers, MergedRows,
                         ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                                            ::testing::Bool(), ::testing::Bool(),
                                            ::testing::Values(Solver::coordinate_descent,
                                                              Solver::proximal_gradient)),
                         case_name);

TEST(MergedRows, DefaultGridFollowsTheCallersRowCount) {
    // glmnet's default ratio: 1e-4 for 75 rows over 40 columns (1e-2 for the
    // 30 distinct rows).
    const testing::Problem prob = problem(Family::gaussian);
    FitOptions o;
    o.nlambda = 10;
    o.early_stop = false;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(path.points.size(), 10u);
    EXPECT_NEAR(path.points.back().lambda, 1e-4 * path.lambda_max, 1e-12 * path.lambda_max);
}

TEST(MergedRows, ANonFiniteValueIsReportedAtTheCallersRow) {
    testing::Problem prob = problem(Family::gaussian);
    const auto view = prob.X.view();
    std::vector<double> values(view.values().begin(), view.values().end());
    const std::int32_t row = 40;  // a copy
    values[static_cast<std::size_t>(view.indptr()[row])] = std::nan("");
    const CsrView<double, std::int32_t> X(view.rows(), view.cols(), view.indptr(), view.indices(), values,
                                          {.allow_nonfinite = true});
    try {
        (void)fit_path(X, prob.y, FitOptions{});
        FAIL() << "a NaN was fitted";
    } catch (const InvalidArgument& error) {
        EXPECT_NE(std::string(error.what()).find("at row 40,"), std::string::npos) << error.what();
    }
}

}  // namespace
}  // namespace sparsereg
