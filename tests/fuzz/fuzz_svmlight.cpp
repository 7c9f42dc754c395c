// libFuzzer target: parse_svmlight on arbitrary bytes, for every index base,
// value type and index type.
//
// Expected outcomes: a parsed matrix, ParseError (malformed text), or Error
// (more rows/nonzeros/columns than 32-bit indices hold). Everything else is a
// bug: a crash, a sanitizer report, a hang, any other exception, and also an
// InvalidArgument, which can only mean the reader built arrays that its own
// CsrMatrix refused. On success the result must be a valid CSR matrix with one
// label per row, identical whichever index type holds it, and parsing again
// with n_features set to its column count must give the same matrix.

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/svmlight.hpp"

namespace {

using namespace sparsereg;

template <class T, class I>
std::optional<LabeledData<T, I>> parse(std::string_view text, const SvmlightOptions& options) {
    try {
        return parse_svmlight<T, I>(text, "fuzz.svm", options);
    } catch (const InvalidArgument& e) {
        std::fprintf(stderr, "%s\n", e.what());
        SPARSEREG_FUZZ_FAIL("parse_svmlight threw InvalidArgument: it built invalid arrays");
    } catch (const Error&) {
        return std::nullopt;  // ParseError, or too large for 32-bit indices
    }
}

template <class T, class I>
void check_valid(const LabeledData<T, I>& d, IndexBase requested) {
    const auto& X = d.X;
    SPARSEREG_FUZZ_CHECK(d.index_base != IndexBase::automatic, "index base resolved");
    SPARSEREG_FUZZ_CHECK(requested == IndexBase::automatic || d.index_base == requested,
                         "index base as requested");
    SPARSEREG_FUZZ_CHECK(X.rows() >= 1 && X.cols() >= 0, "shape");
    SPARSEREG_FUZZ_CHECK(d.y.size() == static_cast<std::size_t>(X.rows()), "one label a row");
    SPARSEREG_FUZZ_CHECK(X.indptr().size() == static_cast<std::size_t>(X.rows()) + 1,
                         "indptr size");
    SPARSEREG_FUZZ_CHECK(X.nnz() == static_cast<std::int64_t>(X.indptr().back()),
                         "nnz == indptr[rows]");
    SPARSEREG_FUZZ_CHECK(X.values().size() == X.indices().size(), "values size");
    for (double label : d.y) SPARSEREG_FUZZ_CHECK(std::isfinite(label), "finite label");
    try {
        // Throws if the arrays are not a valid CSR matrix.
        (void)CsrView<T, I>(X.rows(), X.cols(), X.indptr(), X.indices(), X.values(),
                            {.allow_nonfinite = false, .threads = 1});
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        SPARSEREG_FUZZ_FAIL("the parsed matrix does not validate");
    }
}

template <class T, class I, class J>
bool same_matrix(const LabeledData<T, I>& a, const LabeledData<T, J>& b) {
    if (a.X.rows() != b.X.rows() || a.X.cols() != b.X.cols() || a.X.nnz() != b.X.nnz() ||
        a.y != b.y || a.index_base != b.index_base) {
        return false;
    }
    for (std::size_t k = 0; k < a.X.indptr().size(); ++k) {
        if (a.X.indptr()[k] != b.X.indptr()[k]) return false;
    }
    for (std::size_t k = 0; k < a.X.indices().size(); ++k) {
        if (a.X.indices()[k] != b.X.indices()[k]) return false;
        // Bit patterns, not ==, so -0.0 and 0.0 count as different.
        if (std::signbit(a.X.values()[k]) != std::signbit(b.X.values()[k]) ||
            a.X.values()[k] != b.X.values()[k]) {
            return false;
        }
    }
    return true;
}

template <class T>
void fuzz_type(std::string_view text, IndexBase base) {
    const SvmlightOptions options{.index_base = base, .threads = 1};
    const auto narrow = parse<T, std::int32_t>(text, options);
    const auto wide = parse<T, std::int64_t>(text, options);
    if (narrow) check_valid(*narrow, base);
    if (wide) check_valid(*wide, base);
    // 32-bit indices may only fail where the columns need 64 bits.
    if (!narrow) {
        SPARSEREG_FUZZ_CHECK(!wide || wide->X.cols() >= INT32_MAX,
                             "int32 fails only where int64 has >= 2^31 - 1 columns");
        return;
    }
    SPARSEREG_FUZZ_CHECK(wide.has_value(), "what int32 parses, int64 parses");
    SPARSEREG_FUZZ_CHECK(same_matrix(*narrow, *wide), "int32 and int64 give the same matrix");

    // The column count as n_features, in the numbering found: the same matrix.
    SvmlightOptions again = options;
    again.index_base = narrow->index_base;
    again.n_features = narrow->X.cols();
    if (again.n_features > 0) {
        const auto same = parse<T, std::int32_t>(text, again);
        SPARSEREG_FUZZ_CHECK(same.has_value(), "n_features = cols parses");
        SPARSEREG_FUZZ_CHECK(same_matrix(*narrow, *same), "n_features = cols, same matrix");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (IndexBase base : {IndexBase::automatic, IndexBase::zero, IndexBase::one}) {
        fuzz_type<double>(text, base);
        fuzz_type<float>(text, base);
    }
    return 0;
}
