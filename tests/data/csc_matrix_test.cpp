#include "sparsereg/data/csc_matrix.hpp"

#include <gtest/gtest.h>

#include "support/dense_matrix.hpp"
#include "support/storage_types.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {
namespace {

using testing::CsrArrays;
using testing::csr_of;
using testing::Dense;
using testing::expect_same_arrays;

// Random entries with probability `density`; every fifth row and every seventh
// column is left empty so the conversion meets empty rows and columns.
template <class T>
Dense random_dense(std::int64_t rows, std::int64_t cols, double density, std::uint64_t seed) {
    Dense d{rows, cols, std::vector<double>(static_cast<std::size_t>(rows * cols), 0.0)};
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution present(density);
    std::uniform_real_distribution<double> value(0.5, 2.0);
    std::bernoulli_distribution negative(0.5);
    for (std::int64_t i = 0; i < rows; ++i) {
        for (std::int64_t j = 0; j < cols; ++j) {
            if (i % 5 == 4 || j % 7 == 6 || !present(rng)) continue;
            const double v = static_cast<double>(static_cast<T>(value(rng)));
            d.a[static_cast<std::size_t>(i * cols + j)] = negative(rng) ? -v : v;
        }
    }
    return d;
}

// Every row of `rows_present` full, all others empty: a few very long rows.
Dense full_rows(std::int64_t rows, std::int64_t cols,
                const std::vector<std::int64_t>& rows_present) {
    Dense d{rows, cols, std::vector<double>(static_cast<std::size_t>(rows * cols), 0.0)};
    for (std::int64_t i : rows_present) {
        for (std::int64_t j = 0; j < cols; ++j) {
            d.a[static_cast<std::size_t>(i * cols + j)] =
                static_cast<double>(1 + (i * 31 + j) % 13);
        }
    }
    return d;
}

// Checks csc against the arrays read off the dense matrix down its columns.
template <class T, class I>
void expect_matches_dense(const CscMatrix<T, I>& csc, const Dense& d) {
    ASSERT_EQ(csc.rows(), d.rows);
    ASSERT_EQ(csc.cols(), d.cols);
    std::vector<I> col_ptr{0};
    std::vector<I> row_indices;
    std::vector<T> values;
    for (std::int64_t j = 0; j < d.cols; ++j) {
        for (std::int64_t i = 0; i < d.rows; ++i) {
            if (d.at(i, j) != 0.0) {
                row_indices.push_back(static_cast<I>(i));
                values.push_back(static_cast<T>(d.at(i, j)));
            }
        }
        col_ptr.push_back(static_cast<I>(row_indices.size()));
    }
    EXPECT_EQ(std::vector<I>(csc.col_ptr().begin(), csc.col_ptr().end()), col_ptr);
    EXPECT_EQ(std::vector<I>(csc.row_indices().begin(), csc.row_indices().end()), row_indices);
    EXPECT_EQ(std::vector<T>(csc.values().begin(), csc.values().end()), values);
    EXPECT_EQ(csc.nnz(), static_cast<std::int64_t>(row_indices.size()));
}

template <class T, class I>
void expect_same_arrays(const CscMatrix<T, I>& a, const CscMatrix<T, I>& b) {
    EXPECT_EQ(a.rows(), b.rows());
    EXPECT_EQ(a.cols(), b.cols());
    EXPECT_TRUE(std::ranges::equal(a.col_ptr(), b.col_ptr()));
    EXPECT_TRUE(std::ranges::equal(a.row_indices(), b.row_indices()));
    EXPECT_TRUE(std::ranges::equal(a.values(), b.values()));
}

struct Shape {
    std::int64_t rows;
    std::int64_t cols;
};

// Awkward sizes: empty in either direction, one entry, one row or column, and
// very many columns with few entries.
const std::vector<Shape> awkward_shapes = {{0, 0},  {1, 1},   {0, 9},   {9, 0},    {1, 13},
                                           {13, 1}, {37, 53}, {200, 3}, {3, 20000}};

template <class P>
class CscMatrixTyped : public ::testing::Test {};
using Storage = testing::StorageTypes;
TYPED_TEST_SUITE(CscMatrixTyped, Storage);

TYPED_TEST(CscMatrixTyped, FromCsrMatchesTheDenseTransposeForAwkwardShapes) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 1;
    for (const Shape& s : awkward_shapes) {
        for (double density : {0.0, 0.05, 0.5, 1.0}) {
            SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols) + ", density " +
                         std::to_string(density));
            const Dense d = random_dense<T>(s.rows, s.cols, density, seed++);
            const auto csr = csr_of<T, I>(d);
            for (int threads : {1, 2, 8}) {
                expect_matches_dense(CscMatrix<T, I>::from_csr(csr.view(), {.threads = threads}),
                                     d);
            }
        }
    }
}

TYPED_TEST(CscMatrixTyped, OneByOneWithAnEntry) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d{1, 1, {-3.0}};
    const auto csc = CscMatrix<T, I>::from_csr(csr_of<T, I>(d).view());
    expect_matches_dense(csc, d);
    EXPECT_EQ(csc.nnz(), 1);
}

TYPED_TEST(CscMatrixTyped, RoundTripThroughCscReproducesTheCsrArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 100;
    for (const Shape& s : awkward_shapes) {
        for (double density : {0.0, 0.2, 1.0}) {
            SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
            const auto csr = csr_of<T, I>(random_dense<T>(s.rows, s.cols, density, seed++));
            for (int threads : {1, 2, 8}) {
                const auto csc = CscMatrix<T, I>::from_csr(csr.view(), {.threads = threads});
                expect_same_arrays(to_csr(csc, {.threads = threads}), csr);
            }
        }
    }
}

TYPED_TEST(CscMatrixTyped, DefaultIsTheEmptyMatrixAndConvertsBack) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const CscMatrix<T, I> empty;
    ASSERT_EQ(empty.col_ptr().size(), 1u);
    const auto csr = to_csr(empty);
    EXPECT_EQ(csr.rows(), 0);
    EXPECT_EQ(csr.cols(), 0);
    EXPECT_EQ(csr.indptr().size(), 1u);
}

// Over 2^21 nonzeros, so the conversion cuts the rows into several blocks.
TYPED_TEST(CscMatrixTyped, ManyBlocksGiveTheDenseTransposeAndTheSameArraysOnAnyThreadCount) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d = random_dense<T>(3000, 1400, 0.9, 7);
    const auto csr = csr_of<T, I>(d);
    ASSERT_GT(csr.indices.size(), std::size_t{2} << 20);
    const auto one = CscMatrix<T, I>::from_csr(csr.view(), {.threads = 1});
    expect_matches_dense(one, d);
    for (int threads : {2, 8}) {
        const auto csc = CscMatrix<T, I>::from_csr(csr.view(), {.threads = threads});
        expect_same_arrays(csc, one);
        expect_same_arrays(to_csr(csc, {.threads = threads}), csr);
    }
}

// Block boundaries fall inside runs of empty rows and a block may hold one row.
TYPED_TEST(CscMatrixTyped, FewVeryLongRowsBetweenEmptyOnes) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d = full_rows(7, 700000, {1, 3, 4, 6});
    const auto csr = csr_of<T, I>(d);
    for (int threads : {1, 8}) {
        const auto csc = CscMatrix<T, I>::from_csr(csr.view(), {.threads = threads});
        expect_matches_dense(csc, d);
        expect_same_arrays(to_csr(csc, {.threads = threads}), csr);
    }
}

// Long rows over more columns than a tile (256) are scattered tile by
// tile; the last tile is partial and some rows and columns are empty.
TYPED_TEST(CscMatrixTyped, WideDenseRowsGiveTheDenseTransposeTileByTile) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d = random_dense<T>(40, 1001, 0.9, 11);
    const auto csr = csr_of<T, I>(d);
    for (int threads : {1, 2}) {
        const auto csc = CscMatrix<T, I>::from_csr(csr.view(), {.threads = threads});
        expect_matches_dense(csc, d);
        expect_same_arrays(to_csr(csc, {.threads = threads}), csr);
    }
}

TEST(CscMatrix, TransposedViewIsTheCsrOfTheTranspose) {
    const Dense d = random_dense<double>(11, 17, 0.3, 3);
    const auto csc =
        CscMatrix<double, std::int32_t>::from_csr(csr_of<double, std::int32_t>(d).view());
    const auto t = csc.transposed_view();
    ASSERT_EQ(t.rows(), 17);
    ASSERT_EQ(t.cols(), 11);
    for (std::int32_t j = 0; j < t.rows(); ++j) {
        std::int64_t i = 0;
        for (std::size_t k = 0; k < t.row_indices(j).size(); ++k) {
            for (; i < t.row_indices(j)[k]; ++i) EXPECT_EQ(d.at(i, j), 0.0);
            EXPECT_EQ(d.at(i, j), t.row_values(j)[k]);
            ++i;
        }
        for (; i < d.rows; ++i) EXPECT_EQ(d.at(i, j), 0.0);
    }
}

TEST(CscMatrix, NonFiniteValuesAllowedInTheViewSurviveTheRoundTrip) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<std::int32_t> indptr{0, 2, 3};
    std::vector<std::int32_t> indices{0, 2, 1};
    std::vector<double> values{nan, 1.0, -inf};
    const CsrView<double, std::int32_t> view(2, 3, indptr, indices, values,
                                             {.allow_nonfinite = true});
    const auto back = to_csr(CscMatrix<double, std::int32_t>::from_csr(view));
    EXPECT_EQ(std::vector<std::int32_t>(back.indices().begin(), back.indices().end()), indices);
    EXPECT_TRUE(std::isnan(back.values()[0]));
    EXPECT_EQ(back.values()[1], 1.0);
    EXPECT_EQ(back.values()[2], -inf);
}

// Keeping columns in place gives the CSC of the dense matrix narrowed to
// them: every subset pattern of a matrix with empty columns, none, all, the
// first and the last.
TEST(CscMatrix, KeepColumnsIsTheCscOfTheKeptColumns) {
    const Dense d = random_dense<double>(23, 29, 0.3, 11);
    const std::vector<std::vector<std::int64_t>> subsets = {
        {}, {0}, {28}, {6, 13, 20, 27}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                                        20, 21, 22, 23, 24, 25, 26, 27, 28},
        {1, 2, 5, 8, 9, 17, 26, 28}};
    for (const auto& kept : subsets) {
        auto csc = CscMatrix<double, std::int32_t>::from_csr(csr_of<double, std::int32_t>(d).view());
        csc.keep_columns(kept);
        Dense narrowed{d.rows, static_cast<std::int64_t>(kept.size()),
                       std::vector<double>(static_cast<std::size_t>(d.rows) * kept.size(), 0.0)};
        for (std::int64_t i = 0; i < d.rows; ++i) {
            for (std::size_t k = 0; k < kept.size(); ++k) {
                narrowed.a[static_cast<std::size_t>(i) * kept.size() + k] = d.at(i, kept[k]);
            }
        }
        SCOPED_TRACE(::testing::Message() << kept.size() << " columns kept");
        expect_matches_dense(csc, narrowed);
    }
}

TEST(CscMatrix, KeepColumnsRejectsColumnsOutOfOrderOrRange) {
    const Dense d = random_dense<double>(5, 6, 0.5, 2);
    const auto original = CscMatrix<double, std::int64_t>::from_csr(csr_of<double, std::int64_t>(d).view());
    const std::vector<std::vector<std::int64_t>> bad = {{-1}, {6}, {2, 2}, {3, 1}};
    for (const auto& kept : bad) {
        auto csc = original;
        try {
            csc.keep_columns(kept);
            FAIL() << "expected InvalidArgument";
        } catch (const InvalidArgument& e) {
            EXPECT_EQ(e.argument(), "kept");
            EXPECT_NE(std::string(e.what()).find(std::to_string(kept.back())), std::string::npos) << e.what();
        }
        expect_same_arrays(csc, original);  // checked before anything moved
    }
}

TEST(CscMatrix, RejectsANegativeThreadCount) {
    const CsrView<double, std::int32_t> empty;
    try {
        (void)CscMatrix<double, std::int32_t>::from_csr(empty, {.threads = -3});
        FAIL() << "expected InvalidArgument";
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(e.argument(), "threads");
        EXPECT_NE(std::string(e.what()).find("-3"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)to_csr(CscMatrix<double, std::int32_t>(), {.threads = -1}), InvalidArgument);
}

}  // namespace
}  // namespace sparsereg
