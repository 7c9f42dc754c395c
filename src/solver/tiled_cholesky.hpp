#pragma once

// The Cholesky factor of a dense symmetric positive definite matrix, by
// tiles, on an executor's threads: for each diagonal tile in turn, factor
// it, solve the tiles below it against it (one task each), and take their
// products out of the trailing tiles (one task each). A support solve of
// snp standardized factors systems of ~700 unknowns, which on one core were
// 18% of the path.
//
// Every tile is written by one task at a time, in an order fixed by the
// matrix's size alone: the bits are the same on any number of threads
// (DESIGN.md, 6).

#include <Eigen/Dense>

#include <algorithm>
#include <cstddef>
#include <utility>

#include "parallel/executor.hpp"

namespace sparsereg::detail {

// Task `task` of the tiles (row, column ≤ row) of a lower triangle, taken
// row by row: 0 → (0, 0), 1 → (1, 0), 2 → (1, 1), 3 → (2, 0), ...
inline std::pair<Eigen::Index, Eigen::Index> lower_tile(std::size_t task) noexcept {
    const auto t = static_cast<Eigen::Index>(task);
    Eigen::Index row = 0;
    while ((row + 1) * (row + 2) / 2 <= t) ++row;
    return {row, t - row * (row + 1) / 2};
}

class TiledCholesky {
public:
    // Factors the lower triangle of `matrix` with its diagonal times
    // `diagonal_scale`; false where a pivot is not positive (the matrix is
    // not positive definite, as far as rounding tells). Without an executor,
    // on the caller's thread.
    bool compute(const Eigen::MatrixXd& matrix, double diagonal_scale, const Executor* executor) {
        factor_ = matrix;
        factor_.diagonal() *= diagonal_scale;
        const Eigen::Index n = factor_.rows();
        const Eigen::Index tiles = (n + tile - 1) / tile;
        const auto rows_of = [&](Eigen::Index t) {  // tile t's first row and count
            const Eigen::Index first = t * tile;
            return std::pair<Eigen::Index, Eigen::Index>(first, std::min(tile, n - first));
        };
        for (Eigen::Index k = 0; k < tiles; ++k) {
            const Eigen::Index start = k * tile, size = std::min(tile, n - start);
            Eigen::Ref<Eigen::MatrixXd> diagonal = factor_.block(start, start, size, size);
            const Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>, Eigen::Lower> pivot(diagonal);
            if (pivot.info() != Eigen::Success) return false;
            const Eigen::Index below = tiles - k - 1;
            if (below == 0) break;
            // L_ik = A_ik L_kk⁻ᵀ for every tile i below.
            for_each_task(executor, static_cast<std::size_t>(below), [&](std::size_t task) {
                const auto [first, count] = rows_of(k + 1 + static_cast<Eigen::Index>(task));
                auto panel = factor_.block(first, start, count, size);
                diagonal.transpose().triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(panel);
            });
            // A_ij −= L_ik L_jkᵀ for every trailing tile (i, j), j ≤ i.
            for_each_task(executor, static_cast<std::size_t>(below * (below + 1) / 2), [&](std::size_t task) {
                const auto [i, j] = lower_tile(task);
                const auto [row, rows] = rows_of(k + 1 + i);
                const auto [column, columns] = rows_of(k + 1 + j);
                const auto left = factor_.block(row, start, rows, size);
                if (i == j) {
                    factor_.block(row, row, rows, rows).selfadjointView<Eigen::Lower>().rankUpdate(left, -1.0);
                } else {
                    factor_.block(row, column, rows, columns).noalias() -=
                        left * factor_.block(column, start, columns, size).transpose();
                }
            });
        }
        return true;
    }

    // x = (L Lᵀ)⁻¹ b.
    Eigen::VectorXd solve(const Eigen::VectorXd& b) const {
        Eigen::VectorXd x = b;
        factor_.triangularView<Eigen::Lower>().solveInPlace(x);
        factor_.triangularView<Eigen::Lower>().adjoint().solveInPlace(x);
        return x;
    }

    // Columns per tile: below it, one task does it all.
    static constexpr Eigen::Index tile = 128;

private:
    Eigen::MatrixXd factor_;
};

}  // namespace sparsereg::detail
