#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

// Threads for a conversion (0: all cores). The result does not depend on it.
struct ConversionOptions {
    int threads = 0;
};

// A sparse matrix in compressed sparse column form that owns its arrays:
// column j holds row indices row_indices[col_ptr[j] .. col_ptr[j+1]) in
// strictly increasing order. Coordinate descent walks columns, so it works on
// this copy of the caller's CSR input, built once per fit.
template <StorageValue T, StorageIndex I>
class CscMatrix {
public:
    using value_type = T;
    using index_type = I;

    CscMatrix() : col_ptr_(1, I{0}) {}  // the 0 x 0 matrix

    I rows() const noexcept { return rows_; }
    I cols() const noexcept { return cols_; }
    std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(row_indices_.size()); }
    std::span<const I> col_ptr() const noexcept { return col_ptr_; }
    std::span<const I> row_indices() const noexcept { return row_indices_; }
    std::span<const T> values() const noexcept { return values_; }

    std::span<const I> col_rows(I col) const noexcept {
        return std::span<const I>(row_indices_).subspan(col_begin(col), col_size(col));
    }
    std::span<const T> col_values(I col) const noexcept {
        return std::span<const T>(values_).subspan(col_begin(col), col_size(col));
    }

    std::size_t storage_bytes() const noexcept {
        return (col_ptr_.size() + row_indices_.size()) * sizeof(I) + values_.size() * sizeof(T);
    }

    // The transpose of this matrix seen as CSR: a CSC matrix's arrays are
    // exactly the CSR arrays of its transpose, so no copy is needed.
    CsrView<T, I> transposed_view() const noexcept {
        return CsrView<T, I>::unchecked(cols_, rows_, col_ptr_, row_indices_, values_);
    }

    // Builds the column-major copy of a (validated) CSR matrix, in parallel.
    // The view's indptr already holds nnz in I, so every offset of the copy fits too.
    static CscMatrix from_csr(CsrView<T, I> csr, ConversionOptions options = {});

    // Keeps only the columns `kept` (strictly increasing, each < cols()), in
    // that order, moving their entries down in place: no second copy of the
    // arrays is ever held, so a fit can drop columns it will never use
    // without raising its peak memory. The arrays keep their capacity.
    // Throws InvalidArgument naming "kept" if it is not such a list.
    void keep_columns(std::span<const std::int64_t> kept);

private:
    // Adopts arrays that from_csr built and therefore knows are valid.
    CscMatrix(I rows, I cols, std::vector<I> col_ptr, std::vector<I> row_indices,
              std::vector<T> values) noexcept
        : rows_(rows),
          cols_(cols),
          col_ptr_(std::move(col_ptr)),
          row_indices_(std::move(row_indices)),
          values_(std::move(values)) {}

    std::size_t col_begin(I col) const noexcept { return static_cast<std::size_t>(col_ptr_[col]); }
    std::size_t col_size(I col) const noexcept {
        return static_cast<std::size_t>(col_ptr_[col + 1] - col_ptr_[col]);
    }

    I rows_ = 0;
    I cols_ = 0;
    std::vector<I> col_ptr_;
    std::vector<I> row_indices_;
    std::vector<T> values_;
};

extern template class CscMatrix<float, std::int32_t>;
extern template class CscMatrix<float, std::int64_t>;
extern template class CscMatrix<double, std::int32_t>;
extern template class CscMatrix<double, std::int64_t>;

// The row-major copy of a CSC matrix, in parallel; to_csr(CscMatrix::from_csr(v))
// reproduces v's arrays exactly. Instantiated in the library for the four
// built-in type combinations.
template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> to_csr(const CscMatrix<T, I>& csc, ConversionOptions options = {});

}  // namespace sparsereg
