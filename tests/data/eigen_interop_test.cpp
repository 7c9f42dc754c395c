#include "sparsereg/data/eigen_interop.hpp"

#include <gtest/gtest.h>

#include "support/dense_matrix.hpp"
#include "support/expect_invalid.hpp"
#include "support/storage_types.hpp"

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {
namespace {

using testing::CsrArrays;
using testing::csr_of;
using testing::Dense;
using testing::expect_same_arrays;

using testing::expect_invalid;

// Every third row and fourth column stays empty.
Dense random_dense(std::int64_t rows, std::int64_t cols, double density, std::uint64_t seed) {
    Dense d{rows, cols, std::vector<double>(static_cast<std::size_t>(rows * cols), 0.0)};
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution present(density);
    std::uniform_int_distribution<int> value(1, 64);
    for (std::int64_t i = 0; i < rows; ++i) {
        for (std::int64_t j = 0; j < cols; ++j) {
            if (i % 3 == 2 || j % 4 == 3 || !present(rng)) continue;
            d.a[static_cast<std::size_t>(i * cols + j)] = (value(rng) - 32.5) / 8.0;
        }
    }
    return d;
}

// Built by Eigen alone, so these tests never check our code against itself.
template <int Options, class T, class I>
Eigen::SparseMatrix<T, Options, I> compressed_eigen_of(const Dense& d) {
    std::vector<Eigen::Triplet<T, I>> triplets;
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (std::int64_t j = 0; j < d.cols; ++j) {
            if (d.at(i, j) != 0.0) {
                triplets.emplace_back(static_cast<I>(i), static_cast<I>(j),
                                      static_cast<T>(d.at(i, j)));
            }
        }
    }
    Eigen::SparseMatrix<T, Options, I> m(d.rows, d.cols);
    m.setFromTriplets(triplets.begin(), triplets.end());
    return m;
}

// Reserved room per inner vector puts Eigen in uncompressed mode; inserting
// backwards makes Eigen shift entries, leaving gaps between inner vectors.
template <int Options, class T, class I>
Eigen::SparseMatrix<T, Options, I> uncompressed_eigen_of(const Dense& d) {
    Eigen::SparseMatrix<T, Options, I> m(d.rows, d.cols);
    m.reserve(Eigen::VectorXi::Constant(m.outerSize(), 3));
    for (std::int64_t i = d.rows - 1; i >= 0; --i) {
        for (std::int64_t j = d.cols - 1; j >= 0; --j) {
            if (d.at(i, j) != 0.0) m.insert(i, j) = static_cast<T>(d.at(i, j));
        }
    }
    return m;
}

template <class M>
void expect_equals_dense(const M& m, const Dense& d) {
    ASSERT_EQ(m.rows(), d.rows);
    ASSERT_EQ(m.cols(), d.cols);
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (std::int64_t j = 0; j < d.cols; ++j) {
            ASSERT_EQ(static_cast<double>(m.coeff(i, j)), d.at(i, j))
                << "(" << i << ", " << j << ")";
        }
    }
}

struct Shape {
    std::int64_t rows;
    std::int64_t cols;
};
const std::vector<Shape> shapes = {{0, 0}, {0, 4}, {4, 0},   {1, 1},
                                   {1, 9}, {9, 1}, {23, 31}, {40, 7}};

template <class P>
class EigenInteropTyped : public ::testing::Test {};
using Storage = testing::StorageTypes;
TYPED_TEST_SUITE(EigenInteropTyped, Storage);

TYPED_TEST(EigenInteropTyped, EigenMapOfACsrViewSharesItsArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 1;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const Dense d = random_dense(s.rows, s.cols, 0.4, seed++);
        const auto csr = csr_of<T, I>(d);
        const auto view = csr.view();
        const auto map = eigen_map(view);
        static_assert(std::is_same_v<std::remove_const_t<decltype(map)>,
                                     Eigen::Map<const Eigen::SparseMatrix<T, Eigen::RowMajor, I>>>);
        EXPECT_EQ(map.outerIndexPtr(), csr.indptr.data());
        EXPECT_EQ(map.innerIndexPtr(), csr.indices.data());
        EXPECT_EQ(map.valuePtr(), csr.values.data());
        EXPECT_TRUE(map.isCompressed());
        EXPECT_EQ(map.nonZeros(), view.nnz());
        expect_equals_dense(map, d);
    }
}

TYPED_TEST(EigenInteropTyped, EigenMapOfACscMatrixSharesItsArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 10;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const Dense d = random_dense(s.rows, s.cols, 0.4, seed++);
        const auto csc = CscMatrix<T, I>::from_csr(csr_of<T, I>(d).view());
        const auto map = eigen_map(csc);
        static_assert(std::is_same_v<std::remove_const_t<decltype(map)>,
                                     Eigen::Map<const Eigen::SparseMatrix<T, Eigen::ColMajor, I>>>);
        EXPECT_EQ(map.outerIndexPtr(), csc.col_ptr().data());
        EXPECT_EQ(map.innerIndexPtr(), csc.row_indices().data());
        EXPECT_EQ(map.valuePtr(), csc.values().data());
        expect_equals_dense(map, d);
    }
}

TYPED_TEST(EigenInteropTyped, CsrViewOfARowMajorEigenMatrixSharesItsArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 20;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const Dense d = random_dense(s.rows, s.cols, 0.4, seed++);
        const auto m = compressed_eigen_of<Eigen::RowMajor, T, I>(d);
        const CsrView<T, I> view = csr_view_of(m);
        EXPECT_EQ(view.indptr().data(), m.outerIndexPtr());
        EXPECT_EQ(view.indices().data(), m.innerIndexPtr());
        EXPECT_EQ(view.values().data(), m.valuePtr());
        expect_same_arrays(view, csr_of<T, I>(d));
    }
}

TYPED_TEST(EigenInteropTyped, CsrViewOfAnEigenMapSharesTheMappedArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d = random_dense(17, 12, 0.5, 30);
    auto csr = csr_of<T, I>(d);
    const auto nnz = static_cast<Eigen::Index>(csr.indices.size());

    const Eigen::Map<const Eigen::SparseMatrix<T, Eigen::RowMajor, I>> const_map(
        d.rows, d.cols, nnz, csr.indptr.data(), csr.indices.data(), csr.values.data());
    const auto from_const = csr_view_of(const_map);
    EXPECT_EQ(from_const.values().data(), csr.values.data());
    expect_same_arrays(from_const, csr);

    const Eigen::Map<Eigen::SparseMatrix<T, Eigen::RowMajor, I>> mutable_map(
        d.rows, d.cols, nnz, csr.indptr.data(), csr.indices.data(), csr.values.data());
    const auto from_mutable = csr_view_of(mutable_map);
    EXPECT_EQ(from_mutable.indices().data(), csr.indices.data());
    expect_same_arrays(from_mutable, csr);
}

TYPED_TEST(EigenInteropTyped, ToEigenCopiesInBothStorageOrders) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 40;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const Dense d = random_dense(s.rows, s.cols, 0.4, seed++);
        const auto csr = csr_of<T, I>(d);

        const auto row_major = to_eigen(csr.view());
        static_assert(std::is_same_v<std::remove_const_t<decltype(row_major)>,
                                     Eigen::SparseMatrix<T, Eigen::RowMajor, I>>);
        EXPECT_TRUE(row_major.isCompressed());
        EXPECT_EQ(row_major.nonZeros(), static_cast<Eigen::Index>(csr.indices.size()));
        if (!csr.values.empty()) {
            EXPECT_NE(row_major.valuePtr(), csr.values.data());
        }
        expect_equals_dense(row_major, d);

        const auto col_major = to_eigen<Eigen::ColMajor>(csr.view());
        static_assert(std::is_same_v<std::remove_const_t<decltype(col_major)>,
                                     Eigen::SparseMatrix<T, Eigen::ColMajor, I>>);
        EXPECT_TRUE(col_major.isCompressed());
        EXPECT_EQ(col_major.nonZeros(), static_cast<Eigen::Index>(csr.indices.size()));
        expect_equals_dense(col_major, d);
    }
}

TYPED_TEST(EigenInteropTyped, FromEigenCopiesEveryLayout) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 50;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const Dense d = random_dense(s.rows, s.cols, 0.4, seed++);
        const auto expected = csr_of<T, I>(d);

        const auto row_compressed = compressed_eigen_of<Eigen::RowMajor, T, I>(d);
        const CsrMatrix<T, I> a = from_eigen(row_compressed);
        if (a.nnz() > 0) {
            EXPECT_NE(a.values().data(), row_compressed.valuePtr());
        }
        expect_same_arrays(a.view(), expected);
        expect_same_arrays(from_eigen(compressed_eigen_of<Eigen::ColMajor, T, I>(d)).view(),
                           expected);

        if (s.rows > 0 && s.cols > 0) {
            const auto row_loose = uncompressed_eigen_of<Eigen::RowMajor, T, I>(d);
            const auto col_loose = uncompressed_eigen_of<Eigen::ColMajor, T, I>(d);
            ASSERT_FALSE(row_loose.isCompressed());
            ASSERT_FALSE(col_loose.isCompressed());
            expect_same_arrays(from_eigen(row_loose).view(), expected);
            expect_same_arrays(from_eigen(col_loose).view(), expected);
        }
    }
}

TYPED_TEST(EigenInteropTyped, RoundTripsReproduceTheCsrArrays) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    std::uint64_t seed = 60;
    for (const Shape& s : shapes) {
        SCOPED_TRACE(std::to_string(s.rows) + " x " + std::to_string(s.cols));
        const auto csr = csr_of<T, I>(random_dense(s.rows, s.cols, 0.4, seed++));
        expect_same_arrays(from_eigen(to_eigen<Eigen::ColMajor>(csr.view())).view(), csr);
        expect_same_arrays(from_eigen(to_eigen<Eigen::RowMajor>(csr.view())).view(), csr);
        const auto row_major = to_eigen(csr.view());
        expect_same_arrays(csr_view_of(row_major), csr);
    }
}

TEST(EigenInterop, DefaultViewMapsToTheEmptyMatrix) {
    const CsrView<double, std::int32_t> empty;
    const auto map = eigen_map(empty);
    EXPECT_EQ(map.rows(), 0);
    EXPECT_EQ(map.cols(), 0);
    EXPECT_EQ(map.nonZeros(), 0);
    EXPECT_EQ(to_eigen<Eigen::ColMajor>(empty).nonZeros(), 0);
}

TEST(EigenInterop, UncompressedMatrixCannotBeViewedAndSaysWhatToDo) {
    auto m =
        uncompressed_eigen_of<Eigen::RowMajor, double, std::int32_t>(random_dense(6, 5, 0.5, 70));
    ASSERT_FALSE(m.isCompressed());
    expect_invalid([&] { (void)csr_view_of(m); }, "matrix", {"uncompressed", "makeCompressed()"});
    m.makeCompressed();
    EXPECT_NO_THROW((void)csr_view_of(m));
}

TEST(EigenInterop, BadArraysBehindAMapAreReportedLikeAnyCsrInput) {
    std::vector<std::int32_t> indptr{0, 2, 3};
    std::vector<std::int32_t> indices{2, 0, 1};
    std::vector<double> values{1.0, 2.0, 3.0};
    using Map = Eigen::Map<const Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>>;
    const Map unsorted(2, 3, 3, indptr.data(), indices.data(), values.data());
    expect_invalid([&] { (void)csr_view_of(unsorted); }, "indices",
                   {"unsorted column index 0", "row 0"});

    indices = {0, 2, 1};
    values[2] = std::numeric_limits<double>::quiet_NaN();
    const Map nonfinite(2, 3, 3, indptr.data(), indices.data(), values.data());
    expect_invalid([&] { (void)csr_view_of(nonfinite); }, "values", {"non-finite", "row 1"});
    EXPECT_NO_THROW((void)csr_view_of(nonfinite, {.allow_nonfinite = true}));
}

// Views and maps of temporaries would dangle, so those overloads are deleted.
template <class M>
concept CsrViewable = requires(M&& m) {
    csr_view_of(std::forward<M>(m));
};
template <class M>
concept EigenMappable = requires(M&& m) {
    eigen_map(std::forward<M>(m));
};
using RowMajorMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>;
static_assert(CsrViewable<const RowMajorMatrix&>);
static_assert(!CsrViewable<RowMajorMatrix>);
static_assert(EigenMappable<const CscMatrix<double, std::int32_t>&>);
static_assert(!EigenMappable<CscMatrix<double, std::int32_t>>);

}  // namespace
}  // namespace sparsereg
