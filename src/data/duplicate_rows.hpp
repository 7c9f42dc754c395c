#pragma once

// Rows of X that equal an earlier row, merged into one weighted row. Both
// losses are sums over rows, and for equal rows the predictor is the same:
//   logistic:  Σ_g w_i [log(1 + e^η) − y_i η] = W [log(1 + e^η) − ȳ η]
//   squares:   Σ_g w_i (y_i − η)²             = W (ȳ − η)² + Σ_g w_i (y_i − ȳ)²
// with W = Σ_g w_i and ȳ the group's weighted mean response. So a fit on
// the merged rows (weights W, responses ȳ) has the same objective up to the
// constant within-group sum of squares (0 for the logistic loss), the same
// gradients, standardization and λ_max, and the same solution. Data made of
// categories has many equal rows (a9a: 32,561 rows, 24,947 distinct), and
// each pass over a column touches fewer entries.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"

namespace sparsereg::detail {

template <StorageValue T, StorageIndex I>
struct MergedRows {
    CsrMatrix<T, I> X;            // the first row of each group, in the order of the groups' first rows
    std::vector<double> y;        // the group's weighted mean response
    std::vector<double> weights;  // the group's total weight
    // Σ w_i (y_i − ȳ)² over every group, with the weights rescaled to sum to
    // the original number of rows (as a fit rescales them): the deviance the
    // merge takes out of a least-squares fit.
    double within_squares = 0;
};

// Merging costs a copy of the distinct rows, kept for the fit; it pays only
// when the merge takes out at least this share of X's entries.
inline constexpr double min_merged_share = 0.1;

// The merged rows, or nothing when fewer than min_merged_share of the
// entries would go, or when X has a non-finite value (left for the fit to
// report at its own row). Rows are equal when they have the same columns
// and exactly the same values. Empty weights mean all 1.
template <StorageValue T, StorageIndex I>
std::optional<MergedRows<T, I>> merge_duplicate_rows(CsrView<T, I> X, std::span<const double> y,
                                                     std::span<const double> weights, int threads);

}  // namespace sparsereg::detail
