#include "sparsereg/data/csr_view.hpp"

#include <gtest/gtest.h>

#include "support/expect_invalid.hpp"
#include "support/storage_types.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {
namespace {

using testing::expect_invalid;

// 3 x 4:
//   [1 0 2 0]
//   [0 0 0 0]
//   [0 3 0 4]
template <class T, class I>
struct Example {
    std::vector<I> indptr{0, 2, 2, 4};
    std::vector<I> indices{0, 2, 1, 3};
    std::vector<T> values{1, 2, 3, 4};
    CsrView<T, I> view() const { return CsrView<T, I>(3, 4, indptr, indices, values); }
};

template <class P>
class CsrViewTyped : public ::testing::Test {};
using Storage = testing::StorageTypes;
TYPED_TEST_SUITE(CsrViewTyped, Storage);

TYPED_TEST(CsrViewTyped, ViewsTheCallersArraysWithoutCopying) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    Example<T, I> ex;
    const auto v = ex.view();
    EXPECT_EQ(v.rows(), 3);
    EXPECT_EQ(v.cols(), 4);
    EXPECT_EQ(v.nnz(), 4);
    EXPECT_EQ(v.values().data(), ex.values.data());
    EXPECT_EQ(v.indices().data(), ex.indices.data());
    EXPECT_EQ(v.row_indices(1).size(), 0u);
    ASSERT_EQ(v.row_indices(2).size(), 2u);
    EXPECT_EQ(v.row_indices(2)[1], 3);
    EXPECT_EQ(v.row_values(2)[1], T(4));
}

TYPED_TEST(CsrViewTyped, OwningMatrixRoundTripsThroughItsView) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    Example<T, I> ex;
    const CsrMatrix<T, I> m(ex.view());
    EXPECT_EQ(std::vector<I>(m.indptr().begin(), m.indptr().end()), ex.indptr);
    EXPECT_EQ(std::vector<T>(m.values().begin(), m.values().end()), ex.values);
    EXPECT_NE(m.values().data(), ex.values.data());
    EXPECT_EQ(m.view().nnz(), 4);
}

TEST(CsrView, DefaultIsTheEmptyMatrixWithAValidIndptr) {
    const CsrView<double, std::int32_t> v;
    EXPECT_EQ(v.rows(), 0);
    ASSERT_EQ(v.indptr().size(), 1u);
    EXPECT_EQ(v.indptr()[0], 0);
    const CsrMatrix<double, std::int32_t> m;
    EXPECT_EQ(m.view().indptr().size(), 1u);
}

using View = CsrView<double, std::int32_t>;

TEST(CsrViewValidation, IndptrOfTheWrongLength) {
    Example<double, std::int32_t> ex;
    ex.indptr.pop_back();
    expect_invalid([&] { (void)ex.view(); }, "indptr", {"has 3 entries", "rows + 1 = 4"});
}

TEST(CsrViewValidation, IndptrNotStartingAtZero) {
    Example<double, std::int32_t> ex;
    ex.indptr[0] = 1;
    expect_invalid([&] { (void)ex.view(); }, "indptr", {"indptr[0] must be 0, got 1"});
}

TEST(CsrViewValidation, DecreasingIndptrNamesTheRow) {
    Example<double, std::int32_t> ex;
    ex.indptr = {0, 3, 2, 4};
    expect_invalid([&] { (void)ex.view(); }, "indptr", {"decreases at row 1", "indptr[1] = 3"});
}

TEST(CsrViewValidation, IndptrEndDisagreesWithIndices) {
    Example<double, std::int32_t> ex;
    ex.indptr.back() = 3;
    expect_invalid([&] { (void)ex.view(); }, "indptr", {"declares 3 nonzeros", "4 entries"});
}

TEST(CsrViewValidation, ValuesAndIndicesOfDifferentLengths) {
    Example<double, std::int32_t> ex;
    ex.values.pop_back();
    expect_invalid([&] { (void)ex.view(); }, "values", {"has 3 entries", "indices has 4"});
}

TEST(CsrViewValidation, ColumnOutOfRangeNamesRowAndPosition) {
    Example<double, std::int32_t> ex;
    ex.indices[3] = 4;
    expect_invalid([&] { (void)ex.view(); }, "indices",
                   {"column index 4", "row 2, position 1", "entry 3", "[0, 4)"});
    ex.indices[3] = -1;
    expect_invalid([&] { (void)ex.view(); }, "indices", {"column index -1", "row 2"});
}

TEST(CsrViewValidation, UnsortedAndDuplicateIndices) {
    Example<double, std::int32_t> ex;
    ex.indices = {2, 0, 1, 3};
    expect_invalid([&] { (void)ex.view(); }, "indices", {"unsorted column index 0", "row 0"});
    ex.indices = {0, 2, 3, 3};
    expect_invalid([&] { (void)ex.view(); }, "indices", {"duplicate column index 3", "row 2"});
}

TEST(CsrViewValidation, NonFiniteValuesRejectedUnlessAllowed) {
    Example<double, std::int32_t> ex;
    ex.values[2] = std::numeric_limits<double>::quiet_NaN();
    expect_invalid([&] { (void)ex.view(); }, "values", {"non-finite", "row 2, position 0"});
    EXPECT_NO_THROW((View(3, 4, ex.indptr, ex.indices, ex.values, {.allow_nonfinite = true})));
    ex.values[2] = -std::numeric_limits<double>::infinity();
    expect_invalid([&] { (void)ex.view(); }, "values", {"non-finite", "-inf"});
}

TEST(CsrViewValidation, NegativeDimensions) {
    std::vector<std::int32_t> indptr{0};
    expect_invalid([&] { (void)View(-1, 4, indptr, {}, {}); }, "rows", {"-1"});
    expect_invalid([&] { (void)View(0, -2, indptr, {}, {}); }, "cols", {"-2"});
}

TEST(CsrViewValidation, HugeDeclaredNonzeroCountFailsWithoutAllocating) {
    // A view that claims 2^40 nonzeros over short arrays must be refused by a
    // size check, not by reading or allocating that much.
    std::vector<std::int64_t> indptr{0, std::int64_t{1} << 40};
    std::vector<std::int64_t> indices{0};
    std::vector<double> values{1.0};
    expect_invalid([&] { (void)CsrView<double, std::int64_t>(1, 1, indptr, indices, values); },
                   "indptr", {"declares 1099511627776 nonzeros"});
}

TEST(CsrViewValidation, ReportsTheFirstBadRowWhateverTheThreadCount) {
    // Many rows so the scan is split across blocks; two bad rows far apart.
    const int rows = 50000;
    std::vector<std::int32_t> indptr(rows + 1), indices(rows);
    std::vector<double> values(rows, 1.0);
    for (int r = 0; r < rows; ++r) {
        indptr[r + 1] = r + 1;
        indices[r] = r % 7;
    }
    indices[12345] = 9;
    indices[40000] = 9;
    for (int threads : {1, 2, 8}) {
        expect_invalid(
            [&] { (void)View(rows, 7, indptr, indices, values, {.threads = threads}); },
            "indices", {"row 12345,"});
    }
}

}  // namespace
}  // namespace sparsereg
