#include "sparsereg/io/svmlight.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sparsereg/error.hpp"
#include "support/expect_invalid.hpp"

namespace sparsereg {
namespace {

using Data = LabeledData<double, std::int32_t>;
using testing::io_error_of;

Data parse(const std::string& text, SvmlightOptions options = {}) {
    return parse_svmlight<double, std::int32_t>(text, "t.svm", options);
}

// Dense copy of row r, for comparisons that do not depend on CSR details.
std::vector<double> dense_row(const Data& d, int r) {
    std::vector<double> row(static_cast<std::size_t>(d.X.cols()), 0.0);
    const auto v = d.X.view();
    for (std::size_t k = 0; k < v.row_indices(r).size(); ++k) {
        row[static_cast<std::size_t>(v.row_indices(r)[k])] = v.row_values(r)[k];
    }
    return row;
}

TEST(SvmlightParse, ReadsLabelsIndicesAndValuesOneBased) {
    const Data d = parse("1 1:0.5 3:-2\n-1 2:1e-3\n+1\n");
    EXPECT_EQ(d.index_base, IndexBase::one);
    EXPECT_EQ(d.X.rows(), 3);
    EXPECT_EQ(d.X.cols(), 3);
    EXPECT_EQ(d.X.nnz(), 3);
    EXPECT_EQ(d.y, (std::vector<double>{1, -1, 1}));
    EXPECT_EQ(dense_row(d, 0), (std::vector<double>{0.5, 0, -2}));
    EXPECT_EQ(dense_row(d, 1), (std::vector<double>{0, 1e-3, 0}));
    EXPECT_EQ(dense_row(d, 2), (std::vector<double>{0, 0, 0}));
    EXPECT_EQ(d.text_bytes, 26u);
}

TEST(SvmlightParse, AcceptsCommentsQidTabsBlankLinesCrlfAndNoFinalNewline) {
    const Data d = parse(
        "# header comment\r\n"
        "\r\n"
        "2 qid:7 1:1\t4:2 # trailing comment 5:9\r\n"
        "   \n"
        "3.5 qid:8 2:3");
    EXPECT_EQ(d.X.rows(), 2);
    EXPECT_EQ(d.X.cols(), 4);
    EXPECT_EQ(d.y, (std::vector<double>{2, 3.5}));
    EXPECT_EQ(dense_row(d, 0), (std::vector<double>{1, 0, 0, 2}));
    EXPECT_EQ(dense_row(d, 1), (std::vector<double>{0, 3, 0, 0}));
}

TEST(SvmlightParse, AutoDetectsZeroBasedWhenAnIndexIsZero) {
    const Data d = parse("1 0:1 2:2\n0 1:3\n");
    EXPECT_EQ(d.index_base, IndexBase::zero);
    EXPECT_EQ(d.X.cols(), 3);
    EXPECT_EQ(dense_row(d, 0), (std::vector<double>{1, 0, 2}));
}

TEST(SvmlightParse, ExplicitZeroBasedKeepsIndices) {
    const Data d = parse("1 1:1 2:2\n", {.index_base = IndexBase::zero});
    EXPECT_EQ(d.index_base, IndexBase::zero);
    EXPECT_EQ(d.X.cols(), 3);
    EXPECT_EQ(dense_row(d, 0), (std::vector<double>{0, 1, 2}));
}

TEST(SvmlightParse, NFeaturesWidensTheMatrix) {
    const Data d = parse("1 1:1\n", {.n_features = 10});
    EXPECT_EQ(d.X.cols(), 10);
}

TEST(SvmlightParse, FloatStorageRoundsEachValueOnce) {
    const auto d = parse_svmlight<float, std::int64_t>("1 1:0.1\n", "t.svm");
    EXPECT_EQ(d.X.values()[0], 0.1f);
}

// Parses `text`, expects a ParseError at line:column quoting `token` whose
// message contains `fragment`.
void expect_parse_error(const std::string& text, std::int64_t line, std::int64_t column,
                        const std::string& token, const std::string& fragment,
                        SvmlightOptions options = {}) {
    try {
        (void)parse(text, options);
        FAIL() << "expected a ParseError for: " << text.substr(0, 80);
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "t.svm");
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.column(), column) << e.what();
        EXPECT_EQ(e.text(), token) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
            << "message '" << e.what() << "' lacks '" << fragment << "'";
        const std::string prefix = "t.svm:" + std::to_string(line) + ":" + std::to_string(column);
        EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0u) << e.what();
    }
}

TEST(SvmlightErrors, NonNumericLabel) {
    expect_parse_error("1 1:1\nabc 1:2\n", 2, 1, "abc", "label: not a number");
}

TEST(SvmlightErrors, MissingLabel) {
    expect_parse_error("1:2 3:4\n", 1, 1, "1:2", "label: missing");
}

TEST(SvmlightErrors, MultiLabelRows) {
    expect_parse_error("1,2 3:4\n", 1, 1, "1,2", "multi-label");
}

TEST(SvmlightErrors, NonNumericValue) {
    expect_parse_error("1 1:1\n1 1:2 2:x3\n", 2, 9, "x3", "feature value: not a number");
    expect_parse_error("1 1:1.5.2\n", 1, 5, "1.5.2", "feature value: not a number");
}

TEST(SvmlightErrors, NaNAndInfinityRejectedByDefault) {
    expect_parse_error("1 1:nan\n", 1, 5, "nan", "NaN and infinite values are rejected");
    expect_parse_error("1 1:1 2:-inf\n", 1, 9, "-inf", "NaN and infinite values");
    expect_parse_error("inf 1:1\n", 1, 1, "inf", "NaN and infinite labels");
    const Data d = parse("nan 1:inf\n", {.allow_nonfinite = true});
    EXPECT_TRUE(std::isnan(d.y[0]));
    EXPECT_TRUE(std::isinf(d.X.values()[0]));
}

TEST(SvmlightErrors, ValueOverflowingTheStorageType) {
    expect_parse_error("1 1:1e400\n", 1, 5, "1e400", "overflows a double");
    EXPECT_NO_THROW(parse("1 1:1e300\n"));
    try {
        (void)parse_svmlight<float, std::int32_t>("1 1:1e39\n", "f.svm");
        FAIL();
    } catch (const ParseError& e) {
        EXPECT_NE(std::string(e.what()).find("overflows a float"), std::string::npos) << e.what();
    }
    expect_parse_error("1e999 1:1\n", 1, 1, "1e999", "label: overflows a double");
}

TEST(SvmlightErrors, UnderflowRoundsToZeroInsteadOfFailing) {
    const Data d = parse("1 1:1e-400\n");
    EXPECT_EQ(d.X.values()[0], 0.0);
}

TEST(SvmlightErrors, IndexZeroInAOneBasedFile) {
    expect_parse_error("1 1:1\n1 0:1\n", 2, 3, "0:1", "0 in a one-based file",
                       {.index_base = IndexBase::one});
}

TEST(SvmlightErrors, NegativeIndex) { expect_parse_error("1 -3:1\n", 1, 3, "-3:1", "negative"); }

TEST(SvmlightErrors, IndexOverflowingTheIndexType) {
    expect_parse_error("1 3000000000:1\n", 1, 3, "3000000000:1", "64-bit indices");
    expect_parse_error("1 99999999999999999999999:1\n", 1, 3, "99999999999999999999999:1",
                       "beyond");
    const auto d = parse_svmlight<double, std::int64_t>("1 3000000000:1\n", "t.svm");
    EXPECT_EQ(d.X.cols(), 3000000000);
    // 2^64 + 1 with 64-bit indices: wrapped around, it was read as feature 1.
    try {
        (void)parse_svmlight<double, std::int64_t>("1 18446744073709551617:1\n", "t.svm");
        FAIL() << "2^64 + 1 read as a feature index";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.column(), 3) << e.what();
        EXPECT_NE(std::string(e.what()).find("beyond"), std::string::npos) << e.what();
    }
}

TEST(SvmlightErrors, UnsortedAndDuplicateIndices) {
    expect_parse_error("1 3:1 2:1\n", 1, 7, "2:1", "must increase within a row, 2 follows 3");
    expect_parse_error("1 1:1 2:1 2:5\n", 1, 11, "2:5", "2 appears twice");
}

TEST(SvmlightErrors, MissingColonOrValue) {
    expect_parse_error("1 5\n", 1, 3, "5", "no ':' follows");
    expect_parse_error("1 5: 6:1\n", 1, 3, "5:", "missing after ':'");
    expect_parse_error("1 5:\n", 1, 3, "5:", "missing after ':'");
    expect_parse_error("1 abc\n", 1, 3, "abc", "expected index:value");
}

TEST(SvmlightErrors, IndexBeyondNFeatures) {
    expect_parse_error("1 1:1\n1 11:1\n", 2, 3, "11:1", "beyond n_features = 10",
                       {.n_features = 10});
    // Auto-detected zero-based: index 10 is the 11th column, found on a later pass.
    expect_parse_error("1 10:1\n1 0:1\n", 1, 3, "10:1", "beyond n_features = 10",
                       {.n_features = 10});
    EXPECT_NO_THROW(parse("1 10:1\n", {.n_features = 10}));
}

TEST(SvmlightErrors, BinaryGarbage) {
    const std::string garbage("\x7f" "ELF\x02\x01\x01\x00\x00\x00 1:1\n", 15);
    expect_parse_error(garbage, 1, 1, "\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00", "binary");
}

TEST(SvmlightErrors, EmptyFileAndCommentsOnly) {
    expect_parse_error("", 1, 1, "", "empty file");
    expect_parse_error("# nothing\n\n", 1, 1, "", "no data rows");
}

TEST(SvmlightErrors, StrayCarriageReturnAndMisplacedQid) {
    expect_parse_error("1 1:1\r2:1\n", 1, 6, "", "carriage return");
    expect_parse_error("1 1:1 qid:3\n", 1, 7, "qid:3", "qid: must come before");
    expect_parse_error("1 qid:x 1:1\n", 1, 3, "qid:x", "qid: needs a non-negative integer");
}

TEST(SvmlightErrors, BadNFeaturesOption) {
    try {
        (void)parse("1 1:1\n", {.n_features = -1});
        FAIL();
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(e.argument(), "n_features");
    }
}

// A file several chunks long, written from a known random matrix.
struct BigFile {
    std::string text;
    std::vector<std::vector<std::pair<int, double>>> rows;
    std::vector<double> labels;
};

BigFile make_big_file(int n_rows, int n_cols, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> row_len(0, 40);
    std::uniform_int_distribution<int> col(1, n_cols);
    std::normal_distribution<double> value(0.0, 3.0);
    BigFile f;
    std::ostringstream out;
    out.precision(17);
    for (int r = 0; r < n_rows; ++r) {
        std::vector<int> cols(static_cast<std::size_t>(row_len(rng)));
        for (auto& c : cols) c = col(rng);
        std::sort(cols.begin(), cols.end());
        cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
        const double label = (r % 3 == 0) ? 1.0 : -1.0;
        f.labels.push_back(label);
        out << label;
        auto& row = f.rows.emplace_back();
        for (int c : cols) {
            const double v = value(rng);
            row.emplace_back(c - 1, v);
            out << ' ' << c << ':' << v;
        }
        out << '\n';
    }
    f.text = out.str();
    return f;
}

TEST(SvmlightParse, MultiChunkFileMatchesTheMatrixItWasWrittenFrom) {
    const BigFile f = make_big_file(60000, 5000, 42);
    ASSERT_GT(f.text.size(), 3u << 20) << "the file must span several parse chunks";
    const Data d = parse(f.text, {.n_features = 5000, .threads = 2});
    ASSERT_EQ(d.X.rows(), 60000);
    EXPECT_EQ(d.y, f.labels);
    const auto v = d.X.view();
    for (int r = 0; r < 60000; ++r) {
        const auto& expected = f.rows[static_cast<std::size_t>(r)];
        ASSERT_EQ(v.row_indices(r).size(), expected.size()) << "row " << r;
        for (std::size_t k = 0; k < expected.size(); ++k) {
            ASSERT_EQ(v.row_indices(r)[k], expected[k].first);
            ASSERT_EQ(v.row_values(r)[k], expected[k].second);  // %.17g round-trips exactly
        }
    }
}

TEST(SvmlightParse, SameResultForAnyThreadCount) {
    const BigFile f = make_big_file(30000, 800, 7);
    const Data one = parse(f.text, {.threads = 1});
    for (int threads : {2, 8}) {
        const Data many = parse(f.text, {.threads = threads});
        EXPECT_TRUE(std::equal(one.X.indptr().begin(), one.X.indptr().end(),
                               many.X.indptr().begin(), many.X.indptr().end()));
        EXPECT_TRUE(std::equal(one.X.indices().begin(), one.X.indices().end(),
                               many.X.indices().begin(), many.X.indices().end()));
        EXPECT_TRUE(std::equal(one.X.values().begin(), one.X.values().end(),
                               many.X.values().begin(), many.X.values().end()));
        EXPECT_EQ(one.y, many.y);
    }
}

TEST(SvmlightErrors, FirstErrorOfTheFileIsReportedWhateverChunkOrThreadFindsIt) {
    BigFile f = make_big_file(40000, 800, 3);
    // Break a line near the end and one in the middle: the middle one is reported.
    const std::size_t late = f.text.rfind('\n', f.text.size() - 100);
    const std::size_t mid = f.text.find('\n', f.text.size() / 2);
    f.text.insert(late + 1, "oops ");
    f.text.insert(mid + 1, "1 2:zz ");
    const auto line = 1 + std::count(f.text.begin(), f.text.begin() + static_cast<long>(mid) + 1, '\n');
    for (int threads : {1, 2, 8}) {
        expect_parse_error(f.text, line, 5, "zz", "feature value: not a number",
                           {.threads = threads});
    }
}


TEST(SvmlightParse, RowsWithoutFeaturesHaveZeroColumnsInEveryNumbering) {
    // Found by fuzz_svmlight: one-based numbering made this -1 columns, which
    // the CSR validation then refused ("cols: must be >= 0, got -1").
    for (IndexBase base : {IndexBase::automatic, IndexBase::zero, IndexBase::one}) {
        const Data d = parse("1\n-1 # no features\n", {.index_base = base});
        EXPECT_EQ(d.X.rows(), 2);
        EXPECT_EQ(d.X.cols(), 0);
        EXPECT_EQ(d.X.nnz(), 0);
    }
}

TEST(SvmlightMaxNnz, ASmallFileIsCountedExactly) {
    const std::string text = "1 1:1 2:1\n-1 3:1\n";
    EXPECT_EQ(io_error_of([&] { (void)parse(text, {.max_nnz = 2}); }),
              "t.svm: 3 nonzeros exceed max_nnz = 2");
    EXPECT_EQ(parse(text, {.max_nnz = 3}).X.nnz(), 3);
    EXPECT_EQ(parse(text, {.max_nnz = 0}).X.nnz(), 3);
    EXPECT_THROW((void)parse(text, {.max_nnz = -1}), InvalidArgument);
}

TEST(SvmlightMaxNnz, ALargeFileStopsEarlyWithAnEstimate) {
    // 300,000 rows of 14 bytes and 3 nonzeros: 4.2 MB of text in 1 MB pieces.
    // The first piece ends after row 74,899 (byte 1,048,586), where the count
    // passes the limit; the estimate carries its density over to the whole text.
    std::string text;
    for (int r = 0; r < 300000; ++r) text += "1 1:1 2:1 3:1\n";
    ASSERT_EQ(text.size(), 4200000u);
    for (int threads : {1, 2, 4}) {
        EXPECT_EQ(io_error_of([&] { (void)parse(text, {.max_nnz = 100000, .threads = threads}); }),
                  "t.svm: at least 224,697 nonzeros; about 900 K estimated from the first 25% "
                  "of the text; exceeds max_nnz = 100,000");
    }
    // Passing the limit only in the last piece gives the exact count.
    EXPECT_EQ(io_error_of([&] { (void)parse(text, {.max_nnz = 899999}); }),
              "t.svm: 900,000 nonzeros exceed max_nnz = 899,999");
    EXPECT_EQ(parse(text, {.max_nnz = 900000}).X.nnz(), 900000);
}

TEST(SvmlightMaxNnz, AParseErrorBeforeTheLimitIsReportedFirst) {
    std::string text = "1 1:x\n";
    for (int r = 0; r < 100; ++r) text += "1 1:1 2:1 3:1\n";
    EXPECT_THROW((void)parse(text, {.max_nnz = 5}), ParseError);
}

}  // namespace
}  // namespace sparsereg
