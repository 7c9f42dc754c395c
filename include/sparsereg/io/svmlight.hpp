#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg {

// How feature indices in the file are numbered. `automatic` follows
// scikit-learn: zero-based if any index is 0, else one-based.
enum class IndexBase { automatic, zero, one };

struct SvmlightOptions {
    IndexBase index_base = IndexBase::automatic;
    // Number of columns of the result. 0: one past the largest index in the
    // file. A file index beyond n_features is an error (a test file with the
    // train file's n_features, for example, may have fewer columns).
    std::int64_t n_features = 0;
    // NaN and infinite values and labels are errors unless this is set.
    bool allow_nonfinite = false;
    std::uint64_t max_bytes = 0;  // see TextFileOptions
    // Refuse more nonzeros than this (0: no limit; negative is an error), before
    // the matrix is built: the text is parsed in pieces, and the IoError gives
    // the exact count or, when it stopped early, a lower bound and an estimate:
    //   "t.svm: at least 120,012 nonzeros; about 3.9 M estimated from the first
    //    3.1% of the text; exceeds max_nnz = 120,000"
    std::int64_t max_nnz = 0;
    int threads = 0;              // 0: all cores; the result does not depend on it
};

// Rows of X with their labels, as read.
template <StorageValue T, StorageIndex I>
struct LabeledData {
    CsrMatrix<T, I> X;
    std::vector<double> y;            // labels as given in the file
    IndexBase index_base = IndexBase::one;  // the numbering used (never automatic)
    Compression compression = Compression::none;
    std::uint64_t file_bytes = 0;     // on disk
    std::uint64_t text_bytes = 0;     // uncompressed
};

// svmlight / libsvm text: one row a line,
//   label [qid:N] index:value index:value ... [# comment]
// Indices increase strictly within a line. qid is accepted and ignored. Lines
// that are empty or hold only a comment are skipped. CRLF line ends and a
// missing final newline are accepted; .gz, .bz2 and .xz are read transparently.
// Every malformed line throws ParseError naming file, line, column and text.
template <StorageValue T, StorageIndex I>
LabeledData<T, I> read_svmlight(const std::filesystem::path& path,
                                const SvmlightOptions& options = {});

// The same on text already in memory; `name` stands for the file in messages.
template <StorageValue T, StorageIndex I>
LabeledData<T, I> parse_svmlight(std::string_view text, std::string_view name,
                                 const SvmlightOptions& options = {});

#define SPARSEREG_DECLARE_SVMLIGHT(T, I)                                                     \
    extern template LabeledData<T, I> read_svmlight<T, I>(const std::filesystem::path&,     \
                                                          const SvmlightOptions&);          \
    extern template LabeledData<T, I> parse_svmlight<T, I>(std::string_view, std::string_view, \
                                                           const SvmlightOptions&);
SPARSEREG_DECLARE_SVMLIGHT(float, std::int32_t)
SPARSEREG_DECLARE_SVMLIGHT(float, std::int64_t)
SPARSEREG_DECLARE_SVMLIGHT(double, std::int32_t)
SPARSEREG_DECLARE_SVMLIGHT(double, std::int64_t)
#undef SPARSEREG_DECLARE_SVMLIGHT

}  // namespace sparsereg
