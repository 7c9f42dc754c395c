#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

struct DesignOptions {
    bool standardize = true;
    bool intercept = true;
    int threads = 0;
};

// The matrix a solver works on: the caller's X, its column-major copy, and
// the per-column centre c_j and scale d_j of the working columns
//     z_j = (x_j − c_j) / d_j,
// applied implicitly so sparse X is never densified (glmnet's xm/xs for
// sparse input). c_j is the weighted column mean when fitting an intercept
// (else 0); d_j is the weighted 1/n standard deviation of x_j when
// standardizing (else 1) — centred even without an intercept, as glmnet
// does. Sample weights are rescaled to sum to n.
//
// A constant column cannot enter a model: it is marked `fixed_at_zero` and a
// solver never touches it, as glmnet does.
template <StorageValue T, StorageIndex I>
class DesignMatrix {
public:
    // Throws InvalidArgument naming "X" (non-finite value) or "weights".
    DesignMatrix(CsrView<T, I> X, std::span<const double> weights, DesignOptions options);

    std::int64_t rows() const noexcept { return rows_; }
    std::int64_t cols() const noexcept { return cols_; }
    // The caller's X, with all its columns even after keep_columns.
    const CsrView<T, I>& csr() const noexcept { return csr_; }
    const CscMatrix<T, I>& csc() const noexcept { return csc_; }
    bool standardize() const noexcept { return options_.standardize; }
    bool intercept() const noexcept { return options_.intercept; }
    int threads() const noexcept { return options_.threads; }

    std::span<const double> weights() const noexcept { return weights_; }  // sum to n
    double center(std::int64_t j) const noexcept { return center_[static_cast<std::size_t>(j)]; }
    double scale(std::int64_t j) const noexcept { return scale_[static_cast<std::size_t>(j)]; }
    std::span<const double> centers() const noexcept { return center_; }
    std::span<const double> scales() const noexcept { return scale_; }
    bool fixed_at_zero(std::int64_t j) const noexcept {
        return fixed_[static_cast<std::size_t>(j)] != 0;
    }
    // Fixes column j at zero as a constant one is: for a fit that knows the
    // column cannot change its optimum (fit_path: a duplicate under the Lasso).
    void fix_at_zero(std::int64_t j) noexcept { fixed_[static_cast<std::size_t>(j)] = 1; }
    // Multiplies working column j by `factor` (> 0), dividing its scale: for
    // a fit that lets column j stand for `factor` equal columns (fit_path:
    // a group of duplicates under a ridge term).
    void scale_column(std::int64_t j, double factor) noexcept {
        scale_[static_cast<std::size_t>(j)] /= factor;
    }

    // Keeps only the columns `kept` (strictly increasing) in place: column
    // j is then the caller's column original_column(j), and cols() counts
    // the kept ones. For a fit that drops the columns it will never move
    // (fit_path: constant columns, and duplicates fitted through another),
    // so that its per-column state is no larger than they need (news20's
    // bigrams: 37% of the columns). csr() is not narrowed, so a solver that
    // reads it cannot work on a design narrowed so. Throws InvalidArgument
    // naming "kept" if it is not such a list of columns.
    void keep_columns(std::span<const std::int64_t> kept);
    bool narrowed() const noexcept { return !original_.empty(); }
    std::int64_t original_cols() const noexcept { return csr_.cols(); }
    std::int64_t original_column(std::int64_t j) const noexcept {
        return original_.empty() ? j : static_cast<std::int64_t>(original_[static_cast<std::size_t>(j)]);
    }

private:
    std::int64_t rows_;
    std::int64_t cols_;
    DesignOptions options_;
    CsrView<T, I> csr_;
    CscMatrix<T, I> csc_;
    std::vector<double> weights_;
    std::vector<double> center_;
    std::vector<double> scale_;
    std::vector<char> fixed_;
    std::vector<I> original_;  // after keep_columns: each column's in the caller's X
};

extern template class DesignMatrix<float, std::int32_t>;
extern template class DesignMatrix<float, std::int64_t>;
extern template class DesignMatrix<double, std::int32_t>;
extern template class DesignMatrix<double, std::int64_t>;

}  // namespace sparsereg
