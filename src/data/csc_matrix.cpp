#include "sparsereg/data/csc_matrix.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

// Nonzeros per scatter block: enough work to pay for a task, few enough
// blocks to keep cores busy on inputs of a few million nonzeros.
constexpr std::int64_t target_nnz_per_block = std::int64_t{1} << 20;
constexpr std::int64_t max_blocks = 256;
// Below this, one block: a parallel call costs more than the scatter (the
// 4,420 nonzeros of diabetes were two blocks, and waking a second thread
// for them took 5% of a 0.66 ms path).
constexpr std::int64_t min_parallel_nnz = std::int64_t{1} << 16;
// Columns per task in the passes over the per-block column counts.
constexpr std::size_t cols_per_range = std::size_t{1} << 14;

template <class T, class I>
struct CompressedArrays {
    std::vector<I> ptr;
    std::vector<I> idx;
    std::vector<T> val;
};

// Each block keeps one counter per column, so the blocks are capped at
// nnz / cols: all counters together never outweigh the row index array. The
// output does not depend on the blocks, so their count is rounded up to a
// multiple of the threads: lung's 2.3 M nonzeros were three blocks, two on
// one core and one on the other. Small inputs are one block (min_parallel_nnz).
std::size_t scatter_block_count(std::int64_t rows, std::int64_t cols, std::int64_t nnz, int threads) {
    const std::int64_t per_thread = nnz < min_parallel_nnz ? 1 : std::max(threads, 1);
    std::int64_t wanted = (nnz + target_nnz_per_block - 1) / target_nnz_per_block;
    wanted = (wanted + per_thread - 1) / per_thread * per_thread;
    const std::int64_t blocks =
        std::min({wanted, max_blocks, rows, nnz / std::max<std::int64_t>(cols, 1)});
    return static_cast<std::size_t>(std::max<std::int64_t>(blocks, 1));
}

// Columns whose entries the scatter writes tile by tile. A row writes one
// entry to each of its columns, so a long row writes to as many places in
// the output, each on a page of its own where columns are long: lung's
// 181 x 12,533 took 10.2-10.7 ms (2 threads) with all columns at once and
// 6.8-7.3 ms in tiles of 256 columns (1,024: 10.3 ms, 4,096: 12.3 ms; so
// it is the pages, not L2), snp's 1,000 x 28,497 134-141 vs 119-130 ms
// (reader_bench, same runs). Tiles pay where rows are long enough (16
// entries per tile on average) that going over the rows once per tile
// costs little; else one tile of all the columns.
std::size_t column_tile(std::size_t rows, std::size_t cols, std::size_t nnz) {
    constexpr std::size_t tile = 256;
    constexpr std::size_t min_row_entries_per_tile = 16;
    const std::size_t tiles = (cols + tile - 1) / tile;
    if (tiles <= 1 || nnz / std::max<std::size_t>(rows, 1) < min_row_entries_per_tile * tiles) return cols;
    return tile;
}

// Compressed arrays of the transpose of `a`, i.e. `a` in CSC form. Rows are cut
// into blocks of about equal nonzero count; every block counts its entries per
// column, the counts become per-block write offsets (block order within each
// column), and every block scatters its rows in order. So each column lists its
// rows in increasing order, and the output is the unique CSC form whatever the
// thread count.
template <class T, class I>
CompressedArrays<T, I> transpose(CsrView<T, I> a, int threads) {
    const detail::Executor executor(threads);  // first, so a bad thread count is always reported
    const auto rows = static_cast<std::size_t>(a.rows());
    const auto cols = static_cast<std::size_t>(a.cols());
    const auto nnz = static_cast<std::size_t>(a.nnz());
    CompressedArrays<T, I> out{std::vector<I>(cols + 1, I{0}), std::vector<I>(nnz),
                               std::vector<T>(nnz)};
    if (nnz == 0) return out;

    const auto indptr = a.indptr();
    const auto indices = a.indices();
    const auto values = a.values();

    const std::size_t n_blocks = scatter_block_count(a.rows(), a.cols(), a.nnz(), executor.threads());
    // Block b starts at the first row whose entries begin at or after b * nnz / n_blocks
    // (written so that the product cannot overflow).
    std::vector<std::size_t> first_row(n_blocks + 1, 0);
    for (std::size_t b = 1; b < n_blocks; ++b) {
        const std::size_t target = nnz / n_blocks * b + nnz % n_blocks * b / n_blocks;
        first_row[b] = static_cast<std::size_t>(
            std::lower_bound(indptr.begin(), indptr.end(), static_cast<I>(target)) -
            indptr.begin());
    }
    first_row[n_blocks] = rows;

    // next[b * cols + j]: first the count of block b's entries in column j, then
    // the position where block b writes its next entry of column j.
    std::vector<I> next(n_blocks * cols, I{0});
    executor.for_each_block(n_blocks, [&](std::size_t b) {
        I* count = next.data() + b * cols;
        const auto begin = static_cast<std::size_t>(indptr[first_row[b]]);
        const auto end = static_cast<std::size_t>(indptr[first_row[b + 1]]);
        for (std::size_t k = begin; k < end; ++k) ++count[indices[k]];
    });

    executor.for_each_range(cols, cols_per_range, [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            I total = 0;
            for (std::size_t b = 0; b < n_blocks; ++b) total += next[b * cols + j];
            out.ptr[j + 1] = total;
        }
    });
    std::partial_sum(out.ptr.begin(), out.ptr.end(), out.ptr.begin());
    executor.for_each_range(cols, cols_per_range, [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            I offset = out.ptr[j];
            for (std::size_t b = 0; b < n_blocks; ++b) {
                const I count = next[b * cols + j];
                next[b * cols + j] = offset;
                offset += count;
            }
        }
    });

    const std::size_t tile = column_tile(rows, cols, nnz);
    executor.for_each_block(n_blocks, [&](std::size_t b) {
        I* slot = next.data() + b * cols;
        const std::size_t row_begin = first_row[b];
        const std::size_t row_end = first_row[b + 1];
        // cursor[r - row_begin]: row r's first entry not yet written.
        std::vector<std::size_t> cursor(row_end - row_begin);
        for (std::size_t r = row_begin; r < row_end; ++r) cursor[r - row_begin] = static_cast<std::size_t>(indptr[r]);
        for (std::size_t tile_end = tile;; tile_end += tile) {
            for (std::size_t r = row_begin; r < row_end; ++r) {
                const auto end = static_cast<std::size_t>(indptr[r + 1]);
                std::size_t k = cursor[r - row_begin];
                for (; k < end && static_cast<std::size_t>(indices[k]) < tile_end; ++k) {
                    const auto pos = static_cast<std::size_t>(slot[indices[k]]++);
                    out.idx[pos] = static_cast<I>(r);
                    out.val[pos] = values[k];
                }
                cursor[r - row_begin] = k;
            }
            if (tile_end >= cols) break;
        }
    });
    return out;
}

}  // namespace

template <StorageValue T, StorageIndex I>
CscMatrix<T, I> CscMatrix<T, I>::from_csr(CsrView<T, I> csr, ConversionOptions options) {
    auto arrays = transpose(csr, options.threads);
    return CscMatrix(csr.rows(), csr.cols(), std::move(arrays.ptr), std::move(arrays.idx),
                     std::move(arrays.val));
}

template <StorageValue T, StorageIndex I>
void CscMatrix<T, I>::keep_columns(std::span<const std::int64_t> kept) {
    for (std::size_t k = 0; k < kept.size(); ++k) {
        if (kept[k] < 0 || kept[k] >= static_cast<std::int64_t>(cols_) || (k > 0 && kept[k] <= kept[k - 1])) {
            throw InvalidArgument("kept", "column " + std::to_string(kept[k]) + " at position " +
                                              std::to_string(k) + " is not above the previous one and below " +
                                              std::to_string(cols_));
        }
    }
    // Column kept[k] starts at or after position `fill`, and kept[k] ≥ k:
    // moving it down, and writing col_ptr_[k], never overwrites an entry or
    // an offset still to be read.
    std::size_t fill = 0;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const auto col = static_cast<I>(kept[k]);
        const std::size_t begin = col_begin(col), size = col_size(col);
        if (begin != fill) {
            std::copy(row_indices_.begin() + static_cast<std::ptrdiff_t>(begin),
                      row_indices_.begin() + static_cast<std::ptrdiff_t>(begin + size),
                      row_indices_.begin() + static_cast<std::ptrdiff_t>(fill));
            std::copy(values_.begin() + static_cast<std::ptrdiff_t>(begin),
                      values_.begin() + static_cast<std::ptrdiff_t>(begin + size),
                      values_.begin() + static_cast<std::ptrdiff_t>(fill));
        }
        col_ptr_[k] = static_cast<I>(fill);
        fill += size;
    }
    col_ptr_[kept.size()] = static_cast<I>(fill);
    col_ptr_.resize(kept.size() + 1);
    row_indices_.resize(fill);
    values_.resize(fill);
    cols_ = static_cast<I>(kept.size());
}

template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> to_csr(const CscMatrix<T, I>& csc, ConversionOptions options) {
    // The CSC form of the transpose holds exactly the CSR arrays of csc.
    auto arrays = transpose(csc.transposed_view(), options.threads);
    // CsrMatrix adopts arrays only through its validating constructor; one
    // parallel read pass is cheaper than copying from an unchecked view. The
    // values passed whatever check made csc, so non-finite ones are let through.
    return CsrMatrix<T, I>(csc.rows(), csc.cols(), std::move(arrays.ptr), std::move(arrays.idx),
                           std::move(arrays.val),
                           {.allow_nonfinite = true, .threads = options.threads});
}

template class CscMatrix<float, std::int32_t>;
template class CscMatrix<float, std::int64_t>;
template class CscMatrix<double, std::int32_t>;
template class CscMatrix<double, std::int64_t>;

template CsrMatrix<float, std::int32_t> to_csr(const CscMatrix<float, std::int32_t>&,
                                               ConversionOptions);
template CsrMatrix<float, std::int64_t> to_csr(const CscMatrix<float, std::int64_t>&,
                                               ConversionOptions);
template CsrMatrix<double, std::int32_t> to_csr(const CscMatrix<double, std::int32_t>&,
                                                ConversionOptions);
template CsrMatrix<double, std::int64_t> to_csr(const CscMatrix<double, std::int64_t>&,
                                                ConversionOptions);

}  // namespace sparsereg
