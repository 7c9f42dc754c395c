#include "sparsereg/data/design_matrix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "sparsereg/error.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

// 30 rows of random columns, column 4 constant.
testing::Dense random_columns(std::int64_t cols) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    testing::Dense d{30, cols, std::vector<double>(static_cast<std::size_t>(30 * cols), 0.0)};
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (std::int64_t j = 0; j < cols; ++j) {
            const double u = uniform(rng);
            d.a[static_cast<std::size_t>(i * cols + j)] = j == 4 ? 2.5 : (u < 0.4 ? 4 * u - 0.8 : 0.0);
        }
    }
    return d;
}

testing::Dense narrowed(const testing::Dense& d, const std::vector<std::int64_t>& columns) {
    testing::Dense out{d.rows, static_cast<std::int64_t>(columns.size()), {}};
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (auto j : columns) out.a.push_back(d.at(i, j));
    }
    return out;
}

// Narrowing twice leaves exactly the design built on those columns of X,
// each named by its column in X, while csr() stays the caller's.
TEST(DesignMatrix, KeepColumnsIsTheDesignOfTheKeptColumns) {
    const testing::Dense d = random_columns(9);
    std::vector<double> weights(30);
    for (std::size_t i = 0; i < weights.size(); ++i) weights[i] = 1.0 + static_cast<double>(i % 3);
    const DesignOptions options{.standardize = true, .intercept = true, .threads = 2};
    const auto csr = testing::csr_of<double, std::int32_t>(d);
    DesignMatrix<double, std::int32_t> X(csr.view(), weights, options);
    EXPECT_FALSE(X.narrowed());
    EXPECT_TRUE(X.fixed_at_zero(4));
    X.keep_columns(std::vector<std::int64_t>{0, 2, 4, 5, 8});
    X.keep_columns(std::vector<std::int64_t>{1, 2, 4});  // X's 2, 4 and 8
    const std::vector<std::int64_t> kept{2, 4, 8};

    const auto expected_csr = testing::csr_of<double, std::int32_t>(narrowed(d, kept));
    const DesignMatrix<double, std::int32_t> expected(expected_csr.view(), weights, options);
    EXPECT_TRUE(X.narrowed());
    ASSERT_EQ(X.cols(), 3);
    EXPECT_EQ(X.original_cols(), 9);
    EXPECT_EQ(X.csr().cols(), 9);
    for (std::int64_t j = 0; j < X.cols(); ++j) {
        EXPECT_EQ(X.original_column(j), kept[static_cast<std::size_t>(j)]);
        EXPECT_EQ(X.center(j), expected.center(j)) << j;
        EXPECT_EQ(X.scale(j), expected.scale(j)) << j;
        EXPECT_EQ(X.fixed_at_zero(j), expected.fixed_at_zero(j)) << j;
        const auto rows = X.csc().col_rows(static_cast<std::int32_t>(j));
        const auto values = X.csc().col_values(static_cast<std::int32_t>(j));
        EXPECT_TRUE(std::ranges::equal(rows, expected.csc().col_rows(static_cast<std::int32_t>(j)))) << j;
        EXPECT_TRUE(std::ranges::equal(values, expected.csc().col_values(static_cast<std::int32_t>(j)))) << j;
    }
    EXPECT_TRUE(X.fixed_at_zero(1));  // the constant column, now second
    EXPECT_TRUE(std::ranges::equal(X.weights(), expected.weights()));
}

TEST(DesignMatrix, KeepColumnsRejectsAListThatIsNotOfItsColumns) {
    const auto csr = testing::csr_of<double, std::int64_t>(random_columns(5));
    DesignMatrix<double, std::int64_t> X(csr.view(), {}, {});
    EXPECT_THROW(X.keep_columns(std::vector<std::int64_t>{0, 5}), InvalidArgument);
    EXPECT_THROW(X.keep_columns(std::vector<std::int64_t>{3, 1}), InvalidArgument);
    EXPECT_EQ(X.cols(), 5);
    EXPECT_FALSE(X.narrowed());
}

}  // namespace
}  // namespace sparsereg
