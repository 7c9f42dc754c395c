#pragma once

// Columns of a design whose working columns z_j = (x_j − c_j) / d_j are the
// same as an earlier column's: the same rows, and the same values or, when
// standardizing, values in the same positive proportion (then c_j and d_j
// scale alike, so z_j is the same). Text data has many such columns: rare
// words and bigrams of one or two documents (standardized, news20's bigrams
// have 141,984 of 385,513; finefoods 4,195 of 13,211; rcv1 3,648 of 9,738).
//
// Under the Lasso a group of equal columns with equal penalty factors acts
// as one feature: the data term sees only the sum of their coefficients and
// the penalty only its absolute value (signs alike), so one member can take
// the whole sum and the others stay at 0 at no cost. Coordinate descent
// gains nothing from visiting them, and block Newton steps that take two of
// them solve a singular system.

#include <cstdint>
#include <vector>

#include "sparsereg/data/design_matrix.hpp"

namespace sparsereg::detail {

// For each column, the first column (lowest index) with the same working
// column, or the column itself. Columns fixed at zero are their own.
// Values must match exactly (after the division by the first value when
// standardizing), so rounding never merges columns that differ.
template <StorageValue T, StorageIndex I>
std::vector<std::int64_t> first_equal_columns(const DesignMatrix<T, I>& X);

}  // namespace sparsereg::detail
