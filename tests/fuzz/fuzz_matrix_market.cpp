// libFuzzer target: parse_matrix_market on arbitrary bytes, for every value
// and index type.
//
// Expected outcomes: a parsed matrix or ParseError. Everything else is a bug:
// a crash, a sanitizer report, a hang, any other exception (InvalidArgument
// would mean the reader built arrays its own CsrMatrix refused). On success the
// result must be a valid CSR matrix, identical whichever index type holds it.
//
// One input class is skipped, not treated as a bug: a size line declaring
// between 2^20 and 2^61 rows. Such a matrix legitimately needs rows + 1 row
// pointers even with no entries ("4000000000 1 0" is a valid 4e9 x 1 empty
// matrix, 32 GB of indptr), so it measures the machine's memory, not the
// reader's robustness. From 2^61 rows on no allocation is even attempted (more
// than a vector can hold), so those are fuzzed again.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "fuzz/fuzz_check.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/matrix_market.hpp"

namespace {

using namespace sparsereg;

constexpr std::uint64_t max_fuzzed_rows = std::uint64_t{1} << 20;

// The first number of the size line (the first line after the banner that is
// neither blank nor a '%' comment), saturated; 0 when there is none.
std::uint64_t declared_rows(std::string_view text) {
    std::size_t pos = text.find('\n');
    while (pos != std::string_view::npos && pos < text.size()) {
        const std::size_t begin = pos + 1;
        std::size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        std::size_t p = begin;
        while (p < end && (text[p] == ' ' || text[p] == '\t')) ++p;
        if (p < end && text[p] != '%' && text[p] != '\r') {
            if (p < end && text[p] == '+') ++p;
            std::uint64_t value = 0;
            while (p < end && text[p] >= '0' && text[p] <= '9') {
                if (value > (UINT64_MAX - 9) / 10) return UINT64_MAX;  // saturate
                value = value * 10 + static_cast<std::uint64_t>(text[p] - '0');
                ++p;
            }
            return value;
        }
        pos = end;
    }
    return 0;
}

template <class T, class I>
std::optional<CsrMatrix<T, I>> parse(std::string_view text) {
    try {
        return parse_matrix_market<T, I>(text, "fuzz.mtx", {.threads = 1});
    } catch (const ParseError&) {
        return std::nullopt;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        SPARSEREG_FUZZ_FAIL("parse_matrix_market threw an Error other than ParseError");
    }
}

template <class T, class I>
void check_valid(const CsrMatrix<T, I>& X) {
    SPARSEREG_FUZZ_CHECK(X.rows() >= 0 && X.cols() >= 0, "shape");
    SPARSEREG_FUZZ_CHECK(X.indptr().size() == static_cast<std::size_t>(X.rows()) + 1,
                         "indptr size");
    SPARSEREG_FUZZ_CHECK(X.nnz() == static_cast<std::int64_t>(X.indptr().back()),
                         "nnz == indptr[rows]");
    SPARSEREG_FUZZ_CHECK(X.values().size() == X.indices().size(), "values size");
    try {
        (void)CsrView<T, I>(X.rows(), X.cols(), X.indptr(), X.indices(), X.values(),
                            {.allow_nonfinite = false, .threads = 1});
    } catch (const Error& e) {
        std::fprintf(stderr, "%s\n", e.what());
        SPARSEREG_FUZZ_FAIL("the parsed matrix does not validate");
    }
}

template <class T>
void fuzz_type(std::string_view text) {
    const auto narrow = parse<T, std::int32_t>(text);
    const auto wide = parse<T, std::int64_t>(text);
    if (narrow) check_valid(*narrow);
    if (wide) check_valid(*wide);
    if (!narrow) {
        SPARSEREG_FUZZ_CHECK(!wide || wide->rows() > INT32_MAX || wide->cols() > INT32_MAX,
                             "int32 fails only where int64 needs 64-bit dimensions");
        return;
    }
    SPARSEREG_FUZZ_CHECK(wide.has_value(), "what int32 parses, int64 parses");
    const auto& a = *narrow;
    const auto& b = *wide;
    SPARSEREG_FUZZ_CHECK(a.rows() == b.rows() && a.cols() == b.cols() && a.nnz() == b.nnz(),
                         "int32 and int64 agree on the shape");
    for (std::size_t k = 0; k < a.indptr().size(); ++k) {
        SPARSEREG_FUZZ_CHECK(a.indptr()[k] == b.indptr()[k], "same indptr");
    }
    for (std::size_t k = 0; k < a.indices().size(); ++k) {
        SPARSEREG_FUZZ_CHECK(a.indices()[k] == b.indices()[k], "same indices");
        SPARSEREG_FUZZ_CHECK(a.values()[k] == b.values()[k] &&
                                 std::signbit(a.values()[k]) == std::signbit(b.values()[k]),
                             "same values");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::uint64_t rows = declared_rows(text);
    if (rows > max_fuzzed_rows && rows < (std::uint64_t{1} << 61)) return 0;
    fuzz_type<double>(text);
    fuzz_type<float>(text);
    return 0;
}
