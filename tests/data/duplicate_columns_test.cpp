#include "data/duplicate_columns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sparsereg/data/design_matrix.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

// Columns by what they are to column 0 = (1, 0, 2, 0, 0.5, 0):
//  1 the same, 2 three times it, 3 its negation, 4 the same but one value
//  one ulp off, 5 other rows, 6 constant (fixed), 7 the same as 2,
//  8 one third of 2's values (proportional to 0, to 2 and to 7).
testing::Dense columns() {
    const double base[6] = {1, 0, 2, 0, 0.5, 0};
    const double other[6] = {0, 1, 0, 2, 0, 0.5};
    testing::Dense d{6, 9, std::vector<double>(54, 0.0)};
    for (std::int64_t i = 0; i < 6; ++i) {
        const auto at = [&](std::int64_t j) -> double& { return d.a[static_cast<std::size_t>(i * d.cols + j)]; };
        at(0) = base[i];
        at(1) = base[i];
        at(2) = 3 * base[i];
        at(3) = -base[i];
        at(4) = i == 2 ? std::nextafter(2.0, 3.0) : base[i];
        at(5) = other[i];
        at(6) = 5;
        at(7) = 3 * base[i];
        at(8) = base[i] / 3;
    }
    return d;
}

template <class T, class I>
std::vector<std::int64_t> first_equal(const testing::Dense& d, bool standardize, int threads = 1) {
    const auto csr = testing::csr_of<T, I>(d);
    const DesignMatrix<T, I> X(csr.view(), {}, {.standardize = standardize, .intercept = true, .threads = threads});
    return detail::first_equal_columns(X);
}

TEST(DuplicateColumns, StandardizingMergesPositiveProportionsOnly) {
    // Column 8 divided by its first value is (1, 2, 0.5) exactly: it joins 0.
    const std::vector<std::int64_t> expected{0, 0, 0, 3, 4, 5, 6, 0, 0};
    EXPECT_EQ((first_equal<double, std::int32_t>(columns(), true)), expected);
}

TEST(DuplicateColumns, WithoutStandardizingOnlyEqualValuesMerge) {
    const std::vector<std::int64_t> expected{0, 0, 2, 3, 4, 5, 6, 2, 8};
    EXPECT_EQ((first_equal<double, std::int32_t>(columns(), false)), expected);
}

TEST(DuplicateColumns, SameAnswerForEveryStorageAndThreadCount) {
    const auto reference = first_equal<double, std::int32_t>(columns(), true);
    EXPECT_EQ((first_equal<double, std::int64_t>(columns(), true, 3)), reference);
    // In float the one-ulp difference of column 4 rounds away.
    auto in_float = reference;
    in_float[4] = 0;
    EXPECT_EQ((first_equal<float, std::int32_t>(columns(), true, 2)), in_float);
    EXPECT_EQ((first_equal<float, std::int64_t>(columns(), true, 4)), in_float);
}

TEST(DuplicateColumns, ManyGroupsAcrossHashBuckets) {
    // 400 distinct columns, each repeated at a distance: every copy finds
    // the first of its group, whatever bucket its hash fell in.
    const std::int64_t rows = 50, groups = 400, copies = 3;
    testing::Dense d{rows, groups * copies, std::vector<double>(static_cast<std::size_t>(rows * groups * copies), 0.0)};
    for (std::int64_t g = 0; g < groups; ++g) {
        for (std::int64_t c = 0; c < copies; ++c) {
            const std::int64_t j = c * groups + g;
            // Group g: 1 + g at row g % rows, and 0.25 more at a second row.
            d.a[static_cast<std::size_t>((g % rows) * d.cols + j)] = 1.0 + static_cast<double>(g);
            d.a[static_cast<std::size_t>(((g / rows + g) % rows) * d.cols + j)] += 0.25;
        }
    }
    const auto first = first_equal<double, std::int32_t>(d, false, 2);
    for (std::int64_t j = 0; j < d.cols; ++j) EXPECT_EQ(first[static_cast<std::size_t>(j)], j % groups) << j;
}

}  // namespace
}  // namespace sparsereg
