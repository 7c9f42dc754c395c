#pragma once

#include <Eigen/SparseCore>
#include <cstddef>
#include <limits>
#include <span>
#include <string>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"

// Conversions between sparsereg's matrices and Eigen's sparse matrices. A
// compressed Eigen::SparseMatrix<T, RowMajor, I> has exactly the CSR layout of
// CsrView and a ColMajor one the layout of CscMatrix, so the eigen_map and
// csr_view_of functions share the arrays without copying (the viewed object
// must outlive the view); to_eigen and from_eigen copy. Explicit zeros that Eigen
// stores are kept as entries.

namespace sparsereg {

namespace detail {

template <class T, class I>
CsrView<T, I> csr_view_of_row_major(Eigen::Index rows, Eigen::Index cols, bool compressed,
                                    const I* outer, const I* inner, const T* values,
                                    ValidationOptions options) {
    if (!compressed) {
        throw InvalidArgument("matrix",
                              "is an Eigen sparse matrix in uncompressed mode, which "
                              "has no CSR layout; call makeCompressed() on it first");
    }
    // Eigen keeps sizes in Eigen::Index, which is wider than a 32-bit StorageIndex.
    if (rows > std::numeric_limits<I>::max() || cols > std::numeric_limits<I>::max()) {
        throw InvalidArgument("matrix", "is " + std::to_string(rows) + " x " +
                                            std::to_string(cols) +
                                            ", more than its index type can count");
    }
    const auto n_rows = static_cast<std::size_t>(rows);
    // A negative count is left for CsrView to report: indptr must then decrease somewhere.
    const auto nnz = outer[n_rows] > 0 ? static_cast<std::size_t>(outer[n_rows]) : 0;
    return CsrView<T, I>(static_cast<I>(rows), static_cast<I>(cols), {outer, n_rows + 1},
                         {inner, nnz}, {values, nnz}, options);
}

}  // namespace detail

// Zero-copy: Eigen's read-only row-major sparse matrix over the view's arrays.
template <StorageValue T, StorageIndex I>
Eigen::Map<const Eigen::SparseMatrix<T, Eigen::RowMajor, I>> eigen_map(CsrView<T, I> csr) {
    using Map = Eigen::Map<const Eigen::SparseMatrix<T, Eigen::RowMajor, I>>;
    return Map(csr.rows(), csr.cols(), csr.nnz(), csr.indptr().data(), csr.indices().data(),
               csr.values().data());
}

// Zero-copy: Eigen's read-only column-major sparse matrix over the CSC arrays.
template <StorageValue T, StorageIndex I>
Eigen::Map<const Eigen::SparseMatrix<T, Eigen::ColMajor, I>> eigen_map(const CscMatrix<T, I>& csc) {
    using Map = Eigen::Map<const Eigen::SparseMatrix<T, Eigen::ColMajor, I>>;
    return Map(csc.rows(), csc.cols(), csc.nnz(), csc.col_ptr().data(), csc.row_indices().data(),
               csc.values().data());
}

// A map of a temporary would dangle.
template <StorageValue T, StorageIndex I>
void eigen_map(const CscMatrix<T, I>&&) = delete;

// Zero-copy: a validated CsrView of a compressed row-major Eigen matrix, checked
// as CsrView's constructor checks a caller's arrays. Throws InvalidArgument
// naming "matrix" if it is in uncompressed mode (call makeCompressed() first).
template <StorageValue T, StorageIndex I>
CsrView<T, I> csr_view_of(const Eigen::SparseMatrix<T, Eigen::RowMajor, I>& matrix,
                          ValidationOptions options = {}) {
    return detail::csr_view_of_row_major(matrix.rows(), matrix.cols(), matrix.isCompressed(),
                                         matrix.outerIndexPtr(), matrix.innerIndexPtr(),
                                         matrix.valuePtr(), options);
}
// A view of a temporary would dangle.
template <StorageValue T, StorageIndex I>
void csr_view_of(const Eigen::SparseMatrix<T, Eigen::RowMajor, I>&&,
                 ValidationOptions = {}) = delete;

template <StorageValue T, StorageIndex I>
CsrView<T, I> csr_view_of(
    const Eigen::Map<const Eigen::SparseMatrix<T, Eigen::RowMajor, I>>& matrix,
    ValidationOptions options = {}) {
    return detail::csr_view_of_row_major(matrix.rows(), matrix.cols(), matrix.isCompressed(),
                                         matrix.outerIndexPtr(), matrix.innerIndexPtr(),
                                         matrix.valuePtr(), options);
}

template <StorageValue T, StorageIndex I>
CsrView<T, I> csr_view_of(const Eigen::Map<Eigen::SparseMatrix<T, Eigen::RowMajor, I>>& matrix,
                          ValidationOptions options = {}) {
    return detail::csr_view_of_row_major(matrix.rows(), matrix.cols(), matrix.isCompressed(),
                                         matrix.outerIndexPtr(), matrix.innerIndexPtr(),
                                         matrix.valuePtr(), options);
}

// An owning, compressed Eigen copy in either storage order:
//   auto m = to_eigen<Eigen::ColMajor>(view);
template <int Options = Eigen::RowMajor, StorageValue T, StorageIndex I>
Eigen::SparseMatrix<T, Options, I> to_eigen(CsrView<T, I> csr) {
    static_assert(Options == Eigen::RowMajor || Options == Eigen::ColMajor,
                  "Options must be Eigen::RowMajor or Eigen::ColMajor");
    return Eigen::SparseMatrix<T, Options, I>(eigen_map(csr));
}

// An owning CSR copy of an Eigen sparse matrix in either storage order,
// compressed or not, validated like CsrMatrix's constructor.
template <StorageValue T, int Options, StorageIndex I>
CsrMatrix<T, I> from_eigen(const Eigen::SparseMatrix<T, Options, I>& matrix,
                           ValidationOptions options = {}) {
    if constexpr (Eigen::SparseMatrix<T, Options, I>::IsRowMajor) {
        if (matrix.isCompressed()) return CsrMatrix<T, I>(csr_view_of(matrix, options));
    }
    // Eigen's own conversion transposes and drops the free space of uncompressed mode.
    Eigen::SparseMatrix<T, Eigen::RowMajor, I> row_major(matrix);
    row_major.makeCompressed();
    return CsrMatrix<T, I>(csr_view_of(row_major, options));
}

}  // namespace sparsereg
