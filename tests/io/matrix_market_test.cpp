#include "sparsereg/io/matrix_market.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sparsereg/error.hpp"
#include "support/expect_invalid.hpp"
#include "support/storage_types.hpp"
#include "support/temp_files.hpp"

namespace sparsereg {
namespace {

namespace fs = std::filesystem;
using testing::gzip;
using testing::io_error_of;
using testing::TempDir;
using testing::write_bytes;
using testing::xz;

using Dense = std::vector<std::vector<double>>;

template <class T, class I>
Dense dense(const CsrMatrix<T, I>& m) {
    Dense d(static_cast<std::size_t>(m.rows()),
            std::vector<double>(static_cast<std::size_t>(m.cols()), 0.0));
    const auto v = m.view();
    for (I r = 0; r < m.rows(); ++r) {
        const auto idx = v.row_indices(r);
        const auto val = v.row_values(r);
        for (std::size_t k = 0; k < idx.size(); ++k) {
            d[static_cast<std::size_t>(r)][static_cast<std::size_t>(idx[k])] = val[k];
        }
    }
    return d;
}

CsrMatrix<double, std::int32_t> parse(const std::string& text, MatrixMarketOptions options = {}) {
    return parse_matrix_market<double, std::int32_t>(text, "m.mtx", options);
}

// Runs f and expects a ParseError at line:column quoting `text`, whose
// message contains every fragment.
template <class F>
void expect_parse_error(F f, std::int64_t line, std::int64_t column, const std::string& text,
                        const std::vector<std::string>& fragments,
                        const std::string& file = "m.mtx") {
    try {
        f();
        FAIL() << "expected ParseError at " << line << ":" << column;
    } catch (const ParseError& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.file(), file) << what;
        EXPECT_EQ(e.line(), line) << what;
        EXPECT_EQ(e.column(), column) << what;
        EXPECT_EQ(e.text(), text) << what;
        EXPECT_EQ(
            what.rfind(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ", 0),
            0u)
            << what;
        for (const auto& fragment : fragments) {
            EXPECT_NE(what.find(fragment), std::string::npos)
                << "message '" << what << "' lacks '" << fragment << "'";
        }
    }
}

void expect_error(const std::string& input, std::int64_t line, std::int64_t column,
                  const std::string& text, const std::vector<std::string>& fragments,
                  MatrixMarketOptions options = {}) {
    SCOPED_TRACE(input);
    expect_parse_error([&] { (void)parse(input, options); }, line, column, text, fragments);
}

constexpr const char* coordinate_real = "%%MatrixMarket matrix coordinate real general\n";

// ---------------------------------------------------------------- valid input

TEST(MatrixMarket, CoordinateRealInAnyOrderMatchesTheDenseMatrix) {
    const auto m = parse(
        "%%MatrixMarket matrix coordinate real general\n"
        "% a comment\n"
        "%\n"
        "3 4 5\n"
        "3 4 4.5\n"
        "1 3 -2\n"
        "% comment among entries\n"
        "\n"
        "3 2 1e-3\n"
        "1 1 1\n"
        "  2\t4   7  \n");
    EXPECT_EQ(m.rows(), 3);
    EXPECT_EQ(m.cols(), 4);
    EXPECT_EQ(m.nnz(), 5);
    EXPECT_EQ(dense(m), (Dense{{1, 0, -2, 0}, {0, 0, 0, 7}, {0, 1e-3, 0, 4.5}}));
    EXPECT_EQ(std::vector<std::int32_t>(m.indptr().begin(), m.indptr().end()),
              (std::vector<std::int32_t>{0, 2, 3, 5}));
    EXPECT_EQ(std::vector<std::int32_t>(m.indices().begin(), m.indices().end()),
              (std::vector<std::int32_t>{0, 2, 3, 1, 3}));
}

TEST(MatrixMarket, AcceptsCrlfNoFinalNewlineAndAnyCaseInTheBanner) {
    const auto m = parse(
        "%%matrixmarket MATRIX Coordinate REAL General\r\n"
        "2 2 2\r\n"
        "2 1 3\r\n"
        "1 2 +4");
    EXPECT_EQ(dense(m), (Dense{{0, 4}, {3, 0}}));
}

TEST(MatrixMarket, PatternEntriesAreOnes) {
    const auto m = parse(
        "%%MatrixMarket matrix coordinate pattern general\n"
        "2 3 3\n"
        "2 3\n"
        "1 1\n"
        "2 1\n");
    EXPECT_EQ(dense(m), (Dense{{1, 0, 0}, {1, 0, 1}}));
}

TEST(MatrixMarket, IntegerEntries) {
    const auto m = parse(
        "%%MatrixMarket matrix coordinate integer general\n"
        "1 3 2\n"
        "1 3 -12\n"
        "1 1 +7\n");
    EXPECT_EQ(dense(m), (Dense{{7, 0, -12}}));
}

TEST(MatrixMarket, ArrayIsColumnMajorAndDropsZeros) {
    const auto m = parse(
        "%%MatrixMarket matrix array real general\n"
        "% 2 x 3\n"
        "2 3\n"
        "1\n"
        "0\n"
        "% comment\n"
        "\n"
        "0.5\n"
        "2\n"
        "0.0\n"
        "-3\r\n");
    EXPECT_EQ(m.nnz(), 4);
    EXPECT_EQ(dense(m), (Dense{{1, 0.5, 0}, {0, 2, -3}}));
}

TEST(MatrixMarket, ArrayOfIntegers) {
    const auto m = parse("%%MatrixMarket matrix array integer general\n1 2\n5\n-6");
    EXPECT_EQ(dense(m), (Dense{{5, -6}}));
}

TEST(MatrixMarket, ExplicitZerosInCoordinateFilesAreKept) {
    const auto m = parse(std::string(coordinate_real) + "2 2 2\n1 1 0\n2 2 1\n");
    EXPECT_EQ(m.nnz(), 2);
    EXPECT_EQ(dense(m), (Dense{{0, 0}, {0, 1}}));
}

TEST(MatrixMarket, EmptyMatricesAndRows) {
    const auto a = parse(std::string(coordinate_real) + "0 0 0\n");
    EXPECT_EQ(a.rows(), 0);
    EXPECT_EQ(a.nnz(), 0);
    const auto b = parse(std::string(coordinate_real) + "4 2 1\n3 2 5\n");
    EXPECT_EQ(dense(b), (Dense{{0, 0}, {0, 0}, {0, 5}, {0, 0}}));
    const auto c = parse("%%MatrixMarket matrix array real general\n0 5\n");
    EXPECT_EQ(c.cols(), 5);
    EXPECT_EQ(c.nnz(), 0);
}

TEST(MatrixMarket, NonFiniteValuesWhenAllowed) {
    const auto m = parse(std::string(coordinate_real) + "1 2 2\n1 1 nan\n1 2 -inf\n",
                         {.allow_nonfinite = true});
    ASSERT_EQ(m.nnz(), 2);
    EXPECT_TRUE(std::isnan(m.values()[0]));
    EXPECT_EQ(m.values()[1], -std::numeric_limits<double>::infinity());
}

template <class P>
class MatrixMarketTyped : public ::testing::Test {};
using Storage = testing::StorageTypes;
TYPED_TEST_SUITE(MatrixMarketTyped, Storage);

TYPED_TEST(MatrixMarketTyped, EveryStorageCombinationReadsTheSameMatrix) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const auto m = parse_matrix_market<T, I>(
        std::string(coordinate_real) + "2 3 3\n2 3 0.25\n1 2 -1.5\n2 1 8\n", "m.mtx");
    EXPECT_EQ(dense(m), (Dense{{0, -1.5, 0}, {8, 0, 0.25}}));
}

TYPED_TEST(MatrixMarketTyped, LargeShuffledFileSortsIntoCsrWhateverTheThreads) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const int rows = 20000;
    const int cols = 50;
    std::vector<std::pair<int, int>> entries;
    for (int r = 0; r < rows; ++r) {
        for (int c = r % 7; c < cols; c += 7) entries.emplace_back(r, c);
    }
    std::mt19937 rng(7);
    std::shuffle(entries.begin(), entries.end(), rng);
    std::string text = std::string(coordinate_real) + std::to_string(rows) + " " +
                       std::to_string(cols) + " " + std::to_string(entries.size()) + "\n";
    for (const auto& [r, c] : entries) {
        text += std::to_string(r + 1);
        text += ' ';
        text += std::to_string(c + 1);
        text += ' ';
        text += std::to_string(r * 100 + c);
        text += '\n';
    }
    CsrMatrix<T, I> reference;
    for (int threads : {1, 2, 8}) {
        const auto m = parse_matrix_market<T, I>(text, "big.mtx", {.threads = threads});
        ASSERT_EQ(m.nnz(), static_cast<std::int64_t>(entries.size()));
        const auto v = m.view();
        for (I r = 0; r < m.rows(); r += 997) {
            const auto idx = v.row_indices(r);
            const auto val = v.row_values(r);
            ASSERT_EQ(idx.size(), static_cast<std::size_t>((cols - r % 7 + 6) / 7));
            for (std::size_t k = 0; k < idx.size(); ++k) {
                EXPECT_EQ(idx[k], static_cast<I>(r % 7 + 7 * static_cast<int>(k)));
                EXPECT_EQ(val[k], static_cast<T>(r * 100 + idx[k]));
            }
        }
        if (threads == 1) {
            reference = m;
        } else {
            EXPECT_TRUE(
                std::equal(m.indices().begin(), m.indices().end(), reference.indices().begin()));
            EXPECT_TRUE(
                std::equal(m.values().begin(), m.values().end(), reference.values().begin()));
        }
    }
}

// -------------------------------------------------------------- the banner

TEST(MatrixMarketErrors, EmptyFile) {
    expect_error("", 1, 1, "", {"empty file", "%%MatrixMarket"});
}

TEST(MatrixMarketErrors, MissingBanner) {
    expect_error("3 3 1\n1 1 1\n", 1, 1, "3", {"not a Matrix Market file", "%%MatrixMarket"});
    expect_error("\n%%MatrixMarket matrix coordinate real general\n", 1, 1, "",
                 {"not a Matrix Market file"});
}

TEST(MatrixMarketErrors, GarbledBanner) {
    expect_error("%%MatrixMarkt matrix coordinate real general\n1 1 0\n", 1, 1, "%%MatrixMarkt",
                 {"garbled banner", "%%MatrixMarket"});
    expect_error("%%MatrixMarket matrix coordinate real\n1 1 0\n", 1, 1,
                 "%%MatrixMarket matrix coordinate real", {"incomplete banner"});
    expect_error("%%MatrixMarket matrix coordinate real general extra\n1 1 0\n", 1, 47, "extra",
                 {"unexpected text after the banner"});
}

TEST(MatrixMarketErrors, BinaryGarbageIsQuotedEscaped) {
    const std::string garbage(
        "\x7f"
        "ELF\x02\x01\x01\x00\x00\x00 more",
        15);
    expect_error(garbage, 1, 1, "\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00",
                 {"not a Matrix Market file"});
    expect_error(std::string(coordinate_real) + "1 1 1\n1 1 \x01\x02\n", 3, 5, "\\x01\\x02",
                 {"not a number"});
}

TEST(MatrixMarketErrors, UnsupportedObjectFormatFieldAndSymmetry) {
    expect_error("%%MatrixMarket vector coordinate real general\n", 1, 16, "vector",
                 {"vectors are not supported", "only 'matrix'"});
    expect_error("%%MatrixMarket matrix sparse real general\n", 1, 23, "sparse",
                 {"unknown format", "'coordinate' or 'array'"});
    expect_error("%%MatrixMarket matrix coordinate complex general\n", 1, 34, "complex",
                 {"complex matrices are not supported", "real, integer and pattern"});
    expect_error("%%MatrixMarket matrix array complex general\n", 1, 29, "complex",
                 {"complex matrices are not supported", "real and integer"});
    expect_error("%%MatrixMarket matrix coordinate double general\n", 1, 34, "double",
                 {"unknown field", "real, integer and pattern"});
    expect_error("%%MatrixMarket matrix array pattern general\n", 1, 29, "pattern",
                 {"only valid with the coordinate format"});
    for (const std::string symmetry : {"symmetric", "skew-symmetric", "hermitian", "Symmetric"}) {
        expect_error("%%MatrixMarket matrix coordinate real " + symmetry + "\n2 2 1\n1 1 1\n", 1,
                     39, symmetry, {"unsupported symmetry", "only 'general'"});
    }
    expect_error("%%MatrixMarket matrix coordinate real lower\n", 1, 39, "lower",
                 {"unknown symmetry", "only 'general'"});
}

// ----------------------------------------------------------- the size line

TEST(MatrixMarketErrors, MissingSizeLine) {
    expect_error(std::string(coordinate_real) + "% only a comment\n", 3, 1, "",
                 {"missing size line", "rows columns entries"});
}

TEST(MatrixMarketErrors, BadSizeLines) {
    const std::string b = coordinate_real;
    expect_error(b + "3 x 4\n", 2, 3, "x", {"bad size line", "column count", "whole number"});
    expect_error(b + "3 3\n", 2, 1, "3 3",
                 {"bad size line", "has 2 numbers", "rows columns entries"});
    expect_error(b + "3 3 1 1\n1 1 1\n", 2, 7, "1", {"bad size line", "unexpected text"});
    expect_error(b + "-3 3 1\n", 2, 1, "-3", {"negative row count"});
    expect_error(b + "3 3 1.5\n", 2, 5, "1.5", {"entry count", "whole number"});
    expect_error(b + "3 99999999999999999999 1\n", 2, 3, "99999999999999999999",
                 {"column count", "too large"});
    // Numbers whose last digit carries them past 2^64, which read digit by
    // digit used to wrap around to a small count (a fuzzer's find: this one
    // became 884,289,630,358,674,545 rows and an allocation of 7 EB).
    expect_error(b + "37777777777777777777 4 4\n", 2, 1, "37777777777777777777",
                 {"row count", "too large"});
    expect_error(b + "3 18446744073709551617 1\n", 2, 3, "18446744073709551617",
                 {"column count", "too large"});
    expect_error(b + "2 2 5\n", 2, 5, "5",
                 {"declares 5 entries", "2 x 2 matrix has only 4 positions"});
    expect_error("%%MatrixMarket matrix array real general\n2\n", 2, 1, "2",
                 {"has 1 number", "'rows columns'"});
    expect_error("%%MatrixMarket matrix array real general\n2 2 4\n", 2, 5, "4",
                 {"unexpected text"});
}

TEST(MatrixMarketErrors, SizesThatDoNotFitTheIndexType) {
    const std::string b = coordinate_real;
    expect_error(b + "2 3000000000 1\n1 1 1\n", 2, 3, "3000000000",
                 {"column count 3000000000", "does not fit 32-bit", "std::int64_t"});
    expect_error(b + "100000 100000 3000000000\n", 2, 15, "3000000000",
                 {"declares 3000000000 entries", "32-bit"});
    // The same file with 64-bit indices reads (a wide, short matrix allocates little).
    const auto wide =
        parse_matrix_market<double, std::int64_t>(b + "2 3000000000 1\n2 2999999999 1\n", "w.mtx");
    EXPECT_EQ(wide.cols(), 3000000000);
    EXPECT_EQ(wide.indices()[0], 2999999998);
}

// ------------------------------------------------------------ entry lines

TEST(MatrixMarketErrors, BadIndices) {
    const std::string b = std::string(coordinate_real) + "3 4 1\n";
    expect_error(b + "0 1 1\n", 3, 1, "0", {"row index 0", "start at 1"});
    expect_error(b + "1 0 1\n", 3, 3, "0", {"column index 0", "start at 1"});
    expect_error(b + "-1 1 1\n", 3, 1, "-1", {"negative row index"});
    expect_error(b + "1 -2 1\n", 3, 3, "-2", {"negative column index"});
    expect_error(b + "4 1 1\n", 3, 1, "4", {"row index 4 exceeds the 3 rows"});
    expect_error(b + "1 5 1\n", 3, 3, "5", {"column index 5 exceeds the 4 columns"});
    expect_error(b + "1.0 1 1\n", 3, 1, "1.0", {"row index must be a whole number"});
    expect_error(b + "1 a 1\n", 3, 3, "a", {"column index must be a whole number"});
    expect_error(b + "1 99999999999999999999 1\n", 3, 3, "99999999999999999999",
                 {"column index is too large"});
    // 2^64 + 1: wrapped around, it was read as column 1.
    expect_error(b + "1 18446744073709551617 1\n", 3, 3, "18446744073709551617",
                 {"column index is too large"});
}

TEST(MatrixMarketErrors, WrongNumberOfFields) {
    const std::string b = std::string(coordinate_real) + "3 4 1\n";
    expect_error(b + "1 2\n", 3, 1, "1 2", {"has 2 fields", "3 fields: row column value"});
    expect_error(b + "  1\n", 3, 1, "  1", {"has 1 field;"});
    expect_error(b + "1 2 3 4\n", 3, 7, "4", {"has 4 fields", "3 fields: row column value"});
    expect_error(b + "1 2 3 # note\n", 3, 7, "#", {"has 5 fields"});
    expect_error("%%MatrixMarket matrix coordinate pattern general\n3 4 1\n1 2 3\n", 3, 5, "3",
                 {"has 3 fields", "pattern", "2 fields: row column"});
    expect_error("%%MatrixMarket matrix array real general\n1 2\n1 2\n3\n", 3, 3, "2",
                 {"one value a line"});
}

TEST(MatrixMarketErrors, BadValues) {
    const std::string b = std::string(coordinate_real) + "3 4 1\n";
    expect_error(b + "1 2 abc\n", 3, 5, "abc", {"value is not a number"});
    expect_error(b + "1 2 1.5x\n", 3, 5, "1.5x", {"value is not a number"});
    expect_error(b + "1 2 1#2\n", 3, 5, "1#2", {"value is not a number"});
    expect_error(b + "1 2 1,5\n", 3, 5, "1,5", {"value is not a number"});
    expect_error(b + "1 2 nan\n", 3, 5, "nan", {"NaN or infinite", "allow_nonfinite"});
    expect_error(b + "1 2 -Inf\r\n", 3, 5, "-Inf", {"NaN or infinite"});
    expect_error(b + "1 2 1e400\n", 3, 5, "1e400", {"too large for double"});
    expect_error(b + "1 2 1e400\n", 3, 5, "1e400", {"too large for double"},
                 {.allow_nonfinite = true});
    expect_parse_error(
        [&] { (void)parse_matrix_market<float, std::int32_t>(b + "1 2 1e39\n", "m.mtx"); }, 3, 5,
        "1e39", {"too large for float"});
    EXPECT_EQ(parse(b + "1 2 1e39\n").values()[0], 1e39);
    expect_error("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 1.5\n", 3, 5, "1.5",
                 {"integer matrix", "whole number"});
    expect_error("%%MatrixMarket matrix array integer general\n1 1\n2e3\n", 3, 1, "2e3",
                 {"integer matrix", "whole number"});
    expect_error("%%MatrixMarket matrix array real general\n1 1\ninf\n", 3, 1, "inf",
                 {"NaN or infinite"});
}

// ------------------------------------------------------- counts and duplicates

TEST(MatrixMarketErrors, FewerEntriesThanDeclared) {
    expect_error(std::string(coordinate_real) + "3 4 3\n1 1 1\n% c\n2 2 2\n", 6, 1, "",
                 {"header declares 3 entries, file has 2"});
    expect_error(std::string(coordinate_real) + "3 4 3\n1 1 1\n2 2 2", 4, 6, "",
                 {"header declares 3 entries, file has 2"});
    expect_error("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", 6, 1, "",
                 {"header declares 4 values, file has 3"});
}

TEST(MatrixMarketErrors, MoreEntriesThanDeclared) {
    expect_error(std::string(coordinate_real) + "3 4 2\n1 1 1\n2 2 2\n3 3 3\n% c\n\n3 4 4\n", 5, 1,
                 "3", {"header declares 2 entries, file has 4", "this line holds entry 3"});
    expect_error("%%MatrixMarket matrix array real general\n1 2\n1\n2\n3\n", 5, 1, "3",
                 {"header declares 2 values, file has 3", "this line holds value 3"});
    expect_error(std::string(coordinate_real) + "0 0 0\n1 1 1\n", 3, 1, "1",
                 {"header declares 0 entries, file has 1"});
}

TEST(MatrixMarketErrors, DuplicateNamesBothLines) {
    expect_error(std::string(coordinate_real) +
                     "3 4 4\n"
                     "2 3 1\n"  // line 3
                     "1 1 1\n"
                     "% c\n"
                     " 2 3 5\r\n"  // line 6: the duplicate
                     "1 2 1\n",
                 6, 2, "2 3 5", {"duplicate entry for row 2, column 3", "first given on line 3"});
}

TEST(MatrixMarketErrors, DuplicatesInPatternFiles) {
    expect_error("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n1 2\n", 4, 1, "1 2",
                 {"duplicate entry for row 1, column 2", "first given on line 3"});
}

TEST(MatrixMarketErrors, ReportsTheEarliestDuplicateWhateverTheThreadCount) {
    // Rows far apart so different blocks find different duplicates; the one
    // whose second occurrence comes first in the file is reported.
    const int rows = 30000;
    std::string text = std::string(coordinate_real) + std::to_string(rows) + " 3 " +
                       std::to_string(rows + 3) + "\n";
    for (int r = rows; r >= 1; --r) text += std::to_string(r) + " 1 1\n";
    text += "29000 1 2\n";  // line rows + 3
    text += "5 1 2\n";      // line rows + 4
    text += "5 1 3\n";
    for (int threads : {1, 2, 8}) {
        expect_parse_error([&] { (void)parse(text, {.threads = threads}); }, rows + 3, 1,
                           "29000 1 2",
                           {"duplicate entry for row 29000, column 1", "first given on line 1003"});
    }
}

// ------------------------------------------------------------------ files

const std::string small_file = std::string(coordinate_real) + "2 2 2\n2 2 4\n1 1 3\n";

TEST(MatrixMarket, ReadsPlainGzipAndXzFiles) {
    TempDir dir;
    write_bytes(dir / "a.mtx", small_file);
    write_bytes(dir / "a.mtx.gz", gzip(dir, small_file));
    write_bytes(dir / "a.mtx.xz", xz(small_file));
    for (const char* name : {"a.mtx", "a.mtx.gz", "a.mtx.xz"}) {
        SCOPED_TRACE(name);
        const auto m = read_matrix_market<float, std::int64_t>(dir / name);
        EXPECT_EQ(dense(m), (Dense{{3, 0}, {0, 4}}));
    }
}

TEST(MatrixMarket, FileErrorsNameThePath) {
    TempDir dir;
    const fs::path path = dir / "bad.mtx";
    write_bytes(path, std::string(coordinate_real) + "2 2 1\n1 3 1\n");
    expect_parse_error([&] { (void)read_matrix_market<double, std::int32_t>(path); }, 3, 3, "3",
                       {"column index 3 exceeds the 2 columns"}, path.string());
    try {
        (void)read_matrix_market<double, std::int32_t>(dir / "missing.mtx");
        FAIL() << "expected IoError";
    } catch (const IoError& e) {
        EXPECT_EQ(e.file(), (dir / "missing.mtx").string());
    }
    try {
        (void)read_matrix_market<double, std::int32_t>(path, {.max_bytes = 10});
        FAIL() << "expected IoError";
    } catch (const IoError& e) {
        const std::string size = std::to_string(fs::file_size(path));
        EXPECT_EQ(std::string(e.what()),
                  path.string() + ": " + size + " bytes of text exceeds max_bytes = 10 bytes");
    }
}

TEST(MatrixMarket, ARowCountBeyondWhatAVectorHoldsIsAParseError) {
    // Found by fuzz_matrix_market: std::vector threw length_error (not an Error).
    const std::string text = std::string(coordinate_real) + "2305843009213693952 1 0\n";
    try {
        (void)parse_matrix_market<double, std::int64_t>(text, "m.mtx");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "m.mtx:2:1: cannot allocate row pointers for 2305843009213693952 rows "
                  "('2305843009213693952')");
    }
}

TEST(MatrixMarket, MaxNnzChecksTheHeaderBeforeReadingEntries) {
    // The entries are not even there: the declared count alone is refused.
    EXPECT_EQ(io_error_of([] {
                  (void)parse(std::string(coordinate_real) + "1000 1000 120000\n",
                              {.max_nnz = 100000});
              }),
              "m.mtx: the header declares 120,000 entries, more than max_nnz = 100,000");
    const std::string three = std::string(coordinate_real) + "2 2 3\n1 1 1\n1 2 2\n2 2 3\n";
    EXPECT_EQ(io_error_of([&] { (void)parse(three, {.max_nnz = 2}); }),
              "m.mtx: the header declares 3 entries, more than max_nnz = 2");
    EXPECT_EQ(parse(three, {.max_nnz = 3}).nnz(), 3);
    EXPECT_EQ(parse(three, {.max_nnz = 0}).nnz(), 3);
    EXPECT_THROW((void)parse(three, {.max_nnz = -1}), InvalidArgument);
}

TEST(MatrixMarket, MaxNnzCountsTheNonzerosOfAnArrayFile) {
    // 10 x 10, every value 1 but the zeros on the first two lines.
    std::string array = "%%MatrixMarket matrix array real general\n10 10\n0\n0\n";
    for (int k = 2; k < 100; ++k) array += "1\n";
    EXPECT_EQ(io_error_of([&] { (void)parse(array, {.max_nnz = 20}); }),
              "m.mtx: at least 21 nonzeros; about 91 estimated from the first 23% of the "
              "values; exceeds max_nnz = 20");
    EXPECT_EQ(io_error_of([&] { (void)parse(array, {.max_nnz = 97}); }),
              "m.mtx: 98 nonzeros exceed max_nnz = 97");
    EXPECT_EQ(parse(array, {.max_nnz = 98}).nnz(), 98);
}

TEST(MatrixMarket, NegativeThreadCountIsAnError) {
    EXPECT_THROW((void)parse(small_file, {.threads = -1}), InvalidArgument);
}

}  // namespace
}  // namespace sparsereg
