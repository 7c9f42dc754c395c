#include "data/duplicate_rows.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

using Rows = std::vector<std::vector<double>>;

// Rows 0, 2 and 5 are a; 1 and 4 are b; 3 is c; 6 is a with one value one
// ulp off; 7 and 8 are empty.
Rows rows() {
    const std::vector<double> a{1, 0, 2.5, 0}, b{0, 3, 0, 0}, c{1, 0, 0, 4};
    std::vector<double> a_off = a;
    a_off[2] = std::nextafter(2.5, 3.0);
    const std::vector<double> empty(4, 0.0);
    return {a, b, a, c, b, a, a_off, empty, empty};
}

const std::vector<double> y{1, 0, 0, 1, 1, 1, 0, 0, 1};

testing::Dense dense_of(const Rows& r, std::int64_t cols) {
    testing::Dense d{static_cast<std::int64_t>(r.size()), cols, {}};
    for (const auto& row : r) d.a.insert(d.a.end(), row.begin(), row.end());
    return d;
}

TEST(DuplicateRows, MergesEqualRowsIntoWeightedMeans) {
    const auto X = testing::csr_from_rows(rows(), 4);
    const std::vector<double> w{1, 2, 3, 1, 2, 0.5, 1, 1, 3};
    const auto merged = detail::merge_duplicate_rows(X.view(), y, w, 1);
    ASSERT_TRUE(merged.has_value());
    // Groups in the order of their first rows: a, b, c, a_off, empty.
    ASSERT_EQ(merged->X.rows(), 5);
    const std::vector<std::int32_t> indptr{0, 2, 3, 5, 7, 7};
    EXPECT_EQ(std::vector<std::int32_t>(merged->X.indptr().begin(), merged->X.indptr().end()), indptr);
    EXPECT_EQ(merged->X.view().row_values(3)[1], std::nextafter(2.5, 3.0));
    const std::vector<double> weights{4.5, 4, 1, 1, 4};
    EXPECT_EQ(merged->weights, weights);
    // a: (1·1 + 3·0 + 0.5·1) / 4.5; b: (2·0 + 2·1) / 4; empty: (1·0 + 3·1) / 4.
    const std::vector<double> means{1.5 / 4.5, 0.5, 1, 0, 0.75};
    for (std::size_t g = 0; g < means.size(); ++g) EXPECT_DOUBLE_EQ(merged->y[g], means[g]) << g;
    // Σ w (y − ȳ)², with the weights rescaled from their sum 14.5 to 9 rows.
    double within = 0;
    const std::vector<std::size_t> group{0, 1, 0, 2, 1, 0, 3, 4, 4};
    for (std::size_t i = 0; i < y.size(); ++i) within += w[i] * std::pow(y[i] - means[group[i]], 2);
    EXPECT_NEAR(merged->within_squares, within * 9 / 14.5, 1e-14);
}

TEST(DuplicateRows, SameAnswerForEveryStorageAndThreadCount) {
    const auto reference = detail::merge_duplicate_rows(testing::csr_from_rows(rows(), 4).view(), y, {}, 1);
    ASSERT_TRUE(reference.has_value());
    const testing::Dense d = dense_of(rows(), 4);
    const auto wide = testing::csr_of<double, std::int64_t>(d);
    const auto in_wide = detail::merge_duplicate_rows(wide.view(), y, {}, 3);
    ASSERT_TRUE(in_wide.has_value());
    EXPECT_EQ(in_wide->y, reference->y);
    EXPECT_EQ(in_wide->X.nnz(), reference->X.nnz());
    // In float the one-ulp difference rounds away: a_off joins a.
    const auto narrow = testing::csr_of<float, std::int32_t>(d);
    const auto in_float = detail::merge_duplicate_rows(narrow.view(), y, {}, 2);
    ASSERT_TRUE(in_float.has_value());
    EXPECT_EQ(in_float->X.rows(), 4);
    EXPECT_EQ(in_float->weights, (std::vector<double>{4, 2, 1, 2}));
}

TEST(DuplicateRows, LongRowsAlikeInTheirFirstMiddleAndLastEntriesAreComparedWhole) {
    // Rows of 9 entries: the quick hash sees entries 0, 4 and 8 only. Rows 1
    // and 3 differ from row 0 at entries 2 and 6; rows 2 and 4 equal row 0.
    const std::vector<double> base{1, 2, 3, 4, 5, 6, 7, 8, 9};
    Rows r(5, base);
    r[1][2] = 3.5;
    r[3][6] = -7;
    const std::vector<double> labels{0, 1, 1, 0, 1};
    const auto merged = detail::merge_duplicate_rows(testing::csr_from_rows(r, 9).view(), labels, {}, 2);
    ASSERT_TRUE(merged.has_value());
    EXPECT_EQ(merged->X.rows(), 3);
    EXPECT_EQ(merged->weights, (std::vector<double>{3, 1, 1}));
    EXPECT_EQ(merged->y, (std::vector<double>{2.0 / 3.0, 1, 0}));
}

TEST(DuplicateRows, NothingWhenTooFewEntriesGo) {
    // 20 distinct rows of 3 entries and one copy: 3 of 63 entries (< 10%).
    Rows r;
    for (int i = 0; i < 20; ++i) r.push_back({1.0 + i, 0, 2, 3});
    r.push_back(r[4]);
    const std::vector<double> labels(r.size(), 1.0);
    EXPECT_FALSE(detail::merge_duplicate_rows(testing::csr_from_rows(r, 4).view(), labels, {}, 1).has_value());
    // Three more copies take out 12 of 72: merged.
    for (int k = 0; k < 3; ++k) r.push_back(r[7]);
    const std::vector<double> more(r.size(), 1.0);
    const auto merged = detail::merge_duplicate_rows(testing::csr_from_rows(r, 4).view(), more, {}, 1);
    ASSERT_TRUE(merged.has_value());
    EXPECT_EQ(merged->X.rows(), 20);
}

TEST(DuplicateRows, NothingWhenAValueIsNotFinite) {
    // Left for the fit to report at the caller's row number.
    const auto csr = testing::csr_of<double, std::int32_t>(dense_of(rows(), 4));
    std::vector<double> values = csr.values;
    values[4] = std::numeric_limits<double>::quiet_NaN();  // row 3's first entry
    const auto X = CsrView<double, std::int32_t>(csr.rows, csr.cols, csr.indptr, csr.indices, values,
                                                 {.allow_nonfinite = true});
    EXPECT_FALSE(detail::merge_duplicate_rows(X, y, {}, 1).has_value());
}

TEST(DuplicateRows, AGroupWithoutWeightKeepsItsFirstResponse) {
    const std::vector<double> w{1, 0, 1, 1, 0, 1, 1, 1, 1};  // b's rows weigh nothing
    const auto merged = detail::merge_duplicate_rows(testing::csr_from_rows(rows(), 4).view(), y, w, 1);
    ASSERT_TRUE(merged.has_value());
    EXPECT_EQ(merged->weights[1], 0.0);
    EXPECT_EQ(merged->y[1], 0.0);
    EXPECT_TRUE(std::isfinite(merged->within_squares));
}

}  // namespace
}  // namespace sparsereg
