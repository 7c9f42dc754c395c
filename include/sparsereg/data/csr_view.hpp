#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

namespace sparsereg {

// The element and index types the library is compiled for (DESIGN.md): float
// halves memory traffic on large inputs, int64 indices allow more than 2^31 nonzeros.
template <class T>
concept StorageValue = std::is_same_v<T, float> || std::is_same_v<T, double>;
template <class I>
concept StorageIndex = std::is_same_v<I, std::int32_t> || std::is_same_v<I, std::int64_t>;

struct ValidationOptions {
    // NaN and infinite values are errors unless this is set; a fit rejects
    // them again at its own boundary, so this only serves loading and inspection.
    bool allow_nonfinite = false;
    int threads = 0;  // validation work is spread over this many threads (0: all cores)
};

// A read-only, non-owning view of a sparse matrix in compressed sparse row
// form, over a caller's arrays in the scipy/Eigen layout:
//   row r holds indices[indptr[r] .. indptr[r+1]) with values at the same positions.
// The public constructor checks the arrays once (monotone indptr starting at 0,
// column indices in range and strictly increasing in each row, finite values
// unless options allow otherwise)
// and throws InvalidArgument naming the array, row and position of the first
// problem; nothing downstream checks again. The caller keeps the arrays alive.
template <StorageValue T, StorageIndex I>
class CsrView {
public:
    using value_type = T;
    using index_type = I;

    CsrView() = default;  // the 0 x 0 matrix
    CsrView(I rows, I cols, std::span<const I> indptr, std::span<const I> indices,
            std::span<const T> values, ValidationOptions options = {});

    // For arrays the library itself produced and already knows are valid.
    static CsrView unchecked(I rows, I cols, std::span<const I> indptr,
                             std::span<const I> indices, std::span<const T> values) noexcept {
        CsrView view;
        view.rows_ = rows;
        view.cols_ = cols;
        view.indptr_ = indptr;
        view.indices_ = indices;
        view.values_ = values;
        return view;
    }

    I rows() const noexcept { return rows_; }
    I cols() const noexcept { return cols_; }
    std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(indices_.size()); }

    std::span<const I> indptr() const noexcept { return indptr_; }
    std::span<const I> indices() const noexcept { return indices_; }
    std::span<const T> values() const noexcept { return values_; }

    std::span<const I> row_indices(I row) const noexcept {
        return indices_.subspan(static_cast<std::size_t>(indptr_[row]), row_size(row));
    }
    std::span<const T> row_values(I row) const noexcept {
        return values_.subspan(static_cast<std::size_t>(indptr_[row]), row_size(row));
    }

private:
    std::size_t row_size(I row) const noexcept {
        return static_cast<std::size_t>(indptr_[row + 1] - indptr_[row]);
    }

    static constexpr I empty_indptr_[1] = {0};

    I rows_ = 0;
    I cols_ = 0;
    std::span<const I> indptr_{empty_indptr_};
    std::span<const I> indices_{};
    std::span<const T> values_{};
};

extern template class CsrView<float, std::int32_t>;
extern template class CsrView<float, std::int64_t>;
extern template class CsrView<double, std::int32_t>;
extern template class CsrView<double, std::int64_t>;

}  // namespace sparsereg
