// FitOptions::merge_duplicate_columns: under the Lasso, columns equal to an
// earlier one stay at 0, and the path reaches the same optimum as without
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

class MergedDuplicates : public ::testing::TestWithParam<std::tuple<Family, bool>> {};

TEST_P(MergedDuplicates, LassoReachesTheSameOptimumWithTheCopiesAtZero) {
    const auto& [family, standardize] = GetParam();
    const testing::Problem prob = problem(family);
    const FitOptions merged_options = options(family, 1.0, standardize, true);
    const PathResult merged = fit_path(prob.X.view(), prob.y, merged_options);
    FitOptions plain_options = options(family, 1.0, standardize, false);
    for (const auto& point : merged.points) plain_options.lambdas.push_back(point.lambda);
    const PathResult plain = fit_path(prob.X.view(), prob.y, plain_options);
    ASSERT_EQ(merged.points.size(), plain.points.size());
    ASSERT_GE(merged.points.size(), 10u);
    // Two copies of column 3, and column 5's scaled copy when standardizing.
    EXPECT_EQ(merged.duplicate_columns, standardize ? 3 : 2);
    EXPECT_EQ(plain.duplicate_columns, 0);

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

TEST(MergedDuplicates, ElasticNetKeepsEveryColumnAndSplitsEvenly) {
    // With a ridge term the optimum spreads a group's coefficient evenly
    // over its copies, so nothing is merged: the same bits either way.
    const testing::Problem prob = problem(Family::gaussian);
    const PathResult merged = fit_path(prob.X.view(), prob.y, options(Family::gaussian, 0.5, true, true));
    const PathResult plain = fit_path(prob.X.view(), prob.y, options(Family::gaussian, 0.5, true, false));
    expect_same_bits(merged, plain);
    EXPECT_EQ(merged.duplicate_columns, 0);
    const PathPoint& last = merged.points.back();
    ASSERT_NE(coefficient(last, 3), 0.0);
    EXPECT_NEAR(coefficient(last, copy_of_3), coefficient(last, 3), 1e-6 * std::abs(coefficient(last, 3)));
    EXPECT_NEAR(coefficient(last, second_copy_3), coefficient(last, 3), 1e-6 * std::abs(coefficient(last, 3)));
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
