// Coordinate descent drops the columns fixed at zero (constant ones, and
// duplicates fitted through another) from its design before the path
// (fit_path's drop_fixed_columns). The path must be the one fitted on X
// without its constant columns, with penalty factors and limits still
// read per column of the caller's X, and its coefficients must name the
// caller's columns.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

constexpr std::size_t base_columns = 12;
// X's columns: the base ones, with constant ones at the start, in the middle
// and at the end, and an exact copy of base column 2 (merged when no limits
// are given). Without the constant ones X is the reduced problem.
const std::vector<int> layout = {-1, 0, 1, 2, 3, 4, -2, 5, 6, 7, 8, 9, 10, 11, 100 + 2, -1};
constexpr double constant_value = 3.0;  // of the -2 column; -1 columns are all zero

// Factors summing to the kept column count (13) with 1 on each of the 3
// constant columns: normalized to sum to the column count, they are the
// same on X and on the reduced X. Column 2 and its copy share theirs.
const std::vector<double> base_factors = {0, 1.5, 0.5, 1, 1, 2, 0.5, 1.5, 1, 1, 1, 1.5};

struct Problems {
    testing::Problem full;
    testing::Problem reduced;
    std::vector<std::size_t> full_column;  // of each reduced column
};

double entry(const std::vector<double>& base, int source) {
    if (source == -1) return 0.0;
    if (source == -2) return constant_value;
    return base[static_cast<std::size_t>(source % 100)];
}

Problems problems(Family family) {
    std::mt19937 rng(31);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> normal;
    const std::size_t n = 50;
    Problems p;
    for (std::size_t j = 0; j < layout.size(); ++j) {
        if (layout[j] >= 0) p.full_column.push_back(j);
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> base(base_columns);
        for (double& x : base) x = uniform(rng) < 0.4 ? normal(rng) : 0.0;
        std::vector<double> full_row, reduced_row;
        for (int source : layout) {
            full_row.push_back(entry(base, source));
            if (source >= 0) reduced_row.push_back(entry(base, source));
        }
        p.full.dense.push_back(full_row);
        p.reduced.dense.push_back(reduced_row);
        const double eta = 1.2 * base[2] - base[4] + 0.7 * base[8] + 0.4 * normal(rng);
        const double y = family == Family::gaussian ? eta : (eta > 0 ? 1.0 : 0.0);
        p.full.y.push_back(y);
        p.reduced.y.push_back(y);
    }
    p.full.X = testing::csr_from_rows(p.full.dense, layout.size());
    p.reduced.X = testing::csr_from_rows(p.reduced.dense, p.full_column.size());
    return p;
}

struct Case {
    Family family;
    double alpha;
    bool standardize;
    bool limits;
};

FitOptions full_options(const Case& c) {
    FitOptions o;
    o.family = c.family;
    o.alpha = c.alpha;
    o.standardize = c.standardize;
    o.nlambda = 20;
    o.lambda_min_ratio = 1e-2;
    o.tol = 1e-11;
    for (int source : layout) {
        o.penalty_factors.push_back(source < 0 ? 1.0 : base_factors[static_cast<std::size_t>(source % 100)]);
    }
    if (c.limits) {
        o.lower_limits.assign(layout.size(), -INFINITY);
        o.upper_limits.assign(layout.size(), INFINITY);
        o.upper_limits[2] = 0.05;   // base column 1
        o.lower_limits[5] = -0.3;   // base column 4
        o.lower_limits[0] = -1.0;   // constant: never binds
        o.upper_limits[6] = 0.0;
    }
    return o;
}

// The same options on the reduced X: its columns' factors and limits.
FitOptions reduced_options(const FitOptions& full, const Problems& p, const PathResult& full_path) {
    FitOptions o = full;
    o.penalty_factors.clear();
    o.lower_limits.clear();
    o.upper_limits.clear();
    for (std::size_t j : p.full_column) {
        o.penalty_factors.push_back(full.penalty_factors[j]);
        if (!full.lower_limits.empty()) {
            o.lower_limits.push_back(full.lower_limits[j]);
            o.upper_limits.push_back(full.upper_limits[j]);
        }
    }
    for (const auto& point : full_path.points) o.lambdas.push_back(point.lambda);
    return o;
}

class DroppedColumns : public ::testing::TestWithParam<Case> {};

TEST_P(DroppedColumns, PathIsTheOneWithoutTheConstantColumns) {
    const Case c = GetParam();
    const Problems p = problems(c.family);
    const FitOptions o = full_options(c);
    const PathResult full = fit_path(p.full.X.view(), p.full.y, o);
    const PathResult reduced = fit_path(p.reduced.X.view(), p.reduced.y, reduced_options(o, p, full));
    ASSERT_GE(full.points.size(), 10u);
    ASSERT_EQ(full.points.size(), reduced.points.size());
    // The copy of column 2 is merged unless limits are given.
    EXPECT_EQ(full.duplicate_columns, c.limits ? 0 : 1);
    EXPECT_EQ(reduced.duplicate_columns, full.duplicate_columns);
    bool limit_binds = false;
    for (std::size_t k = 0; k < full.points.size(); ++k) {
        SCOPED_TRACE(::testing::Message() << "λ index " << k);
        const PathPoint& f = full.points[k];
        const PathPoint& r = reduced.points[k];
        ASSERT_EQ(f.status, Status::converged);
        EXPECT_NEAR(f.objective, r.objective, 1e-10 * std::abs(r.objective));
        EXPECT_NEAR(f.intercept, r.intercept, 1e-6 * (1.0 + std::abs(r.intercept)));
        EXPECT_EQ(f.df, r.df);
        const std::vector<double> fb = testing::dense_beta(f, layout.size());
        const std::vector<double> rb = testing::dense_beta(r, p.full_column.size());
        for (std::size_t j = 0; j < layout.size(); ++j) {
            if (layout[j] < 0) {
                EXPECT_EQ(fb[j], 0.0) << "constant column " << j;
            }
        }
        for (std::size_t k2 = 0; k2 < p.full_column.size(); ++k2) {
            EXPECT_NEAR(fb[p.full_column[k2]], rb[k2], 1e-6 * (1.0 + std::abs(rb[k2])))
                << "column " << p.full_column[k2];
        }
        // The limits hold on the caller's columns, and the point is optimal
        // there by the independent check.
        if (c.limits) {
            EXPECT_LE(fb[2], 0.05);
            EXPECT_GE(fb[5], -0.3);
            limit_binds = limit_binds || fb[2] == 0.05 || fb[5] == -0.3;
        }
        EXPECT_LE(testing::check_optimality(p.full, o, f).max_violation_over_lambda, 1e-4);
    }
    if (c.limits) {
        EXPECT_TRUE(limit_binds);
    }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    const Case& c = info.param;
    return std::string(to_string(c.family)) + "_alpha" + std::to_string(static_cast<int>(c.alpha * 10)) +
           (c.standardize ? "_standardized" : "_raw") + (c.limits ? "_limits" : "");
}

std::vector<Case> cases() {
    std::vector<Case> all;
    for (Family family : {Family::gaussian, Family::binomial}) {
        for (double alpha : {1.0, 0.5}) {
            for (bool standardize : {true, false}) {
                for (bool limits : {false, true}) all.push_back({family, alpha, standardize, limits});
            }
        }
    }
    return all;
}

INSTANTIATE_TEST_SUITE_P(FamiliesAlphasScalesLimits, DroppedColumns, ::testing::ValuesIn(cases()), case_name);

}  // namespace
}  // namespace sparsereg
