// Same input, same options: the same bits on 1, 2 or 8 threads, for both
// solvers and both storage precisions (DESIGN.md, convention 6). The problem
// is large enough that every parallel loop splits into several blocks.

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/csr_matrix.hpp"

namespace sparsereg {
namespace {

struct Synthetic {
    std::vector<std::int64_t> indptr{0};
    std::vector<std::int32_t> indices;
    std::vector<double> values;
    std::vector<double> y;
    std::int64_t rows = 0, cols = 0;
};

// Sparse rows of ~1% density, labels from a sparse true model plus noise.
// 9,000 rows: nine blocks of the per-sample sums (1,024 rows each), as
// 1,500 columns are six of the sweeps (256 each).
Synthetic make_problem(Family family) {
    Synthetic s;
    s.rows = 9000;
    s.cols = 1500;
    std::mt19937_64 rng(20261123);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 1.0);
    for (std::int64_t i = 0; i < s.rows; ++i) {
        double eta = 0;
        for (std::int32_t j = 0; j < s.cols; ++j) {
            if (unit(rng) >= 0.01) continue;
            const double x = 0.5 + unit(rng);
            s.indices.push_back(j);
            s.values.push_back(x);
            if (j % 50 == 0) eta += (j % 100 == 0 ? 1.5 : -1.0) * x;
        }
        s.indptr.push_back(static_cast<std::int64_t>(s.indices.size()));
        const double e = eta + 0.5 * noise(rng);
        s.y.push_back(family == Family::gaussian ? e : (e > 0 ? 1.0 : 0.0));
    }
    return s;
}

template <class T>
PathResult fit_with(const Synthetic& s, FitOptions o, int threads) {
    std::vector<T> values(s.values.begin(), s.values.end());
    std::vector<std::int32_t> indptr(s.indptr.begin(), s.indptr.end());
    const CsrView<T, std::int32_t> X(static_cast<std::int32_t>(s.rows),
                                     static_cast<std::int32_t>(s.cols), indptr, s.indices, values);
    o.threads = threads;
    return fit_path(X, s.y, o);
}

class Determinism : public ::testing::TestWithParam<std::tuple<Family, Solver, bool>> {};

TEST_P(Determinism, SameBitsForOneTwoAndEightThreads) {
    const auto& [family, solver, single] = GetParam();
    const Synthetic s = make_problem(family);
    FitOptions o;
    o.family = family;
    o.solver = solver;
    o.nlambda = 8;
    o.lambda_min_ratio = 0.05;
    const auto fit = [&](int threads) {
        return single ? fit_with<float>(s, o, threads) : fit_with<double>(s, o, threads);
    };
    const PathResult one = fit(1);
    ASSERT_GE(one.points.size(), 5u);
    ASSERT_GT(one.points.back().df, 10);  // a path that actually moves
    for (int threads : {2, 8}) {
        const PathResult many = fit(threads);
        ASSERT_EQ(one.points.size(), many.points.size()) << threads << " threads";
        EXPECT_EQ(one.lambda_max, many.lambda_max);
        for (std::size_t k = 0; k < one.points.size(); ++k) {
            const PathPoint& a = one.points[k];
            const PathPoint& b = many.points[k];
            EXPECT_EQ(a.features, b.features) << threads << " threads, λ index " << k;
            EXPECT_EQ(a.coefficients, b.coefficients) << threads << " threads, λ index " << k;
            EXPECT_EQ(a.intercept, b.intercept) << threads << " threads, λ index " << k;
            EXPECT_EQ(a.objective, b.objective) << threads << " threads, λ index " << k;
            EXPECT_EQ(a.epochs, b.epochs) << threads << " threads, λ index " << k;
        }
    }
}

std::string determinism_name(const ::testing::TestParamInfo<Determinism::ParamType>& info) {
    const auto& [family, solver, single] = info.param;
    return std::string(to_string(family)) + "_" + to_string(solver) + (single ? "_float" : "_double");
}

INSTANTIATE_TEST_SUITE_P(
    Solvers, Determinism,
    ::testing::Combine(::testing::Values(Family::gaussian, Family::binomial),
                       ::testing::Values(Solver::coordinate_descent, Solver::proximal_gradient),
                       ::testing::Bool()),
    determinism_name);

}  // namespace
}  // namespace sparsereg
