#include "sparsereg/data/csr_view.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

// Rows per validation block: large enough to amortize scheduling, small
// enough to spread a few thousand long rows over the cores.
constexpr std::size_t rows_per_block = 4096;

template <class I>
void check_shape(I rows, I cols, std::span<const I> indptr, std::size_t n_indices,
                 std::size_t n_values) {
    if (rows < 0) throw InvalidArgument("rows", "must be >= 0, got " + std::to_string(rows));
    if (cols < 0) throw InvalidArgument("cols", "must be >= 0, got " + std::to_string(cols));
    const auto expected = static_cast<std::size_t>(rows) + 1;
    if (indptr.size() != expected) {
        throw InvalidArgument("indptr", "has " + std::to_string(indptr.size()) +
                                            " entries; a matrix with " + std::to_string(rows) +
                                            " rows needs rows + 1 = " + std::to_string(expected));
    }
    if (indptr[0] != 0) {
        throw InvalidArgument("indptr", "indptr[0] must be 0, got " + std::to_string(indptr[0]));
    }
    if (n_indices != n_values) {
        throw InvalidArgument("values", "has " + std::to_string(n_values) +
                                            " entries but indices has " +
                                            std::to_string(n_indices));
    }
    for (std::size_t r = 0; r < static_cast<std::size_t>(rows); ++r) {
        if (indptr[r + 1] < indptr[r]) {
            throw InvalidArgument("indptr", "decreases at row " + std::to_string(r) + ": indptr[" +
                                                std::to_string(r) + "] = " +
                                                std::to_string(indptr[r]) + " > indptr[" +
                                                std::to_string(r + 1) + "] = " +
                                                std::to_string(indptr[r + 1]));
        }
    }
    const auto declared_nnz = static_cast<std::uint64_t>(indptr[static_cast<std::size_t>(rows)]);
    if (declared_nnz != n_indices) {
        throw InvalidArgument("indptr", "declares " + std::to_string(declared_nnz) +
                                            " nonzeros (indptr[rows]) but indices has " +
                                            std::to_string(n_indices) + " entries");
    }
}

// Position of the first bad entry in a row, or -1. Kept separate from the
// message so the parallel scan stays cheap and only the reported row pays for text.
template <class T, class I>
std::ptrdiff_t first_bad_entry(I cols, std::span<const I> idx, std::span<const T> val,
                               bool allow_nonfinite) {
    for (std::size_t k = 0; k < idx.size(); ++k) {
        if (idx[k] < 0 || idx[k] >= cols || (k > 0 && idx[k] <= idx[k - 1]) ||
            (!allow_nonfinite && !std::isfinite(val[k]))) {
            return static_cast<std::ptrdiff_t>(k);
        }
    }
    return -1;
}

template <class T, class I>
[[noreturn]] void report_bad_entry(I cols, std::size_t row, std::size_t pos, std::size_t k,
                                   std::span<const I> idx, std::span<const T> val) {
    const std::string where = "row " + std::to_string(row) + ", position " + std::to_string(k) +
                              " of the row (entry " + std::to_string(pos) + ")";
    const I j = idx[k];
    if (j < 0 || j >= cols) {
        throw InvalidArgument("indices", "column index " + std::to_string(j) + " at " + where +
                                             " is outside [0, " + std::to_string(cols) + ")");
    }
    if (k > 0 && j <= idx[k - 1]) {
        throw InvalidArgument("indices", std::string(j == idx[k - 1] ? "duplicate" : "unsorted") +
                                             " column index " + std::to_string(j) + " at " +
                                             where + " follows " + std::to_string(idx[k - 1]) +
                                             "; indices must increase strictly within a row");
    }
    throw InvalidArgument("values", "non-finite value " + std::to_string(val[k]) + " at " + where +
                                        " (column " + std::to_string(j) + ")");
}

}  // namespace

template <StorageValue T, StorageIndex I>
CsrView<T, I>::CsrView(I rows, I cols, std::span<const I> indptr, std::span<const I> indices,
                       std::span<const T> values, ValidationOptions options)
    : rows_(rows), cols_(cols), indptr_(indptr), indices_(indices), values_(values) {
    check_shape(rows, cols, indptr, indices.size(), values.size());

    const auto n_rows = static_cast<std::size_t>(rows);
    const std::size_t n_blocks = detail::Executor::block_count(n_rows, rows_per_block);
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> first_bad_row(n_blocks, none);
    detail::Executor(options.threads).for_each_range(
        n_rows, rows_per_block, [&](std::size_t begin, std::size_t end) {
            for (std::size_t r = begin; r < end; ++r) {
                if (first_bad_entry(cols, row_indices(static_cast<I>(r)),
                                    row_values(static_cast<I>(r)), options.allow_nonfinite) >= 0) {
                    first_bad_row[begin / rows_per_block] = r;
                    return;
                }
            }
        });
    // The lowest bad row, whatever the thread count, so the message is reproducible.
    const auto bad = std::find_if(first_bad_row.begin(), first_bad_row.end(),
                                  [](std::size_t r) { return r != none; });
    if (bad != first_bad_row.end()) {
        const auto r = static_cast<I>(*bad);
        const auto idx = row_indices(r);
        const auto val = row_values(r);
        const auto k = static_cast<std::size_t>(first_bad_entry(cols, idx, val, options.allow_nonfinite));
        report_bad_entry(cols, *bad, static_cast<std::size_t>(indptr[*bad]) + k, k, idx, val);
    }
}

template class CsrView<float, std::int32_t>;
template class CsrView<float, std::int64_t>;
template class CsrView<double, std::int32_t>;
template class CsrView<double, std::int64_t>;

}  // namespace sparsereg
