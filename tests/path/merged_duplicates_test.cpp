// FitOptions::merge_duplicate_columns: columns equal to an earlier one are
// fitted through it (under the Lasso they stay at 0; with a ridge term they
// share its coefficient), and the path reaches the same optimum as without
// the merge, checked by the independent KKT computation of
// path_test_support.hpp, by the objective and by the linear predictor (which
// the strictly convex losses make unique even where β is not).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

constexpr std::size_t base_columns = 20;
// The columns appended to the random ones, and what they copy.
constexpr std::size_t copy_of_3 = 20;       // column 3, exactly
constexpr std::size_t scaled_5 = 21;        // 4 × column 5 (a ratio the division keeps exact)
constexpr std::size_t negated_7 = 22;       // −column 7
constexpr std::size_t second_copy_3 = 23;   // column 3 again
constexpr std::size_t all_columns = 24;

testing::Problem problem(Family family) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal;
    const std::size_t n = 60;
    testing::Problem prob{{}, std::vector<double>(n),
                          std::vector<std::vector<double>>(n, std::vector<double>(all_columns, 0.0))};
    for (auto& row : prob.dense) {
        for (std::size_t j = 0; j < base_columns; ++j) row[j] = uniform(rng) < 0.3 ? normal(rng) : 0.0;
        row[copy_of_3] = row[3];
        row[scaled_5] = 4 * row[5];
        row[negated_7] = -row[7];
        row[second_copy_3] = row[3];
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto& x = prob.dense[i];
        const double eta = 1.5 * x[3] - x[5] + 0.8 * x[7] + 0.5 * x[11] + 0.3 * normal(rng);
        prob.y[i] = family == Family::gaussian ? eta : (eta > 0 ? 1.0 : 0.0);
    }
    prob.X = testing::csr_from_rows(prob.dense, all_columns);
    return prob;
}

double coefficient(const PathPoint& point, std::size_t j) { return testing::dense_beta(point, all_columns)[j]; }

FitOptions options(Family family, double alpha, bool standardize, bool merge) {
    FitOptions o;
    o.family = family;
    o.alpha = alpha;
    o.standardize = standardize;
    o.nlambda = 25;
    o.lambda_min_ratio = 1e-2;
    o.tol = 1e-11;
    o.merge_duplicate_columns = merge;
    return o;
}

void expect_same_bits(const PathResult& a, const PathResult& b) {
    ASSERT_EQ(a.points.size(), b.points.size());
    for (std::size_t k = 0; k < a.points.size(); ++k) {
        EXPECT_EQ(a.points[k].features, b.points[k].features) << "λ index " << k;
        EXPECT_EQ(a.points[k].coefficients, b.points[k].coefficients) << "λ index " << k;
        EXPECT_EQ(a.points[k].intercept, b.points[k].intercept) << "λ index " << k;
    }
}

// The same path without the merge, on the merged path's λ grid.
PathResult unmerged_path(const testing::Problem& prob, const FitOptions& merged_options, const PathResult& merged) {
    FitOptions plain_options = merged_options;
    plain_options.merge_duplicate_columns = false;
    plain_options.lambdas.clear();
    for (const auto& point : merged.points) plain_options.lambdas.push_back(point.lambda);
    PathResult plain = fit_path(prob.X.view(), prob.y, plain_options);
    EXPECT_EQ(plain.duplicate_columns, 0);
    return plain;
}

class MergedDuplicates : public ::testing::TestWithParam<std::tuple<Family, bool>> {};

TEST_P(MergedDuplicates, LassoReachesTheSameOptimumWithTheCopiesAtZero) {
    const auto& [family, standardize] = GetParam();
    const testing::Problem prob = problem(family);
    const FitOptions merged_options = options(family, 1.0, standardize, true);
    const PathResult merged = fit_path(prob.X.view(), prob.y, merged_options);
    const PathResult plain = unmerged_path(prob, merged_options, merged);
    ASSERT_EQ(merged.points.size(), plain.points.size());
    ASSERT_GE(merged.points.size(), 10u);
    // Two copies of column 3, and column 5's scaled copy when standardizing.
    EXPECT_EQ(merged.duplicate_columns, standardize ? 3 : 2);

    bool copies_matter = false;  // column 3's group enters the model somewhere
    for (std::size_t k = 0; k < merged.points.size(); ++k) {
        const PathPoint& m = merged.points[k];
        const PathPoint& p = plain.points[k];
        ASSERT_EQ(m.status, Status::converged) << "λ index " << k;
        EXPECT_NEAR(m.objective, p.objective, 1e-9 * std::abs(p.objective)) << "λ index " << k;
        for (std::size_t i = 0; i < prob.dense.size(); ++i) {
            EXPECT_NEAR(testing::predictor(prob, m, i), testing::predictor(prob, p, i), 1e-4) << "λ index " << k << ", row " << i;
        }
        const auto opt = testing::check_optimality(prob, merged_options, m);
        EXPECT_LE(opt.max_violation_over_lambda, 1e-4) << "λ index " << k;
        // Exact copies stay at 0, and so does a scaled one when
        // standardizing (its standardized column is column 5's); a negated
        // copy is another column.
        EXPECT_EQ(coefficient(m, copy_of_3), 0.0) << "λ index " << k;
        EXPECT_EQ(coefficient(m, second_copy_3), 0.0) << "λ index " << k;
        if (standardize) {
            EXPECT_EQ(coefficient(m, scaled_5), 0.0) << "λ index " << k;
        }
        copies_matter = copies_matter || coefficient(m, 3) != 0.0;
    }
    EXPECT_TRUE(copies_matter);
    // Without the merge, the plain fit's copies are the same columns: its
    // coefficients on column 3's group add up to the merged fit's.
    const PathPoint& m = merged.points.back();
    const PathPoint& p = plain.points.back();
    EXPECT_NEAR(coefficient(m, 3),
                coefficient(p, 3) + coefficient(p, copy_of_3) + coefficient(p, second_copy_3), 1e-4);
}

std::string case_name(const ::testing::TestParamInfo<std::tuple<Family, bool>>& param_info) {
    return std::string(to_string(std::get<0>(param_info.param))) +
           (std::get<1>(param_info.param) ? "_standardized" : "_raw");
}

INSTANTIATE_TEST_SUITE_P(FamiliesAndScales, MergedDuplicates,
                         ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                                            ::testing::Bool()),
                         case_name);

// With a ridge term (α < 1) the optimum is unique and gives each member of
// a group the same standardized coefficient: the merged fit stands for the
// group with one column scaled by its size, and must reach that optimum.
class MergedDuplicatesRidge
    : public ::testing::TestWithParam<std::tuple<Family, bool, double, Solver>> {};

TEST_P(MergedDuplicatesRidge, ReachesTheUniqueOptimumWithEqualShares) {
    const auto& [family, standardize, alpha, solver] = GetParam();
    const testing::Problem prob = problem(family);
    FitOptions merged_options = options(family, alpha, standardize, true);
    merged_options.solver = solver;
    const PathResult merged = fit_path(prob.X.view(), prob.y, merged_options);
    const PathResult plain = unmerged_path(prob, merged_options, merged);
    ASSERT_EQ(merged.points.size(), plain.points.size());
    ASSERT_GE(merged.points.size(), 10u);
    EXPECT_EQ(merged.duplicate_columns, standardize ? 3 : 2);

    for (std::size_t k = 0; k < merged.points.size(); ++k) {
        const PathPoint& m = merged.points[k];
        const PathPoint& p = plain.points[k];
        ASSERT_EQ(m.status, Status::converged) << "λ index " << k;
        EXPECT_NEAR(m.objective, p.objective, 1e-9 * std::abs(p.objective)) << "λ index " << k;
        const double violation = testing::check_optimality(prob, merged_options, m).max_violation_over_lambda;
        EXPECT_LE(violation, 1e-4) << "λ index " << k;
        // The reported violation is the merged column's, k times a member's:
        // never below the caller's.
        EXPECT_GE(m.kkt_violation, 0.99 * violation - 1e-12) << "λ index " << k;
        const std::vector<double> mb = testing::dense_beta(m, all_columns);
        const std::vector<double> pb = testing::dense_beta(p, all_columns);
        for (std::size_t j = 0; j < all_columns; ++j) {
            EXPECT_NEAR(mb[j], pb[j], 1e-4 * (1.0 + std::abs(pb[j]))) << "λ index " << k << ", column " << j;
        }
        EXPECT_NEAR(m.intercept, p.intercept, 1e-4 * (1.0 + std::abs(p.intercept))) << "λ index " << k;
        // Copies share the coefficient exactly; a scaled copy (merged only
        // when standardizing) takes a quarter of column 5's.
        EXPECT_EQ(mb[copy_of_3], mb[3]) << "λ index " << k;
        EXPECT_EQ(mb[second_copy_3], mb[3]) << "λ index " << k;
        if (standardize) {
            EXPECT_NEAR(mb[scaled_5], mb[5] / 4, 1e-15 * std::abs(mb[5])) << "λ index " << k;
        }
    }
    const std::vector<double> last = testing::dense_beta(merged.points.back(), all_columns);
    EXPECT_NE(last[3], 0.0);
    // Raw, column 5's 4x copy is a column of its own and takes the weight.
    if (standardize) {
        EXPECT_NE(last[5], 0.0);
    }
}

std::string ridge_case_name(
    const ::testing::TestParamInfo<std::tuple<Family, bool, double, Solver>>& param_info) {
    const auto& [family, standardize, alpha, solver] = param_info.param;
    return std::string(to_string(family)) + (standardize ? "_standardized" : "_raw") + "_alpha" +
           std::to_string(static_cast<int>(alpha * 10)) + "_" + to_string(solver);
}

INSTANTIATE_TEST_SUITE_P(FamiliesScalesAlphas, MergedDuplicatesRidge,
                         ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                                            ::testing::Bool(), ::testing::Values(0.5, 0.0),
                                            ::testing::Values(Solver::coordinate_descent)),
                         ridge_case_name);
INSTANTIATE_TEST_SUITE_P(ProximalGradient, MergedDuplicatesRidge,
                         ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                                            ::testing::Values(true), ::testing::Values(0.5),
                                            ::testing::Values(Solver::proximal_gradient)),
                         ridge_case_name);

TEST(MergedDuplicatesRidge, PenaltyFactorsScaleWithTheGroup) {
    // Column 3's group has factor 2 (all three alike): the merged column's
    // factor is 6, and the optimum is still the plain fit's.
    const testing::Problem prob = problem(Family::gaussian);
    FitOptions o = options(Family::gaussian, 0.5, true, true);
    o.penalty_factors.assign(all_columns, 1.0);
    for (auto j : {std::size_t{3}, copy_of_3, second_copy_3}) o.penalty_factors[j] = 2.0;
    const PathResult merged = fit_path(prob.X.view(), prob.y, o);
    const PathResult plain = unmerged_path(prob, o, merged);
    ASSERT_EQ(merged.points.size(), plain.points.size());
    EXPECT_EQ(merged.duplicate_columns, 3);
    for (std::size_t k = 0; k < merged.points.size(); ++k) {
        EXPECT_NEAR(merged.points[k].objective, plain.points[k].objective, 1e-9 * plain.points[k].objective);
        EXPECT_LE(testing::check_optimality(prob, o, merged.points[k]).max_violation_over_lambda, 1e-4);
    }
    const std::vector<double> last = testing::dense_beta(merged.points.back(), all_columns);
    ASSERT_NE(last[3], 0.0);
    EXPECT_EQ(last[copy_of_3], last[3]);
}

TEST(MergedDuplicates, ACopyWithASmallerPenaltyFactorTakesTheGroup) {
    // Factors differ, so the copy is not merged; being cheaper it takes the
    // whole group's coefficient and column 3 stays at 0.
    const testing::Problem prob = problem(Family::gaussian);
    FitOptions o = options(Family::gaussian, 1.0, true, true);
    o.penalty_factors.assign(all_columns, 1.0);
    o.penalty_factors[copy_of_3] = 0.5;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    const PathPoint& last = path.points.back();
    EXPECT_NE(coefficient(last, copy_of_3), 0.0);
    EXPECT_EQ(coefficient(last, 3), 0.0);
    EXPECT_EQ(coefficient(last, second_copy_3), 0.0);  // column 3's equal, with its factor
    EXPECT_LE(testing::check_optimality(prob, o, last).max_violation_over_lambda, 1e-4);
}

TEST(MergedDuplicates, LimitsKeepEveryColumn) {
    const testing::Problem prob = problem(Family::binomial);
    FitOptions merged_options = options(Family::binomial, 1.0, true, true);
    merged_options.upper_limits.assign(all_columns, 0.4);
    FitOptions plain_options = merged_options;
    plain_options.merge_duplicate_columns = false;
    expect_same_bits(fit_path(prob.X.view(), prob.y, merged_options), fit_path(prob.X.view(), prob.y, plain_options));
}

}  // namespace
}  // namespace sparsereg
