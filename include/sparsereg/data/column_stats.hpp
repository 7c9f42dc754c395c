#pragma once

#include <span>
#include <vector>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

// Threads for the computation (0: all cores). The result does not depend on it.
struct StatsOptions {
    int threads = 0;
};

// Per-column weighted moments of a design matrix X (n rows, p columns) with
// sample weights w_i >= 0 and W = Σ_i w_i. Every sum runs over all n rows,
// implicit zeros included, and is accumulated in double whatever X stores.
// They let a solver work on the standardized matrix (X_j − m_j) / s_j while X
// stays sparse, as glmnet does for sparse input (DESIGN.md, "Core abstractions").
struct ColumnStats {
    // m_j = Σ_i w_i x_ij / W: the centre subtracted from column j (glmnet's xm).
    std::vector<double> mean;
    // s_j = sqrt(Σ_i w_i (x_ij − m_j)² / W): column j's standard deviation with
    // divisor W, not W − 1 (glmnet's xs). A column that is constant over the rows
    // of positive weight, an empty one included, gets exactly 0; a caller must
    // not divide by it (glmnet leaves such a coefficient at 0).
    std::vector<double> scale;
    // Σ_i w_i x_ij², uncentred and unscaled, with the weights as given: the
    // curvature of the least-squares loss along coordinate j on raw X.
    std::vector<double> squared_norm;
    // W, the weights' sum as given (n for unit weights); the statistics
    // above other than squared_norm do not depend on the weights' overall scale.
    double weight_sum = 0.0;
};

// Computes ColumnStats of X in parallel over columns. `weights` holds one
// weight per row, or is empty for unit weights. Throws InvalidArgument naming
// "weights" (with the index and value of the first bad one) unless there are
// exactly X.rows() weights, each finite and >= 0, with a positive finite sum;
// and naming "X" if X has no rows. Non-finite values in X are not checked and
// propagate. Instantiated in the library for the four built-in type combinations.
template <StorageValue T, StorageIndex I>
ColumnStats compute_column_stats(const CscMatrix<T, I>& X, std::span<const double> weights = {},
                                 StatsOptions options = {});

}  // namespace sparsereg
