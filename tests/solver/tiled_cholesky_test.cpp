// TiledCholesky factors by tiles of 128 columns on an executor's threads. Its
// factor must solve the system (checked by the residual, with the damping of
// the diagonal it was asked for), give the same bits on any thread count and
// without an executor, and refuse a matrix that is not positive definite,
// whichever tile holds the failing pivot.

#include <gtest/gtest.h>

#include <random>

#include "parallel/executor.hpp"
#include "solver/tiled_cholesky.hpp"

namespace sparsereg {
namespace {

using detail::TiledCholesky;

// A Gram matrix of `size` columns over more rows, plus a little diagonal:
// positive definite and correlated like the solver's H. Lower triangle only;
// the upper holds noise, which the factor must not read.
Eigen::MatrixXd gram(Eigen::Index size, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd rows(size + 50, size);
    for (Eigen::Index c = 0; c < size; ++c) {
        for (Eigen::Index r = 0; r < rows.rows(); ++r) rows(r, c) = normal(rng) + 0.5 * (c % 7 == 0);
    }
    Eigen::MatrixXd lower = rows.transpose() * rows / static_cast<double>(rows.rows());
    lower.diagonal().array() += 1e-3;
    for (Eigen::Index c = 1; c < size; ++c) {
        for (Eigen::Index r = 0; r < c; ++r) lower(r, c) = 1e6 * normal(rng);
    }
    return lower;
}

Eigen::MatrixXd symmetric(const Eigen::MatrixXd& lower, double diagonal_scale) {
    Eigen::MatrixXd full = lower.selfadjointView<Eigen::Lower>();
    full.diagonal() *= diagonal_scale;
    return full;
}

TEST(TiledCholesky, SolvesOnAnyThreadsWithTheSameBits) {
    for (const Eigen::Index size : {5, 128, 300}) {
        for (const double scale : {1.0, 1.0 + 1e-8, 2.0}) {
            SCOPED_TRACE(std::to_string(size) + " unknowns, diagonal x " + std::to_string(scale));
            const Eigen::MatrixXd lower = gram(size, 7);
            std::mt19937_64 rng(3);
            std::normal_distribution<double> normal;
            Eigen::VectorXd b(size);
            for (auto& x : b) x = normal(rng);
            TiledCholesky alone;
            ASSERT_TRUE(alone.compute(lower, scale, nullptr));
            const Eigen::VectorXd x = alone.solve(b);
            EXPECT_LE((symmetric(lower, scale) * x - b).norm(), 1e-10 * b.norm());
            for (const int threads : {1, 2, 8}) {
                const detail::Executor executor(threads);
                TiledCholesky tiled;
                ASSERT_TRUE(tiled.compute(lower, scale, &executor));
                const Eigen::VectorXd y = tiled.solve(b);
                for (Eigen::Index k = 0; k < size; ++k) ASSERT_EQ(y(k), x(k)) << threads << " threads, x(" << k << ")";
            }
        }
    }
}

TEST(TiledCholesky, RefusesWhatIsNotPositiveDefinite) {
    const detail::Executor executor(2);
    // A negative pivot in the first tile, in a later one, and in the last one:
    // a column made the negative of another (singular), then with less.
    for (const Eigen::Index column : {3, 200, 299}) {
        SCOPED_TRACE("column " + std::to_string(column));
        Eigen::MatrixXd lower = gram(300, 9);
        Eigen::MatrixXd full = lower.selfadjointView<Eigen::Lower>();
        // Row and column `column` := −(row and column 0) · 1.5: the 2x2 minor
        // of (0, column) is h00 · (2.25 h00) − (1.5 h00)² = 0 before the
        // diagonal's own change, negative after it.
        full.row(column) = -1.5 * full.row(0);
        full.col(column) = -1.5 * full.col(0);
        full(column, column) = 2.0 * full(0, 0);
        const Eigen::MatrixXd broken = full.triangularView<Eigen::Lower>();
        TiledCholesky factor;
        EXPECT_FALSE(factor.compute(broken, 1.0, &executor));
        EXPECT_FALSE(factor.compute(broken, 1.0, nullptr));
        // The same matrix with enough on its diagonal is positive definite.
        EXPECT_TRUE(factor.compute(broken, 100.0, &executor));
    }
}

}  // namespace
}  // namespace sparsereg
