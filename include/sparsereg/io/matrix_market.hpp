#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "sparsereg/data/csr_matrix.hpp"

namespace sparsereg {

struct MatrixMarketOptions {
    // NaN and infinite values are errors unless this is set.
    bool allow_nonfinite = false;
    std::uint64_t max_bytes = 0;  // see TextFileOptions
    // Refuse more nonzeros than this (0: no limit; negative is an error). A
    // coordinate file's header declares its entries, so it is checked right
    // after the size line, before anything is allocated:
    //   "t.mtx: the header declares 120,000 entries, more than max_nnz = 100,000"
    // an array file's nonzeros are counted as they are read (zeros are dropped):
    //   "t.mtx: at least 1,001 nonzeros; about 5,000 estimated from the first
    //    20% of the values; exceeds max_nnz = 1,000"
    std::int64_t max_nnz = 0;
    int threads = 0;              // for sorting and validation; 0: all cores
};

// A real matrix in NIST Matrix Market text, as a CSR matrix:
//   %%MatrixMarket matrix coordinate real|integer|pattern general
//     rows cols entries, then one "i j [value]" line an entry (1-based, any
//     order; a pattern entry has value 1). Explicit zeros are kept as stored
//     entries, as scipy.io.mmread keeps them.
//   %%MatrixMarket matrix array real|integer general
//     rows cols, then rows * cols values one a line in column-major order;
//     zeros are dropped.
// The banner is case-insensitive. '%' comment lines and blank lines may
// appear anywhere after it; CRLF line ends and a missing final newline are
// accepted; .gz, .bz2 and .xz are read transparently. Symmetric, skew-symmetric,
// hermitian and complex matrices are refused with a message saying so.
// Every malformed line, a duplicate entry, and an entry count other than the
// header's throw ParseError naming file, line, column and text.
template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> read_matrix_market(const std::filesystem::path& path,
                                   const MatrixMarketOptions& options = {});

// The same on text already in memory; `name` stands for the file in messages.
template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> parse_matrix_market(std::string_view text, std::string_view name,
                                    const MatrixMarketOptions& options = {});

#define SPARSEREG_DECLARE_MATRIX_MARKET(T, I)                                                     \
    extern template CsrMatrix<T, I> read_matrix_market<T, I>(const std::filesystem::path&,        \
                                                             const MatrixMarketOptions&);         \
    extern template CsrMatrix<T, I> parse_matrix_market<T, I>(std::string_view, std::string_view, \
                                                              const MatrixMarketOptions&);
SPARSEREG_DECLARE_MATRIX_MARKET(float, std::int32_t)
SPARSEREG_DECLARE_MATRIX_MARKET(float, std::int64_t)
SPARSEREG_DECLARE_MATRIX_MARKET(double, std::int32_t)
SPARSEREG_DECLARE_MATRIX_MARKET(double, std::int64_t)
#undef SPARSEREG_DECLARE_MATRIX_MARKET

}  // namespace sparsereg
