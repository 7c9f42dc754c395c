// Degenerate and hostile data, each with the exact behaviour it must get:
// a clear error naming the argument, or a finite, optimal path. Both solvers.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/error.hpp"
#include "path/path_test_support.hpp"
#include "support/dense_matrix.hpp"
#include "support/expect_invalid.hpp"

namespace sparsereg {
namespace {

using Matrix = CsrMatrix<double, std::int32_t>;
using testing::expect_finite;

Matrix from_dense(const std::vector<std::vector<double>>& rows, std::size_t cols) {
    return testing::csr_from_rows(rows, cols);
}

// A random sparse matrix (each entry nonzero with probability `density`) and
// a response from a few of its columns.
struct Random {
    Matrix X;
    std::vector<double> y;
};
Random random_problem(std::size_t n, std::size_t p, double density, Family family, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<std::int32_t> indptr{0}, indices;
    std::vector<double> values;
    std::vector<double> y;
    for (std::size_t i = 0; i < n; ++i) {
        double eta = 0;
        for (std::size_t j = 0; j < p; ++j) {
            if (unit(rng) >= density) continue;
            const double x = unit(rng) - 0.3;
            indices.push_back(static_cast<std::int32_t>(j));
            values.push_back(x);
            if (j % 7 == 0) eta += x;
        }
        indptr.push_back(static_cast<std::int32_t>(indices.size()));
        y.push_back(eta + 0.3 * (unit(rng) - 0.5));
    }
    if (family == Family::binomial) {  // labels split at the median: both classes
        std::vector<double> sorted = y;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n / 2), sorted.end());
        const double median = sorted[n / 2];
        for (double& label : y) label = label > median ? 1.0 : 0.0;
    }
    return {Matrix(static_cast<std::int32_t>(n), static_cast<std::int32_t>(p), indptr, indices, values),
            y};
}

class BothSolvers : public ::testing::TestWithParam<Solver> {
protected:
    FitOptions options(Family family = Family::gaussian) const {
        FitOptions o;
        o.family = family;
        o.solver = GetParam();
        return o;
    }
};

TEST_P(BothSolvers, OneRowIsAConstantResponse) {
    const Matrix X = from_dense({{1.0, 2.0}}, 2);
    const std::vector<double> y{3.0};
    testing::expect_invalid([&] { (void)fit_path(X.view(), y, options()); }, "y", {});
    const std::vector<double> label{1.0};
    testing::expect_invalid([&] { (void)fit_path(X.view(), label, options(Family::binomial)); }, "y", {});
}

// One feature, no intercept, not standardized: the Lasso is a soft-threshold,
// β(λ) = S(xᵀy/n, λ) / (xᵀx/n).
TEST_P(BothSolvers, OneColumnIsASoftThreshold) {
    const Matrix X = from_dense({{1.0}, {2.0}, {-1.0}, {0.5}, {3.0}}, 1);
    const std::vector<double> y{1.2, 2.1, -0.7, 0.9, 2.5};
    FitOptions o = options();
    o.intercept = false;
    o.standardize = false;
    o.lambdas = {1.0, 0.5, 0.1, 0.01};
    o.tol = 1e-12;
    const PathResult path = fit_path(X.view(), y, o);
    double xy = 0, xx = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double x = X.view().row_values(static_cast<std::int32_t>(i))[0];
        xy += x * y[i] / 5.0;
        xx += x * x / 5.0;
    }
    for (std::size_t k = 0; k < o.lambdas.size(); ++k) {
        const double expected = std::max(xy - o.lambdas[k], 0.0) / xx;
        const double got = path.points[k].coefficients.empty() ? 0.0 : path.points[k].coefficients[0];
        EXPECT_NEAR(got, expected, 1e-9) << "λ " << o.lambdas[k];
    }
}

TEST_P(BothSolvers, EmptyRowsAndAllZeroColumnsAreHarmless) {
    Random r = random_problem(60, 8, 0.5, Family::gaussian, 3);
    // Rebuild with an empty row 0 and an empty column 8.
    std::vector<std::vector<double>> dense(60, std::vector<double>(9, 0.0));
    const auto v = r.X.view();
    for (std::int32_t i = 1; i < v.rows(); ++i) {
        for (std::size_t k = 0; k < v.row_indices(i).size(); ++k) dense[i][v.row_indices(i)[k]] = v.row_values(i)[k];
    }
    const Matrix X = from_dense(dense, 9);
    const PathResult path = fit_path(X.view(), r.y, options());
    expect_finite(path, "empty row and column");
    for (const auto& point : path.points) {
        for (auto j : point.features) EXPECT_NE(j, 8) << "an all-zero column entered";
    }
}

// Two identical columns: the Lasso objective depends on their sum only, so the
// path's objectives equal those of the data with the column once.
TEST_P(BothSolvers, DuplicatedColumnsGiveTheSameObjective) {
    Random r = random_problem(80, 5, 0.6, Family::gaussian, 5);
    std::vector<std::vector<double>> once(80, std::vector<double>(5, 0.0)), twice(80, std::vector<double>(6, 0.0));
    const auto v = r.X.view();
    for (std::int32_t i = 0; i < v.rows(); ++i) {
        for (std::size_t k = 0; k < v.row_indices(i).size(); ++k) {
            const auto j = static_cast<std::size_t>(v.row_indices(i)[k]);
            once[i][j] = twice[i][j] = v.row_values(i)[k];
        }
        twice[i][5] = twice[i][0];
    }
    FitOptions o = options();
    o.lambdas = {0.2, 0.05, 0.01};
    o.tol = 1e-10;
    const PathResult a = fit_path(from_dense(once, 5).view(), r.y, o);
    const PathResult b = fit_path(from_dense(twice, 6).view(), r.y, o);
    for (std::size_t k = 0; k < o.lambdas.size(); ++k) {
        EXPECT_NEAR(a.points[k].objective, b.points[k].objective, 1e-8 * a.points[k].objective);
        EXPECT_NE(b.points[k].status, Status::max_iterations);
    }
}

TEST_P(BothSolvers, WideDataFiftyByTwoHundredThousand) {
    Random r = random_problem(50, 200000, 0.0005, Family::binomial, 7);
    FitOptions o = options(Family::binomial);
    o.nlambda = 8;  // the wide path's tail is slow for FISTA in sanitizer builds
    const PathResult path = fit_path(r.X.view(), r.y, o);
    expect_finite(path, "50 x 200,000");
    for (const auto& point : path.points) {
        EXPECT_LE(point.kkt_violation, 1e-4 + path.tol) << "λ " << point.lambda;
        EXPECT_NE(point.status, Status::max_iterations);
    }
}

TEST_P(BothSolvers, TallDataHundredThousandByThree) {
    Random r = random_problem(100000, 3, 0.9, Family::gaussian, 11);
    FitOptions o = options();
    o.nlambda = 10;
    const PathResult path = fit_path(r.X.view(), r.y, o);
    expect_finite(path, "100,000 x 3");
    EXPECT_EQ(path.points.back().status, Status::converged);
}

// X scaled by 1e±150: with standardization the fit is the same up to the
// scale (coefficients × s, the same predictions and objective); without it, the
// grid moves with the scale and the predictions stay the same.
TEST_P(BothSolvers, ExtremeMagnitudesScaleAway) {
    const Random r = random_problem(120, 6, 0.7, Family::gaussian, 13);
    for (double scale : {1e150, 1e-150}) {
        for (bool standardize : {true, false}) {
            const auto v = r.X.view();
            std::vector<double> scaled(v.values().begin(), v.values().end());
            for (double& x : scaled) x *= scale;
            const Matrix Xs(v.rows(), v.cols(), std::vector<std::int32_t>(v.indptr().begin(), v.indptr().end()),
                            std::vector<std::int32_t>(v.indices().begin(), v.indices().end()), scaled);
            FitOptions o = options();
            o.standardize = standardize;
            o.nlambda = 12;
            o.tol = 1e-10;
            const PathResult base = fit_path(v, r.y, o);
            const PathResult big = fit_path(Xs.view(), r.y, o);
            const std::string what = "scale " + std::to_string(scale) + (standardize ? " std" : " raw");
            expect_finite(big, what);
            ASSERT_EQ(base.points.size(), big.points.size()) << what;
            for (std::size_t k = 0; k < base.points.size(); ++k) {
                EXPECT_NEAR(big.points[k].objective, base.points[k].objective,
                            1e-7 * base.points[k].objective) << what << " λ index " << k;
                ASSERT_EQ(big.points[k].features, base.points[k].features) << what << " λ index " << k;
                for (std::size_t m = 0; m < base.points[k].coefficients.size(); ++m) {
                    EXPECT_NEAR(big.points[k].coefficients[m] * scale, base.points[k].coefficients[m],
                                1e-6 * std::abs(base.points[k].coefficients[m]) + 1e-12)
                        << what << " λ index " << k;
                }
            }
        }
    }
}

// Values whose squares overflow: refused with an error naming X, never NaN.
TEST_P(BothSolvers, OverflowingValuesAreRefusedNotNaN) {
    const Matrix X = from_dense({{1e200, 1.0}, {-1e200, 2.0}, {3e200, 0.5}, {0.0, 1.5}}, 2);
    const std::vector<double> y{1.0, 2.0, 0.5, 1.0};
    for (bool standardize : {true, false}) {
        FitOptions o = options();
        o.standardize = standardize;
        try {
            const PathResult path = fit_path(X.view(), y, o);
            expect_finite(path, standardize ? "1e200 std" : "1e200 raw");
        } catch (const InvalidArgument& e) {
            EXPECT_EQ(e.argument(), "X") << e.what();
        }
    }
}

TEST_P(BothSolvers, ASingleSampleOfOneClassStillFits) {
    Random r = random_problem(200, 10, 0.5, Family::binomial, 17);
    std::fill(r.y.begin(), r.y.end(), 0.0);
    r.y[37] = 1.0;
    FitOptions o = options(Family::binomial);
    o.nlambda = 20;
    const PathResult path = fit_path(r.X.view(), r.y, o);
    expect_finite(path, "one positive");
    EXPECT_NEAR(path.points.front().intercept, std::log(1.0 / 199.0), 1e-9);
}

TEST_P(BothSolvers, ExhaustedIterationsEndThePathWithAStatus) {
    Random r = random_problem(300, 40, 0.3, Family::binomial, 19);
    FitOptions o = options(Family::binomial);
    o.max_epochs = 2;
    o.tol = 1e-12;
    const PathResult path = fit_path(r.X.view(), r.y, o);
    ASSERT_FALSE(path.points.empty());
    EXPECT_EQ(path.points.back().status, Status::max_iterations);
    EXPECT_NE(path.stopped_early.find("max_epochs"), std::string::npos) << path.stopped_early;
    expect_finite(path, "exhausted");
}

INSTANTIATE_TEST_SUITE_P(Robustness, BothSolvers,
                         ::testing::Values(Solver::coordinate_descent, Solver::proximal_gradient),
                         [](const ::testing::TestParamInfo<Solver>& param) {
                             return std::string(to_string(param.param));
                         });

}  // namespace
}  // namespace sparsereg
