// SupportNewton forms the model's H = Z_Sᵀ V Z_S / n either densely or from
// the rows' sparse products, centring and scaling afterwards. Both must
// equal H computed here the plain way, from explicit z_ij = (x_ij − c_j)/d_j,
// on columns from nearly empty to full (the full one has a large mean, where
// the sparse way's centring cancels most), with rows of zero weight, and on
// enough rows that the dense way works in several blocks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "parallel/executor.hpp"
#include "solver/support_newton.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/data/design_matrix.hpp"

namespace sparsereg {
namespace {

using Newton = detail::SupportNewton<double, std::int32_t>;

struct RandomSparse {
    int n, p;
    std::vector<std::vector<double>> dense;  // rows
    std::vector<std::int32_t> indptr{0}, indices;
    std::vector<double> values;

    explicit RandomSparse(int rows, int columns = 12) : n(rows), p(columns) {
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> unit(0.0, 1.0), value(-2.0, 3.0);
        dense.assign(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(p), 0.0));
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < p; ++j) {
                // Column j is nonzero in a fraction j/p of rows; the last, always, around 50.
                const double density = j + 1 == p ? 1.0 : static_cast<double>(j) / p;
                if (unit(rng) >= density) continue;
                const double x = j + 1 == p ? 50.0 + value(rng) : value(rng);
                dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = x;
                indices.push_back(j);
                values.push_back(x);
            }
            indptr.push_back(static_cast<std::int32_t>(indices.size()));
        }
    }

    CsrView<double, std::int32_t> view() const {
        return CsrView<double, std::int32_t>(n, p, indptr, indices, values);
    }
};

// H from explicit standardized columns, the intercept's column last.
Eigen::MatrixXd plain_gram(const RandomSparse& data, const DesignMatrix<double, std::int32_t>& X,
                           const std::vector<std::int64_t>& set, const std::vector<double>& v) {
    const auto m = static_cast<Eigen::Index>(set.size()) + (X.intercept() ? 1 : 0);
    Eigen::MatrixXd Z(data.n, m);
    for (int i = 0; i < data.n; ++i) {
        for (std::size_t k = 0; k < set.size(); ++k) {
            const auto j = set[k];
            Z(i, static_cast<Eigen::Index>(k)) =
                (data.dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] - X.center(j)) / X.scale(j);
        }
        if (X.intercept()) Z(i, m - 1) = 1.0;
    }
    const Eigen::Map<const Eigen::VectorXd> weights(v.data(), data.n);
    return Z.transpose() * weights.asDiagonal() * Z / static_cast<double>(data.n);
}

// Centring a column of mean c and scale d afterwards cancels about (c/d)² of
// its raw products' magnitude, and the rounding of their sums with it.
std::vector<double> cancellation(const DesignMatrix<double, std::int32_t>& X, const std::vector<std::int64_t>& set) {
    std::vector<double> ratio;
    for (auto j : set) ratio.push_back(std::abs(X.center(j)) / X.scale(j));
    if (X.intercept()) ratio.push_back(0.0);
    return ratio;
}

void expect_lower_near(const Eigen::MatrixXd& got, const Eigen::MatrixXd& want, const std::vector<double>& ratio,
                       const char* how) {
    ASSERT_EQ(got.rows(), want.rows());
    for (Eigen::Index r = 0; r < want.rows(); ++r) {
        for (Eigen::Index c = 0; c <= r; ++c) {
            const double scale = std::sqrt(want(r, r) * want(c, c));
            const double cancelled = 1.0 + ratio[static_cast<std::size_t>(r)] * ratio[static_cast<std::size_t>(c)];
            EXPECT_NEAR(got(r, c), want(r, c), 1e-12 * scale * cancelled) << how << " H(" << r << ", " << c << ")";
        }
    }
}

TEST(SupportNewtonForm, DenseAndSparseEqualThePlainProduct) {
    for (const int n : {150, 9000}) {
        const RandomSparse data(n);
        std::vector<double> v(static_cast<std::size_t>(data.n));
        std::mt19937_64 rng(12);
        std::uniform_real_distribution<double> weight(0.01, 0.25);
        for (double& x : v) x = weight(rng);
        for (std::size_t i = 0; i < v.size(); i += 7) v[i] = 0.0;
        for (const bool standardize : {true, false}) {
            for (const bool intercept : {true, false}) {
                SCOPED_TRACE(std::to_string(n) + " rows, " + (standardize ? "standardized" : "raw") +
                             (intercept ? ", intercept" : ""));
                const DesignMatrix<double, std::int32_t> X(data.view(), {},
                                                           {.standardize = standardize, .intercept = intercept});
                Newton newton(X);
                // Column 0 is empty (fixed at zero), so the set skips it; unsorted on purpose.
                const std::vector<std::int64_t> set{11, 3, 1, 7, 2, 10, 5};
                const Eigen::MatrixXd want = plain_gram(data, X, set, v);
                const std::vector<double> ratio = cancellation(X, set);
                expect_lower_near(newton.form(set, v, Newton::Formation::dense), want, ratio, "dense");
                expect_lower_near(newton.form(set, v, Newton::Formation::sparse), want, ratio, "sparse");
                expect_lower_near(newton.form(set, v), want, ratio, "automatic");
            }
        }
    }
}

// H formed with no executor is H; with an executor, on 1, 2 or 8 threads,
// the same bits.
void expect_same_bits_on_any_threads(const RandomSparse& data, Newton::Formation how, const char* name) {
    std::vector<double> v(static_cast<std::size_t>(data.n));
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> weight(0.01, 0.25);
    for (double& x : v) x = weight(rng);
    const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = true, .intercept = true});
    // Column 0 is empty; the rest in an order of their own.
    std::vector<std::int64_t> set;
    for (std::int64_t j = 1; j < data.p; ++j) set.push_back(j);
    std::shuffle(set.begin(), set.end(), rng);
    const Eigen::MatrixXd alone = Newton(X).form(set, v, how);
    expect_lower_near(alone, plain_gram(data, X, set, v), cancellation(X, set), name);
    for (const int threads : {1, 2, 8}) {
        const detail::Executor executor(threads);
        Newton newton(X, &executor);
        const Eigen::MatrixXd parallel = newton.form(set, v, how);
        for (Eigen::Index r = 0; r < alone.rows(); ++r) {
            for (Eigen::Index c = 0; c <= r; ++c) {
                ASSERT_EQ(parallel(r, c), alone(r, c))
                    << name << ", " << threads << " threads, H(" << r << ", " << c << ")";
            }
        }
    }
}

// Dense forming splits H into tiles, one task each: a set of 299 features
// and the intercept makes three by three.
TEST(SupportNewtonForm, DenseTilesGiveTheSameBitsOnAnyThreads) {
    expect_same_bits_on_any_threads(RandomSparse(1000, 300), Newton::Formation::dense, "dense");
}

// Sparse forming splits the rows into blocks with partial sums of their
// own, added in block order: 5,000 rows make five.
TEST(SupportNewtonForm, SparseRowBlocksGiveTheSameBitsOnAnyThreads) {
    expect_same_bits_on_any_threads(RandomSparse(5000, 60), Newton::Formation::sparse, "sparse");
}

// The sparse way keeps the set's rows between forms: new weights on the same
// set (a logistic fit's next model), then another set, then the first again.
TEST(SupportNewtonForm, SparseRowsServeOnlyTheSameSet) {
    const RandomSparse data(150);
    const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = true, .intercept = true});
    Newton newton(X);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> weight(0.01, 0.25);
    const std::vector<std::int64_t> first{11, 3, 1, 7}, second{2, 10, 5, 3, 8};
    for (const auto* set : {&first, &first, &second, &first}) {
        std::vector<double> v(static_cast<std::size_t>(data.n));
        for (double& x : v) x = weight(rng);
        const Eigen::MatrixXd want = plain_gram(data, X, *set, v);
        expect_lower_near(newton.form(*set, v, Newton::Formation::sparse), want, cancellation(X, *set), "sparse");
    }
}

// The minimizer `x` of the program SupportNewton::solve states, by its KKT
// conditions: the smooth part's gradient H (x − x0) − g + l2 x is −l1 sign(x_k)
// where x_k ≠ 0, and at most l1 in size where x_k = 0 (l2 empty: all 0).
void expect_kkt(const Eigen::MatrixXd& lower, const std::vector<double>& x0, const std::vector<double>& g,
                const std::vector<double>& l1, const std::vector<double>& x, const std::vector<double>& l2 = {}) {
    const auto m = static_cast<Eigen::Index>(x.size());
    const Eigen::Map<const Eigen::VectorXd> point(x.data(), m), start(x0.data(), m), slope(g.data(), m);
    Eigen::VectorXd gradient = lower.selfadjointView<Eigen::Lower>() * (point - start) - slope;
    if (!l2.empty()) gradient += Eigen::Map<const Eigen::VectorXd>(l2.data(), m).cwiseProduct(point);
    for (Eigen::Index k = 0; k < m; ++k) {
        const double penalty = l1[static_cast<std::size_t>(k)];
        if (point(k) != 0.0) {
            EXPECT_NEAR(gradient(k), point(k) > 0 ? -penalty : penalty, 1e-12) << "x_" << k << " = " << point(k);
        } else {
            EXPECT_LE(std::abs(gradient(k)), penalty + 1e-12) << "x_" << k << " = 0";
        }
    }
}

// Solves take Cholesky factors until one fails: the first singular H (two
// equal columns of constant 2, both starting nonzero, so that the first
// system is exactly [[4, 4], [4, 4]]) turns them to the damped and refined
// Cholesky, which must solve that system exactly and reach the same
// minimizer of a well-posed program as the plain factor. Large supports are
// solved whole, failure or not, only where their columns are dense.
TEST(SupportNewtonSolve, CholeskyUntilOneFailsThenRefinedTheSameMinimizer) {
    const int n = 1000;
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> value(-1.0, 1.0);
    std::vector<std::int32_t> indptr{0}, indices;
    std::vector<double> values;
    for (int i = 0; i < n; ++i) {
        for (std::int32_t j = 0; j < 4; ++j) {
            indices.push_back(j);
            values.push_back(j < 2 ? 2.0 : value(rng));
        }
        indptr.push_back(static_cast<std::int32_t>(indices.size()));
    }
    const CsrView<double, std::int32_t> view(n, 4, indptr, indices, values);
    const DesignMatrix<double, std::int32_t> X(view, {}, {.standardize = false, .intercept = false});
    Newton newton(X);
    const std::vector<double> v(static_cast<std::size_t>(n), 1.0);
    // 600 features of 400 nonzeros in 1,000 rows: too many for a set, not
    // for a support; of 100 nonzeros, too sparse for one.
    const double nonzeros = 600.0 * 400.0, sparse = 600.0 * 100.0;
    EXPECT_FALSE(newton.affordable(600, nonzeros));
    EXPECT_TRUE(newton.affordable_support(600, nonzeros));
    EXPECT_FALSE(newton.affordable_support(600, sparse));
    // X's columns take 64 KB here: supports keep the floor of 1,000 unknowns.
    EXPECT_FALSE(newton.affordable_support(1000, 1000.0 * 400.0));

    const std::vector<std::int64_t> set{0, 2, 3};
    const std::vector<double> x0{0.1, 0.0, 0.0}, g{0.5, 0.2, -0.005}, l1(3, 0.01), l2(3, 0.0);
    std::vector<double> by_cholesky(3), by_refined(3);
    ASSERT_TRUE(newton.solve(set, v, 1, x0, g, l1, l2, by_cholesky));
    expect_kkt(newton.form(set, v), x0, g, l1, by_cholesky);

    const std::vector<std::int64_t> equal_columns{0, 1};
    const std::vector<double> y0{0.1, 0.2}, h{0.3, 0.3}, m1(2, 0.01), m2(2, 0.0);
    std::vector<double> singular(2);
    ASSERT_TRUE(newton.solve(equal_columns, v, 1, y0, h, m1, m2, singular));
    expect_kkt(newton.form(equal_columns, v), y0, h, m1, singular);
    EXPECT_TRUE(newton.affordable_support(600, nonzeros));
    EXPECT_FALSE(newton.affordable_support(600, sparse));

    // Of opposite signs, the equal columns make the system inconsistent.
    const std::vector<double> z0{0.1, -0.2};
    std::vector<double> opposite(2);
    ASSERT_TRUE(newton.solve(equal_columns, v, 1, z0, h, m1, m2, opposite));
    expect_kkt(newton.form(equal_columns, v), z0, h, m1, opposite);

    ASSERT_TRUE(newton.solve(set, v, 1, x0, g, l1, l2, by_refined));
    expect_kkt(newton.form(set, v), x0, g, l1, by_refined);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(by_refined[k], by_cholesky[k], 1e-12) << k;
}

// Solves keep their last factor: the next solve on the same H from the same
// signs (the previous minimizer, a new gradient) reuses it and must reach
// what a fresh solver reaches; new l2 on the diagonal must not reuse it.
TEST(SupportNewtonSolve, KeptFactorServesOnlyTheSameSystem) {
    const RandomSparse data(150);
    const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = true, .intercept = false});
    const std::vector<double> v(static_cast<std::size_t>(data.n), 0.2);
    const std::vector<std::int64_t> set{11, 3, 1, 7, 5};
    const Eigen::MatrixXd H = Newton(X).form(set, v);
    const std::vector<double> x0(5, 0.0), g{0.9, -0.6, 0.05, 0.4, -0.3}, l1(5, 0.1), l2(5, 0.0);
    Newton newton(X);
    std::vector<double> first(5);
    ASSERT_TRUE(newton.solve(set, v, 1, x0, g, l1, l2, first));
    expect_kkt(H, x0, g, l1, first);
    ASSERT_TRUE(newton.factored(l2));
    EXPECT_FALSE(newton.factored(std::vector<double>(5, 0.3)));

    const std::vector<double> nudged{0.92, -0.61, 0.04, 0.41, -0.29};
    for (const auto& penalty2 : {l2, std::vector<double>(5, 0.3)}) {
        SCOPED_TRACE(penalty2[0] == 0.0 ? "same l2" : "new l2");
        std::vector<double> again(5), fresh(5);
        ASSERT_TRUE(newton.solve(set, v, 1, first, nudged, l1, penalty2, again));
        ASSERT_TRUE(Newton(X).solve(set, v, 1, first, nudged, l1, penalty2, fresh));
        expect_kkt(H, first, nudged, l1, again, penalty2);
        for (std::size_t k = 0; k < 5; ++k) EXPECT_NEAR(again[k], fresh[k], 1e-12) << k;
    }
}

// With `stale`, H of earlier weights serves the solve (its minimizer is the
// old H's), until the caller distrusts it; without, H of the new weights
// does. Forming H for another use drops what solve held.
TEST(SupportNewtonSolve, StaleHessianOnlyWhereAllowedAndTrusted) {
    const RandomSparse data(150);
    const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = true, .intercept = true});
    const std::vector<std::int64_t> set{11, 3, 1, 7, 5};
    std::vector<double> v1(static_cast<std::size_t>(data.n)), v2 = v1;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> weight(0.01, 0.25);
    for (double& x : v1) x = weight(rng);
    for (double& x : v2) x = weight(rng);
    const Eigen::MatrixXd H1 = Newton(X).form(set, v1), H2 = Newton(X).form(set, v2);
    // Five features and the intercept (unpenalized, l1 0 and g 0 at its optimum).
    const std::vector<double> x0(6, 0.0), g{0.09, -0.06, 0.005, 0.04, -0.03, 0.0};
    const std::vector<double> l1{0.01, 0.01, 0.01, 0.01, 0.01, 0.0};
    const std::vector<double> l2(6, 0.0);
    std::vector<double> x(6);
    Newton newton(X);
    ASSERT_TRUE(newton.solve(set, v1, 1, x0, g, l1, l2, x));
    EXPECT_FALSE(newton.used_stale());
    EXPECT_TRUE(newton.holds(set, 2, true));
    EXPECT_FALSE(newton.holds(set, 2, false));

    ASSERT_TRUE(newton.solve(set, v2, 2, x0, g, l1, l2, x, true));
    EXPECT_TRUE(newton.used_stale());
    expect_kkt(H1, x0, g, l1, x);
    ASSERT_TRUE(newton.solve(set, v2, 2, x0, g, l1, l2, x));
    EXPECT_FALSE(newton.used_stale());
    expect_kkt(H2, x0, g, l1, x);

    newton.distrust_stale();
    EXPECT_FALSE(newton.holds(set, 3, true));
    EXPECT_TRUE(newton.holds(set, 2, true));
    ASSERT_TRUE(newton.solve(set, v1, 3, x0, g, l1, l2, x, true));
    EXPECT_FALSE(newton.used_stale());
    expect_kkt(H1, x0, g, l1, x);
    EXPECT_TRUE(newton.holds(set, 4, true));

    newton.form(set, v2);
    EXPECT_FALSE(newton.holds(set, 3, true));
}

// A support that lost one feature and gained another: solve adapts H held
// (copies what both sets have, computes the new feature's column) instead of
// forming it, under the weights H was formed with, which are these weights
// (an exact H) or, with `stale`, earlier ones. Either way the minimizer is
// that of H formed the plain way for those weights.
TEST(SupportNewtonSolve, AdaptedHessianIsTheFormedOneOfItsWeights) {
    const RandomSparse data(150);
    std::vector<double> v1(static_cast<std::size_t>(data.n)), v2 = v1;
    std::mt19937_64 rng(9);
    std::uniform_real_distribution<double> weight(0.01, 0.25);
    for (double& x : v1) x = weight(rng);
    for (double& x : v2) x = weight(rng);
    const std::vector<std::int64_t> before{11, 3, 1, 7, 2, 10, 5, 4}, after{11, 3, 8, 1, 7, 2, 10, 5};
    std::vector<double> x0(9, 0.0), g(9, 0.0), l1(9, 0.004), l2(9, 0.0), x(9), ignored(9);
    l1[8] = 0.0;  // the intercept's
    for (std::size_t k = 0; k < 8; ++k) g[k] = 0.01 * static_cast<double>(k % 3) - 0.011 * static_cast<double>(k % 2);
    for (const bool standardize : {true, false}) {
        SCOPED_TRACE(standardize ? "standardized" : "raw");
        const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = standardize, .intercept = true});
        for (const bool stale : {false, true}) {
            SCOPED_TRACE(stale ? "earlier weights" : "same weights");
            Newton newton(X);
            ASSERT_TRUE(newton.solve(before, v1, 1, x0, g, l1, l2, ignored));
            EXPECT_EQ(newton.adapt_work(after, 2, false, 0.0), std::numeric_limits<double>::infinity());
            EXPECT_EQ(newton.adapt_work(after, 1, false, 0.0), 150.0);
            ASSERT_TRUE(newton.solve(after, stale ? v2 : v1, stale ? 2 : 1, x0, g, l1, l2, x, stale));
            EXPECT_EQ(newton.used_stale(), stale);
            EXPECT_TRUE(newton.holds(after, 1, false));
            // Two new features of eight (more than an eighth): formed anew.
            const std::vector<std::int64_t> third{11, 3, 8, 1, 6, 9, 10, 5};
            EXPECT_EQ(newton.adapt_work(third, 1, false, 0.0), std::numeric_limits<double>::infinity());
            expect_kkt(plain_gram(data, X, after, v1), x0, g, l1, x);
        }
    }
}

// A crawl's block (CoordinateDescent::crawled_): the largest whose solve
// fits the budget, never beyond a tenth of the rows or 399 unknowns, never
// below the ordinary block.
TEST(SupportNewtonBlocks, LargestBlockFitsItsBudgetAndBounds) {
    for (const int rows : {300, 1000, 4000, 20000}) {
        const RandomSparse data(rows, 4);
        const DesignMatrix<double, std::int32_t> X(data.view(), {}, {.standardize = true, .intercept = true});
        const Newton newton(X);
        const std::size_t ordinary = newton.block_size();
        const std::size_t bound = std::min<std::size_t>(399, static_cast<std::size_t>(rows) / 10);
        EXPECT_EQ(newton.largest_block(30.0, std::numeric_limits<double>::infinity()), std::max(ordinary, bound))
            << rows << " rows";
        EXPECT_EQ(newton.largest_block(30.0, 0.0), ordinary) << rows << " rows";
        for (const double budget : {1e5, 1e6, 3e6}) {
            const std::size_t m = newton.largest_block(30.0, budget);
            EXPECT_GE(m, ordinary) << rows << " rows, budget " << budget;
            EXPECT_LE(m, std::max(ordinary, bound)) << rows << " rows, budget " << budget;
            if (m > ordinary) {
                EXPECT_LE(newton.solve_work(m, 30.0), budget) << rows << " rows, budget " << budget;
            }
            if (m < bound) {
                EXPECT_GT(newton.solve_work(m + 1, 30.0), budget) << rows << " rows, budget " << budget;
            }
        }
    }
}

}  // namespace
}  // namespace sparsereg
