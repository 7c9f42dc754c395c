#include "sparsereg/io/vector_file.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sparsereg/error.hpp"
#include "support/temp_files.hpp"

namespace sparsereg {
namespace {

std::vector<double> parse(const std::string& text, VectorFileOptions options = {}) {
    return parse_vector(text, "v.txt", options);
}

void expect_error(const std::string& input, std::int64_t line, std::int64_t column,
                  const std::string& text, const std::string& fragment,
                  VectorFileOptions options = {}) {
    SCOPED_TRACE(input);
    try {
        (void)parse(input, options);
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.file(), "v.txt");
        EXPECT_EQ(e.line(), line) << what;
        EXPECT_EQ(e.column(), column) << what;
        EXPECT_EQ(e.text(), text) << what;
        EXPECT_EQ(
            what.rfind("v.txt:" + std::to_string(line) + ":" + std::to_string(column) + ": ", 0),
            0u)
            << what;
        EXPECT_NE(what.find(fragment), std::string::npos) << what << " lacks " << fragment;
    }
}

TEST(VectorFile, OneNumberALine) {
    EXPECT_EQ(parse("1\n-2.5\n+3\n1e-3\n.5\n"), (std::vector<double>{1, -2.5, 3, 1e-3, 0.5}));
}

TEST(VectorFile, SkipsBlankAndCommentLinesAndAcceptsBlanksCrlfAndNoFinalNewline) {
    EXPECT_EQ(parse("# lambda grid\n\n   \t\n  1.5  \r\n\t2\t\n  # indented comment\r\n\r\n3"),
              (std::vector<double>{1.5, 2, 3}));
}

TEST(VectorFile, EmptyTextIsAnEmptyVector) {
    EXPECT_TRUE(parse("").empty());
    EXPECT_TRUE(parse("# nothing\n\n").empty());
}

TEST(VectorFile, AnythingElseOnALineIsAnError) {
    expect_error("1\n2 3\n", 2, 3, "3", "unexpected text after the number");
    expect_error("1\n2 # two\n", 2, 3, "# two", "unexpected text after the number");
    expect_error("1\nabc\n", 2, 1, "abc", "expected one number");
    expect_error("  1.5x\n", 1, 3, "1.5x", "expected one number");
    expect_error("1,5\n", 1, 1, "1,5", "expected one number");
    expect_error("1#\n", 1, 1, "1#", "expected one number");
    expect_error("1\r2\n", 1, 1, "1\\x0d2", "expected one number");
    expect_error("\x01\x02\n", 1, 1, "\\x01\\x02", "expected one number");
    expect_error("--1\n", 1, 1, "--1", "expected one number");
    expect_error("1\n\n 1e400\n", 3, 2, "1e400", "too large for double");
}

TEST(VectorFile, NonFiniteRejectedUnlessAllowed) {
    expect_error("1\nnan\n", 2, 1, "nan", "NaN or infinite");
    expect_error("1\n-inf\r\n", 2, 1, "-inf", "NaN or infinite");
    const auto v = parse("nan\n-inf\n", {.allow_nonfinite = true});
    ASSERT_EQ(v.size(), 2u);
    EXPECT_TRUE(std::isnan(v[0]));
    EXPECT_EQ(v[1], -std::numeric_limits<double>::infinity());
}

TEST(VectorFile, ReadsPlainAndCompressedFiles) {
    const testing::TempDir dir;
    const std::string text = "# weights\n0.5\n1\n2\n";
    testing::write_bytes(dir / "w.txt", text);
    testing::write_bytes(dir / "w.txt.gz", testing::gzip(dir, text));
    EXPECT_EQ(read_vector(dir / "w.txt"), (std::vector<double>{0.5, 1, 2}));
    EXPECT_EQ(read_vector(dir / "w.txt.gz"), (std::vector<double>{0.5, 1, 2}));
    EXPECT_THROW((void)read_vector(dir / "missing.txt"), IoError);
    EXPECT_THROW((void)read_vector(dir / "w.txt", {.max_bytes = 4}), IoError);
    testing::write_bytes(dir / "bad.txt", "1\n2\nx\n");
    try {
        (void)read_vector(dir / "bad.txt");
        FAIL() << "expected ParseError";
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), (dir / "bad.txt").string());
        EXPECT_EQ(e.line(), 3);
    }
}

}  // namespace
}  // namespace sparsereg
