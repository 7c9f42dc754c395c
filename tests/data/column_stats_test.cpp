#include "sparsereg/data/column_stats.hpp"

#include <gtest/gtest.h>

#include "support/expect_invalid.hpp"
#include "support/storage_types.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {
namespace {

using testing::expect_invalid;

// Dense row-major values exactly representable in T; stored entries are the
// nonzeros plus any listed as explicit zeros.
struct Dense {
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::vector<double> a;
    std::vector<bool> explicit_zero;
    Dense(std::int64_t r, std::int64_t c)
        : rows(r),
          cols(c),
          a(static_cast<std::size_t>(r * c), 0.0),
          explicit_zero(static_cast<std::size_t>(r * c), false) {}
    double& at(std::int64_t i, std::int64_t j) { return a[static_cast<std::size_t>(i * cols + j)]; }
    double at(std::int64_t i, std::int64_t j) const {
        return a[static_cast<std::size_t>(i * cols + j)];
    }
    bool stored(std::int64_t i, std::int64_t j) const {
        return at(i, j) != 0.0 || explicit_zero[static_cast<std::size_t>(i * cols + j)];
    }
};

template <class T, class I>
CscMatrix<T, I> csc_of(const Dense& d) {
    std::vector<I> indptr{0};
    std::vector<I> indices;
    std::vector<T> values;
    for (std::int64_t i = 0; i < d.rows; ++i) {
        for (std::int64_t j = 0; j < d.cols; ++j) {
            if (d.stored(i, j)) {
                indices.push_back(static_cast<I>(j));
                values.push_back(static_cast<T>(d.at(i, j)));
            }
        }
        indptr.push_back(static_cast<I>(indices.size()));
    }
    const CsrView<T, I> view(static_cast<I>(d.rows), static_cast<I>(d.cols), indptr, indices,
                             values);
    return CscMatrix<T, I>::from_csr(view);
}

template <class T>
double representable(double v) {
    return static_cast<double>(static_cast<T>(v));
}

// Columns of varied kinds: sparse random, dense random, a large mean with a
// small spread (which the textbook Σ w x² / W − m² formula gets badly wrong)
// and an empty one.
template <class T>
Dense random_dense(std::int64_t rows, std::int64_t cols, std::uint64_t seed) {
    Dense d(rows, cols);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> value(-3.0, 5.0);
    std::uniform_real_distribution<double> density(0.05, 0.9);
    std::normal_distribution<double> noise(0.0, 0.25);
    for (std::int64_t j = 0; j < cols; ++j) {
        const int kind = static_cast<int>(j % 4);
        std::bernoulli_distribution present(density(rng));
        for (std::int64_t i = 0; i < rows; ++i) {
            if (kind == 0 && present(rng)) d.at(i, j) = representable<T>(value(rng));
            if (kind == 1) d.at(i, j) = representable<T>(value(rng));
            if (kind == 2) d.at(i, j) = representable<T>(1000.0 + noise(rng));
        }
    }
    return d;
}

std::vector<double> random_weights(std::int64_t rows, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> weight(0.0, 3.0);
    std::vector<double> w(static_cast<std::size_t>(rows));
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = i % 6 == 1 ? 0.0 : weight(rng);
    return w;
}

struct Reference {
    std::vector<long double> mean, scale, squared_norm;
    long double weight_sum = 0;
};

// The definitions, read straight off the dense matrix in long double.
Reference dense_stats(const Dense& d, const std::vector<double>& weights) {
    auto w = [&](std::int64_t i) {
        return weights.empty() ? 1.0L
                               : static_cast<long double>(weights[static_cast<std::size_t>(i)]);
    };
    Reference ref;
    for (std::int64_t i = 0; i < d.rows; ++i) ref.weight_sum += w(i);
    for (std::int64_t j = 0; j < d.cols; ++j) {
        long double sum = 0, squares = 0;
        for (std::int64_t i = 0; i < d.rows; ++i) {
            sum += w(i) * d.at(i, j);
            squares += w(i) * d.at(i, j) * d.at(i, j);
        }
        const long double mean = sum / ref.weight_sum;
        long double deviations = 0;
        for (std::int64_t i = 0; i < d.rows; ++i) {
            deviations += w(i) * (d.at(i, j) - mean) * (d.at(i, j) - mean);
        }
        ref.mean.push_back(mean);
        ref.scale.push_back(std::sqrt(deviations / ref.weight_sum));
        ref.squared_norm.push_back(squares);
    }
    return ref;
}

void expect_close(const ColumnStats& got, const Reference& ref) {
    ASSERT_EQ(got.mean.size(), ref.mean.size());
    ASSERT_EQ(got.scale.size(), ref.mean.size());
    ASSERT_EQ(got.squared_norm.size(), ref.mean.size());
    constexpr long double tolerance = 1e-13L;
    EXPECT_NEAR(got.weight_sum, ref.weight_sum, tolerance * ref.weight_sum);
    for (std::size_t j = 0; j < ref.mean.size(); ++j) {
        EXPECT_NEAR(got.mean[j], ref.mean[j], tolerance * std::max(1.0L, std::abs(ref.mean[j])))
            << "column " << j;
        EXPECT_NEAR(got.scale[j], ref.scale[j], tolerance * std::max(1.0L, ref.scale[j]))
            << "column " << j;
        EXPECT_NEAR(got.squared_norm[j], ref.squared_norm[j],
                    tolerance * std::max(1.0L, ref.squared_norm[j]))
            << "column " << j;
    }
}

template <class P>
class ColumnStatsTyped : public ::testing::Test {};
using Storage = testing::StorageTypes;
TYPED_TEST_SUITE(ColumnStatsTyped, Storage);

TYPED_TEST(ColumnStatsTyped, MatchesADenseLongDoubleComputation) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const Dense d = random_dense<T>(300, 41, 1);
    const auto X = csc_of<T, I>(d);
    const std::vector<double> weights = random_weights(d.rows, 2);
    {
        SCOPED_TRACE("unit weights");
        expect_close(compute_column_stats(X), dense_stats(d, {}));
    }
    {
        SCOPED_TRACE("random weights, some 0");
        expect_close(compute_column_stats(X, weights), dense_stats(d, weights));
    }
}

// Round-off in Σ w x / W would make these columns' scales tiny but positive.
TYPED_TEST(ColumnStatsTyped, ConstantColumnsGetScaleExactlyZero) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const std::int64_t rows = 1000;
    Dense d(rows, 6);
    std::vector<double> weights = random_weights(rows, 3);
    const double c = representable<T>(0.1);
    // Column 0: c in every row. 1: -c wherever the weight is positive, other values
    // or implicit zeros elsewhere. 2: empty. 3: explicit zeros in some rows. 4: nonzero
    // only where the weight is 0. 5: c in half the rows, so not constant.
    for (std::int64_t i = 0; i < rows; ++i) {
        const bool weightless = weights[static_cast<std::size_t>(i)] == 0.0;
        d.at(i, 0) = c;
        d.at(i, 1) = weightless ? (i % 4 == 1 ? 0.0 : 7.0) : -c;
        d.explicit_zero[static_cast<std::size_t>(i * d.cols + 3)] = i % 3 == 0;
        d.at(i, 4) = weightless ? 5.0 : 0.0;
        d.at(i, 5) = i % 2 == 0 ? c : 0.0;
    }
    const auto X = csc_of<T, I>(d);
    ASSERT_GT(X.col_rows(3).size(), 0u);
    for (const auto& w : {std::vector<double>{}, weights}) {
        SCOPED_TRACE(w.empty() ? "unit weights" : "random weights");
        const ColumnStats stats = compute_column_stats(X, w);
        EXPECT_EQ(stats.scale[0], 0.0);
        EXPECT_EQ(stats.mean[0], c);
        EXPECT_EQ(stats.scale[2], 0.0);
        EXPECT_EQ(stats.mean[2], 0.0);
        EXPECT_EQ(stats.squared_norm[2], 0.0);
        EXPECT_EQ(stats.scale[3], 0.0);
        EXPECT_EQ(stats.mean[3], 0.0);
        EXPECT_GT(stats.scale[5], 0.1 * c);
        if (!w.empty()) {
            EXPECT_EQ(stats.scale[1], 0.0);
            EXPECT_EQ(stats.mean[1], -c);
            EXPECT_EQ(stats.scale[4], 0.0);
            EXPECT_EQ(stats.mean[4], 0.0);
            EXPECT_EQ(stats.squared_norm[4], 0.0);
        } else {
            EXPECT_GT(stats.scale[1], 0.0);
            EXPECT_GT(stats.scale[4], 0.0);
        }
        const Reference ref = dense_stats(d, w);
        EXPECT_NEAR(stats.squared_norm[0], ref.squared_norm[0], 1e-13L * ref.squared_norm[0]);
        EXPECT_NEAR(stats.scale[5], ref.scale[5], 1e-13L);
    }
}

TEST(ColumnStats, MatrixWithoutColumnsHasOnlyAWeightSum) {
    const auto X = csc_of<double, std::int32_t>(Dense(5, 0));
    const ColumnStats stats = compute_column_stats(X);
    EXPECT_TRUE(stats.mean.empty());
    EXPECT_TRUE(stats.scale.empty());
    EXPECT_TRUE(stats.squared_norm.empty());
    EXPECT_EQ(stats.weight_sum, 5.0);
}

TEST(ColumnStats, UnitWeightsAreTheSameBitsAsExplicitOnes) {
    const Dense d = random_dense<double>(200, 30, 4);
    const auto X = csc_of<double, std::int64_t>(d);
    const std::vector<double> ones(200, 1.0);
    const ColumnStats unit = compute_column_stats(X);
    const ColumnStats explicit_ones = compute_column_stats(X, ones);
    EXPECT_EQ(unit.mean, explicit_ones.mean);
    EXPECT_EQ(unit.scale, explicit_ones.scale);
    EXPECT_EQ(unit.squared_norm, explicit_ones.squared_norm);
    EXPECT_EQ(unit.weight_sum, 200.0);
}

// Scaling every weight by a power of two scales every weighted sum exactly.
TEST(ColumnStats, MeansAndScalesDependOnlyOnTheWeightsRatios) {
    const Dense d = random_dense<double>(120, 20, 5);
    const auto X = csc_of<double, std::int32_t>(d);
    std::vector<double> w = random_weights(d.rows, 6);
    const ColumnStats a = compute_column_stats(X, w);
    for (double& wi : w) wi *= 4.0;
    const ColumnStats b = compute_column_stats(X, w);
    EXPECT_EQ(a.mean, b.mean);
    EXPECT_EQ(a.scale, b.scale);
    EXPECT_EQ(b.weight_sum, 4.0 * a.weight_sum);
    for (std::size_t j = 0; j < a.squared_norm.size(); ++j) {
        EXPECT_EQ(b.squared_norm[j], 4.0 * a.squared_norm[j]);
    }
}

std::vector<std::uint64_t> bits(const std::vector<double>& v) {
    std::vector<std::uint64_t> out;
    for (double x : v) out.push_back(std::bit_cast<std::uint64_t>(x));
    return out;
}

TEST(ColumnStats, SameBitsForAnyThreadCount) {
    const Dense d = random_dense<float>(3000, 1500, 7);
    const auto X = csc_of<float, std::int32_t>(d);
    const std::vector<double> w = random_weights(d.rows, 8);
    const ColumnStats one = compute_column_stats(X, w, {.threads = 1});
    for (int threads : {2, 8}) {
        const ColumnStats many = compute_column_stats(X, w, {.threads = threads});
        EXPECT_EQ(bits(many.mean), bits(one.mean)) << threads << " threads";
        EXPECT_EQ(bits(many.scale), bits(one.scale)) << threads << " threads";
        EXPECT_EQ(bits(many.squared_norm), bits(one.squared_norm)) << threads << " threads";
        EXPECT_EQ(std::bit_cast<std::uint64_t>(many.weight_sum),
                  std::bit_cast<std::uint64_t>(one.weight_sum));
    }
}

TEST(ColumnStatsValidation, BadWeightsAreNamedWithIndexAndValue) {
    const auto X = csc_of<double, std::int32_t>(random_dense<double>(4, 3, 9));
    auto stats = [&](std::vector<double> w) {
        return [&X, w] { (void)compute_column_stats(X, w); };
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const double huge = std::numeric_limits<double>::max();
    expect_invalid(stats({1, 1, 1}), "weights", {"has 3 entries", "X has 4 rows"});
    expect_invalid(stats({1, 1, -1.5, 1}), "weights", {"weights[2] = -1.5", "negative", ">= 0"});
    expect_invalid(stats({1, nan, 1, 1}), "weights", {"weights[1] = nan", "not finite"});
    expect_invalid(stats({1, 1, 1, inf}), "weights", {"weights[3] = inf", "not finite"});
    expect_invalid(stats({1e-300, 1, -1e-300, 1}), "weights", {"weights[2] = -1e-300"});
    expect_invalid(stats({0, 0, 0, 0}), "weights", {"sum to 0", "positive"});
    expect_invalid(stats({huge, huge, 0, 0}), "weights", {"sum", "largest double"});
    EXPECT_NO_THROW(stats({0, 0, 2, 0})());
}

TEST(ColumnStatsValidation, ReportsTheFirstBadWeightWhateverTheThreadCount) {
    const std::int64_t rows = 300000;  // several validation blocks
    const auto X = csc_of<double, std::int32_t>(Dense(rows, 1));
    std::vector<double> w(static_cast<std::size_t>(rows), 1.0);
    w[123456] = -2.0;
    w[250000] = -3.0;
    for (int threads : {1, 2, 8}) {
        expect_invalid([&] { (void)compute_column_stats(X, w, {.threads = threads}); }, "weights",
                       {"weights[123456] = -2"});
    }
}

TEST(ColumnStatsValidation, MatrixWithoutRowsAndBadThreadCount) {
    const auto empty = csc_of<double, std::int32_t>(Dense(0, 3));
    expect_invalid([&] { (void)compute_column_stats(empty); }, "X", {"no rows"});
    const auto X = csc_of<double, std::int32_t>(Dense(2, 2));
    expect_invalid([&] { (void)compute_column_stats(X, {}, {.threads = -1}); }, "threads", {"-1"});
}

}  // namespace
}  // namespace sparsereg
