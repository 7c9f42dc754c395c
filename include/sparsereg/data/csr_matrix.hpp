#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

// A sparse matrix in compressed sparse row form that owns its arrays. It is
// validated on construction exactly as CsrView is, and view() hands out a
// CsrView without copying, so every algorithm takes a CsrView.
template <StorageValue T, StorageIndex I>
class CsrMatrix {
public:
    using value_type = T;
    using index_type = I;

    CsrMatrix() : indptr_(1, I{0}) {}  // the 0 x 0 matrix

    // Takes the arrays (move them in to avoid a copy) and validates them.
    CsrMatrix(I rows, I cols, std::vector<I> indptr, std::vector<I> indices,
              std::vector<T> values, ValidationOptions options = {})
        : rows_(rows),
          cols_(cols),
          indptr_(std::move(indptr)),
          indices_(std::move(indices)),
          values_(std::move(values)) {
        (void)CsrView<T, I>(rows_, cols_, indptr_, indices_, values_, options);
    }

    // Deep copy of a view (which was validated when it was made).
    explicit CsrMatrix(CsrView<T, I> view)
        : rows_(view.rows()),
          cols_(view.cols()),
          indptr_(view.indptr().begin(), view.indptr().end()),
          indices_(view.indices().begin(), view.indices().end()),
          values_(view.values().begin(), view.values().end()) {}

    CsrView<T, I> view() const noexcept {
        return CsrView<T, I>::unchecked(rows_, cols_, indptr_, indices_, values_);
    }

    I rows() const noexcept { return rows_; }
    I cols() const noexcept { return cols_; }
    std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(indices_.size()); }
    std::span<const I> indptr() const noexcept { return indptr_; }
    std::span<const I> indices() const noexcept { return indices_; }
    std::span<const T> values() const noexcept { return values_; }

    // Bytes held by the three arrays: what a memory budget should count.
    std::size_t storage_bytes() const noexcept {
        return (indptr_.size() + indices_.size()) * sizeof(I) + values_.size() * sizeof(T);
    }

private:
    I rows_ = 0;
    I cols_ = 0;
    std::vector<I> indptr_;
    std::vector<I> indices_;
    std::vector<T> values_;
};

}  // namespace sparsereg
