// Every SIMD kernel table against the scalar reference table, on awkward
// lengths and misaligned pointers, for all four (value, index) types; plus the
// properties the solvers rely on: the prox is ElasticNet::prox bit for bit,
// the logistic terms are accurate against long double, results repeat exactly.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernels.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::kernels {
namespace {

constexpr std::size_t awkward_lengths[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 1023, 1024, 1025, 4099};
constexpr std::size_t max_offset = 3;     // pointers start 0..3 elements past an allocation
constexpr std::size_t dense_size = 5000;  // the gathered vectors: more than the longest index list
constexpr double reduction_tolerance = 1e-13;  // times Σ|terms|: far above reordering error
constexpr double tiny = 1e-300;

std::vector<const KernelTable*> simd_tables() {
    std::vector<const KernelTable*> tables;
    for (const InstructionSet isa : available_instruction_sets()) {
        if (isa != InstructionSet::scalar) tables.push_back(kernels_for(isa));
    }
    return tables;
}

const KernelTable& reference() { return *kernels_for(InstructionSet::scalar); }

std::uint64_t bits(double value) { return std::bit_cast<std::uint64_t>(value); }

// A buffer whose data() is `offset` elements past the start of its allocation,
// so SIMD loads meet every misalignment.
template <class T>
class Shifted {
public:
    Shifted(std::size_t size, std::size_t offset) : storage_(size + offset), offset_(offset) {}
    T* data() { return storage_.data() + offset_; }
    const T* data() const { return storage_.data() + offset_; }
    T& operator[](std::size_t i) { return data()[i]; }
    const T& operator[](std::size_t i) const { return data()[i]; }

private:
    std::vector<T> storage_;
    std::size_t offset_;
};

template <class T>
Shifted<T> uniform(std::mt19937_64& rng, std::size_t size, std::size_t offset, double low, double high) {
    std::uniform_real_distribution<double> draw(low, high);
    Shifted<T> values(size, offset);
    for (std::size_t i = 0; i < size; ++i) values[i] = static_cast<T>(draw(rng));
    return values;
}

// Distinct indices in [0, dense_size), ascending, as the sparse kernels
// require (the rows of a CSC column, the columns of a CSR row).
template <class I>
Shifted<I> distinct_indices(std::mt19937_64& rng, std::size_t size, std::size_t offset) {
    std::vector<I> all(dense_size);
    std::iota(all.begin(), all.end(), I{0});
    std::shuffle(all.begin(), all.end(), rng);
    std::sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(size));
    Shifted<I> indices(size, offset);
    std::copy_n(all.begin(), size, indices.data());
    return indices;
}

std::string where(const KernelTable& table, std::size_t length, std::size_t offset) {
    return std::string(to_string(table.isa)) + " length " + std::to_string(length) + " offset " +
           std::to_string(offset);
}

// ---- selection -------------------------------------------------------------

TEST(KernelSelection, ScalarFirstAndAvx2PreferredOverAvx512) {
    const std::vector<InstructionSet> sets = available_instruction_sets();
    ASSERT_FALSE(sets.empty());
    EXPECT_EQ(sets.front(), InstructionSet::scalar);
    const auto has = [&sets](InstructionSet isa) {
        return std::find(sets.begin(), sets.end(), isa) != sets.end();
    };
    const InstructionSet preferred = has(InstructionSet::avx2_fma)  ? InstructionSet::avx2_fma
                                     : has(InstructionSet::avx512f) ? InstructionSet::avx512f
                                     : has(InstructionSet::sse2)    ? InstructionSet::sse2
                                                                    : InstructionSet::scalar;
    if (std::getenv("SPARSEREG_INSTRUCTION_SET") == nullptr) {
        EXPECT_EQ(best_kernels().isa, preferred);
        EXPECT_EQ(&best_kernels(), kernels_for(preferred));
    }
    for (const InstructionSet isa : sets) {
        ASSERT_NE(kernels_for(isa), nullptr) << to_string(isa);
        EXPECT_EQ(kernels_for(isa)->isa, isa);
    }
}

TEST(KernelSelection, Names) {
    EXPECT_STREQ(to_string(InstructionSet::scalar), "scalar");
    EXPECT_STREQ(to_string(InstructionSet::sse2), "sse2");
    EXPECT_STREQ(to_string(InstructionSet::avx2_fma), "avx2+fma");
    EXPECT_STREQ(to_string(InstructionSet::avx512f), "avx512f");
}

TEST(KernelSelection, SparsePicksTheMatchingMember) {
    const KernelTable& t = best_kernels();
    const auto* f32_i32 = &t.sparse<float, std::int32_t>();
    const auto* f32_i64 = &t.sparse<float, std::int64_t>();
    const auto* f64_i32 = &t.sparse<double, std::int32_t>();
    const auto* f64_i64 = &t.sparse<double, std::int64_t>();
    EXPECT_EQ(f32_i32, &t.f32_i32);
    EXPECT_EQ(f32_i64, &t.f32_i64);
    EXPECT_EQ(f64_i32, &t.f64_i32);
    EXPECT_EQ(f64_i64, &t.f64_i64);
}

// ---- sparse kernels --------------------------------------------------------

// The vectors the sparse kernels gather from: x for the dot, the weights v and
// residuals r for the weighted sums, drawn in that order.
struct GatheredVectors {
    Shifted<double> x, v, r;
    explicit GatheredVectors(std::mt19937_64& rng)
        : x(uniform<double>(rng, dense_size, 0, -1.0, 1.0)),
          v(uniform<double>(rng, dense_size, 0, 0.0, 2.0)),
          r(uniform<double>(rng, dense_size, 0, -3.0, 3.0)) {}
};

template <class Pair>
class SparseKernelsTest : public ::testing::Test {};

template <class T, class I>
struct Types {
    using value = T;
    using index = I;
};
using AllTypes = ::testing::Types<Types<float, std::int32_t>, Types<float, std::int64_t>,
                                  Types<double, std::int32_t>, Types<double, std::int64_t>>;
TYPED_TEST_SUITE(SparseKernelsTest, AllTypes);

TYPED_TEST(SparseKernelsTest, GatherReductionsMatchScalar) {
    using T = typename TypeParam::value;
    using I = typename TypeParam::index;
    std::mt19937_64 rng(20240601);
    const GatheredVectors gathered(rng);
    const auto& [x, v, r] = gathered;
    const SparseKernels<T, I>& ref = reference().sparse<T, I>();
    for (const KernelTable* table : simd_tables()) {
        const SparseKernels<T, I>& simd = table->sparse<T, I>();
        for (const std::size_t n : awkward_lengths) {
            for (std::size_t offset = 0; offset <= max_offset; ++offset) {
                SCOPED_TRACE(where(*table, n, offset));
                const auto vals = uniform<T>(rng, n, offset, -1.0, 1.0);
                const auto idx = distinct_indices<I>(rng, n, offset);

                double abs_dot = 0, abs_weighted = 0, abs_vx = 0, abs_vxx = 0, abs_vxr = 0;
                for (std::size_t k = 0; k < n; ++k) {
                    const double xk = static_cast<double>(vals[k]);
                    const auto i = static_cast<std::size_t>(idx[k]);
                    abs_dot += std::abs(xk * x[i]);
                    abs_weighted += std::abs(xk * v[i] * r[i]);
                    abs_vx += std::abs(v[i] * xk);
                    abs_vxx += std::abs(v[i] * xk * xk);
                    abs_vxr += std::abs(v[i] * xk * r[i]);
                }

                const double dot = simd.gather_dot(vals.data(), idx.data(), n, x.data());
                EXPECT_NEAR(dot, ref.gather_dot(vals.data(), idx.data(), n, x.data()),
                            reduction_tolerance * abs_dot + tiny);
                EXPECT_EQ(bits(dot), bits(simd.gather_dot(vals.data(), idx.data(), n, x.data())));

                const double weighted = simd.gather_dot_weighted(vals.data(), idx.data(), n, v.data(), r.data());
                EXPECT_NEAR(weighted, ref.gather_dot_weighted(vals.data(), idx.data(), n, v.data(), r.data()),
                            reduction_tolerance * abs_weighted + tiny);
                EXPECT_EQ(bits(weighted),
                          bits(simd.gather_dot_weighted(vals.data(), idx.data(), n, v.data(), r.data())));

                double moments[3], expected[3], again[3];
                simd.gather_moments(vals.data(), idx.data(), n, v.data(), r.data(), moments);
                ref.gather_moments(vals.data(), idx.data(), n, v.data(), r.data(), expected);
                simd.gather_moments(vals.data(), idx.data(), n, v.data(), r.data(), again);
                EXPECT_NEAR(moments[0], expected[0], reduction_tolerance * abs_vx + tiny);
                EXPECT_NEAR(moments[1], expected[1], reduction_tolerance * abs_vxx + tiny);
                EXPECT_NEAR(moments[2], expected[2], reduction_tolerance * abs_vxr + tiny);
                for (int m = 0; m < 3; ++m) EXPECT_EQ(bits(moments[m]), bits(again[m]));
            }
        }
    }
}

// A dense column's rows are one run, which the SIMD kernels read and update
// with plain loads and stores: the same values in the same order as gathering
// them from anywhere else, so the same bits as the same values spread out
// (every other entry), and nothing outside the run written.
TYPED_TEST(SparseKernelsTest, OneRunOfRowsGivesTheBitsOfTheSameValuesGatheredAndScattered) {
    using T = typename TypeParam::value;
    using I = typename TypeParam::index;
    std::mt19937_64 rng(31);
    const GatheredVectors gathered(rng);
    const auto& [x, v, r] = gathered;
    const SparseKernels<T, I>& ref = reference().sparse<T, I>();
    for (const KernelTable* table : simd_tables()) {
        const SparseKernels<T, I>& simd = table->sparse<T, I>();
        for (const std::size_t n : awkward_lengths) {
            if (2 * n > dense_size) continue;
            const std::size_t start = 7;
            SCOPED_TRACE(where(*table, n, start));
            const auto vals = uniform<T>(rng, n, 1, -1.0, 1.0);
            Shifted<I> run(n, 1), spread(n, 1);
            std::vector<double> x2(2 * n + 1), v2(2 * n + 1), r2(2 * n + 1);
            for (std::size_t k = 0; k < n; ++k) {
                run[k] = static_cast<I>(start + k);
                spread[k] = static_cast<I>(2 * k);
                x2[2 * k] = x[start + k];
                v2[2 * k] = v[start + k];
                r2[2 * k] = r[start + k];
            }
            const double dot = simd.gather_dot(vals.data(), run.data(), n, x.data());
            EXPECT_EQ(bits(dot), bits(simd.gather_dot(vals.data(), spread.data(), n, x2.data())));
            EXPECT_NEAR(dot, ref.gather_dot(vals.data(), run.data(), n, x.data()), 1e-12 * static_cast<double>(n));
            const double weighted = simd.gather_dot_weighted(vals.data(), run.data(), n, v.data(), r.data());
            EXPECT_EQ(bits(weighted),
                      bits(simd.gather_dot_weighted(vals.data(), spread.data(), n, v2.data(), r2.data())));
            EXPECT_NEAR(weighted, ref.gather_dot_weighted(vals.data(), run.data(), n, v.data(), r.data()),
                        1e-11 * static_cast<double>(n));
            double moments[3], moments_spread[3], expected[3];
            simd.gather_moments(vals.data(), run.data(), n, v.data(), r.data(), moments);
            simd.gather_moments(vals.data(), spread.data(), n, v2.data(), r2.data(), moments_spread);
            ref.gather_moments(vals.data(), run.data(), n, v.data(), r.data(), expected);
            for (int m = 0; m < 3; ++m) {
                EXPECT_EQ(bits(moments[m]), bits(moments_spread[m])) << m;
                EXPECT_NEAR(moments[m], expected[m], 1e-11 * static_cast<double>(n)) << m;
            }
            std::vector<double> y_run(x.data(), x.data() + dense_size), y_spread = x2, y_ref = y_run;
            simd.scatter_axpy(-1.375, vals.data(), run.data(), n, y_run.data());
            simd.scatter_axpy(-1.375, vals.data(), spread.data(), n, y_spread.data());
            ref.scatter_axpy(-1.375, vals.data(), run.data(), n, y_ref.data());
            for (std::size_t k = 0; k < n; ++k) {
                ASSERT_EQ(bits(y_run[start + k]), bits(y_spread[2 * k])) << k;
                ASSERT_NEAR(y_run[start + k], y_ref[start + k], 4e-15) << k;
            }
            ASSERT_EQ(bits(y_run[start - 1]), bits(x[start - 1]));
            if (start + n < dense_size) {
                ASSERT_EQ(bits(y_run[start + n]), bits(x[start + n]));
            }
        }
    }
}

TYPED_TEST(SparseKernelsTest, ScatterAxpyMatchesScalar) {
    using T = typename TypeParam::value;
    using I = typename TypeParam::index;
    std::mt19937_64 rng(7);
    const SparseKernels<T, I>& ref = reference().sparse<T, I>();
    const double a = -1.375;
    for (const KernelTable* table : simd_tables()) {
        const SparseKernels<T, I>& simd = table->sparse<T, I>();
        for (const std::size_t n : awkward_lengths) {
            for (std::size_t offset = 0; offset <= max_offset; ++offset) {
                SCOPED_TRACE(where(*table, n, offset));
                const auto vals = uniform<T>(rng, n, offset, -1.0, 1.0);
                const auto idx = distinct_indices<I>(rng, n, offset);
                const auto y0 = uniform<double>(rng, dense_size, offset, -2.0, 2.0);
                Shifted<double> y_simd = y0, y_ref = y0, y_again = y0;
                simd.scatter_axpy(a, vals.data(), idx.data(), n, y_simd.data());
                ref.scatter_axpy(a, vals.data(), idx.data(), n, y_ref.data());
                simd.scatter_axpy(a, vals.data(), idx.data(), n, y_again.data());
                std::vector<double> scale(dense_size, 0.0);  // |y| + |a val| where touched
                for (std::size_t k = 0; k < n; ++k) {
                    const auto i = static_cast<std::size_t>(idx[k]);
                    scale[i] = std::abs(y0[i]) + std::abs(a * static_cast<double>(vals[k]));
                }
                for (std::size_t i = 0; i < dense_size; ++i) {
                    if (scale[i] == 0.0) {
                        ASSERT_EQ(bits(y_simd[i]), bits(y0[i])) << "untouched entry " << i << " changed";
                    } else {
                        ASSERT_NEAR(y_simd[i], y_ref[i], 2 * std::numeric_limits<double>::epsilon() * scale[i])
                            << "entry " << i;
                    }
                    ASSERT_EQ(bits(y_simd[i]), bits(y_again[i]));
                }
            }
        }
    }
}

TYPED_TEST(SparseKernelsTest, SpmvBlockMatchesScalar) {
    using T = typename TypeParam::value;
    using I = typename TypeParam::index;
    std::mt19937_64 rng(99);
    const auto x = uniform<double>(rng, dense_size, 0, -1.0, 1.0);
    // One outer index per awkward length, twice over, shuffled.
    std::vector<std::size_t> lengths(std::begin(awkward_lengths), std::end(awkward_lengths));
    lengths.insert(lengths.end(), std::begin(awkward_lengths), std::end(awkward_lengths));
    std::shuffle(lengths.begin(), lengths.end(), rng);
    const std::size_t outer = lengths.size();
    const SparseKernels<T, I>& ref = reference().sparse<T, I>();
    for (std::size_t offset = 0; offset <= max_offset; ++offset) {
        Shifted<I> ptr(outer + 1, offset);
        ptr[0] = 0;
        for (std::size_t o = 0; o < outer; ++o) ptr[o + 1] = ptr[o] + static_cast<I>(lengths[o]);
        const auto nnz = static_cast<std::size_t>(ptr[outer]);
        const auto vals = uniform<T>(rng, nnz, offset, -1.0, 1.0);
        Shifted<I> idx(nnz, offset);
        for (std::size_t o = 0; o < outer; ++o) {
            const auto column = distinct_indices<I>(rng, lengths[o], 0);
            std::copy_n(column.data(), lengths[o], idx.data() + ptr[o]);
        }

        for (const KernelTable* table : simd_tables()) {
            SCOPED_TRACE(where(*table, nnz, offset));
            const SparseKernels<T, I>& simd = table->sparse<T, I>();
            for (const auto& [begin, end] : {std::pair<std::size_t, std::size_t>{0, outer}, {3, 17}, {5, 5}}) {
                std::vector<double> out(end - begin + 1, -7.0), expected(end - begin + 1, -7.0);
                simd.spmv_block(ptr.data(), idx.data(), vals.data(), begin, end, x.data(), out.data());
                ref.spmv_block(ptr.data(), idx.data(), vals.data(), begin, end, x.data(), expected.data());
                for (std::size_t o = begin; o < end; ++o) {
                    double abs_sum = 0;
                    for (auto k = static_cast<std::size_t>(ptr[o]); k < static_cast<std::size_t>(ptr[o + 1]); ++k) {
                        abs_sum += std::abs(static_cast<double>(vals[k]) * x[static_cast<std::size_t>(idx[k])]);
                    }
                    EXPECT_NEAR(out[o - begin], expected[o - begin], reduction_tolerance * abs_sum + tiny) << o;
                    // A column of the block is the same call as gather_dot on it.
                    EXPECT_EQ(bits(out[o - begin]),
                              bits(simd.gather_dot(vals.data() + ptr[o], idx.data() + ptr[o],
                                                   static_cast<std::size_t>(ptr[o + 1] - ptr[o]), x.data())));
                }
                EXPECT_EQ(out[end - begin], -7.0) << "wrote past the block";
            }
        }
    }
}

TYPED_TEST(SparseKernelsTest, EmptyInputsMayBeNull) {
    using T = typename TypeParam::value;
    using I = typename TypeParam::index;
    for (const InstructionSet isa : available_instruction_sets()) {
        const SparseKernels<T, I>& k = kernels_for(isa)->sparse<T, I>();
        EXPECT_EQ(k.gather_dot(nullptr, nullptr, 0, nullptr), 0.0);
        EXPECT_EQ(k.gather_dot_weighted(nullptr, nullptr, 0, nullptr, nullptr), 0.0);
        double out[3] = {1, 1, 1};
        k.gather_moments(nullptr, nullptr, 0, nullptr, nullptr, out);
        EXPECT_EQ(out[0] + out[1] + out[2], 0.0);
        k.scatter_axpy(2.0, nullptr, nullptr, 0, nullptr);
    }
}

// ---- dense kernels ---------------------------------------------------------

TEST(DenseKernels, ReductionsMatchScalar) {
    std::mt19937_64 rng(3);
    const DenseKernels& ref = reference().dense;
    for (const KernelTable* table : simd_tables()) {
        const DenseKernels& simd = table->dense;
        for (const std::size_t n : awkward_lengths) {
            for (std::size_t offset = 0; offset <= max_offset; ++offset) {
                SCOPED_TRACE(where(*table, n, offset));
                const auto a = uniform<double>(rng, n, offset, -4.0, 4.0);
                const auto b = uniform<double>(rng, n, max_offset - offset, -4.0, 4.0);
                double abs_dot = 0, squares = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    abs_dot += std::abs(a[i] * b[i]);
                    squares += a[i] * a[i];
                }
                const double dot = simd.dot(a.data(), b.data(), n);
                EXPECT_NEAR(dot, ref.dot(a.data(), b.data(), n), reduction_tolerance * abs_dot + tiny);
                EXPECT_EQ(bits(dot), bits(simd.dot(a.data(), b.data(), n)));
                const double ss = simd.sum_squares(a.data(), n);
                EXPECT_NEAR(ss, ref.sum_squares(a.data(), n), reduction_tolerance * squares + tiny);
                EXPECT_EQ(bits(ss), bits(simd.sum_squares(a.data(), n)));
                EXPECT_EQ(bits(simd.max_abs(a.data(), n)), bits(ref.max_abs(a.data(), n)));
            }
        }
    }
}

TEST(DenseKernels, AxpyMatchesScalarAndIgnoresWhereTheArrayIsCut) {
    std::mt19937_64 rng(4);
    const double a = 0.3125;
    for (const KernelTable* table : simd_tables()) {
        for (const std::size_t n : awkward_lengths) {
            for (std::size_t offset = 0; offset <= max_offset; ++offset) {
                SCOPED_TRACE(where(*table, n, offset));
                const auto x = uniform<double>(rng, n, offset, -4.0, 4.0);
                const auto y0 = uniform<double>(rng, n + 1, max_offset - offset, -4.0, 4.0);
                Shifted<double> y = y0, y_ref = y0, y_split = y0;
                table->dense.axpy(a, x.data(), y.data(), n);
                reference().dense.axpy(a, x.data(), y_ref.data(), n);
                // The same update in two calls cut at an odd place: same bits.
                const std::size_t cut = n / 3;
                table->dense.axpy(a, x.data(), y_split.data(), cut);
                table->dense.axpy(a, x.data() + cut, y_split.data() + cut, n - cut);
                for (std::size_t i = 0; i < n; ++i) {
                    ASSERT_NEAR(y[i], y_ref[i],
                                2 * std::numeric_limits<double>::epsilon() * (std::abs(y0[i]) + std::abs(a * x[i])));
                    ASSERT_EQ(bits(y[i]), bits(y_split[i])) << i;
                }
                EXPECT_EQ(bits(y[n]), bits(y0[n])) << "wrote past the end";
            }
        }
    }
}

// The kernel is ElasticNet::prox for n coordinates: compare to it bit for bit,
// on every table including the scalar one.
TEST(DenseKernels, ProxIsElasticNetProxExactly) {
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> draw(-3.0, 3.0);
    const double lambda = 0.7, alpha = 0.6, curvature = 1.3;
    for (const std::size_t n : awkward_lengths) {
        std::vector<double> factors(n), lower(n), upper(n);
        for (std::size_t j = 0; j < n; ++j) {
            factors[j] = j % 5 == 0 ? 0.0 : std::abs(draw(rng));
            lower[j] = j % 3 == 0 ? -std::numeric_limits<double>::infinity() : -std::abs(draw(rng)) / 4;
            upper[j] = j % 4 == 0 ? std::numeric_limits<double>::infinity() : std::abs(draw(rng)) / 4;
        }
        const ElasticNet penalty(alpha, factors, lower, upper);
        for (std::size_t offset = 0; offset <= max_offset; ++offset) {
            Shifted<double> z(n, offset), l1(n, offset), l2(n, offset), lo(n, offset), hi(n, offset);
            std::vector<double> expected(n);
            for (std::size_t j = 0; j < n; ++j) {
                const auto jj = static_cast<std::int64_t>(j);
                l1[j] = penalty.l1(jj, lambda);
                l2[j] = penalty.l2(jj, lambda);
                lo[j] = lower[j];
                hi[j] = upper[j];
                // Every third z sits exactly on the threshold or inside it.
                z[j] = j % 3 == 1 ? (j % 2 ? l1[j] : -l1[j]) : draw(rng);
                expected[j] = penalty.prox(jj, lambda, z[j], curvature);
            }
            for (const InstructionSet isa : available_instruction_sets()) {
                SCOPED_TRACE(where(*kernels_for(isa), n, offset));
                Shifted<double> out(n + 1, max_offset - offset);
                out[n] = 42.0;
                kernels_for(isa)->dense.prox_elastic_net(z.data(), l1.data(), l2.data(), lo.data(), hi.data(),
                                                         curvature, out.data(), n);
                for (std::size_t j = 0; j < n; ++j) ASSERT_EQ(bits(out[j]), bits(expected[j])) << j;
                EXPECT_EQ(out[n], 42.0) << "wrote past the end";
            }
        }
    }
}

TEST(DenseKernels, ProxZeroInsideThresholdAndClipsToTheBox) {
    //                       inside  on edge  clipped up  clipped low  free
    const double z[] = {0.5, -1.0, 10.0, -10.0, 3.0, 1.0 + 1e-15};
    const double l1[] = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0};
    const double l2[] = {0.0, 0.0, 0.0, 0.0, 1.0, 0.0};
    const double lower[] = {-1.0, -1.0, -1.0, -2.0, -5.0, 0.0};
    const double upper[] = {1.0, 1.0, 3.0, 1.0, 5.0, 0.0};
    const double curvature = 1.0;
    for (const InstructionSet isa : available_instruction_sets()) {
        SCOPED_TRACE(to_string(isa));
        double out[6];
        kernels_for(isa)->dense.prox_elastic_net(z, l1, l2, lower, upper, curvature, out, 6);
        EXPECT_EQ(bits(out[0]), bits(0.0));  // +0 exactly, not -0 or a tiny number
        EXPECT_EQ(bits(out[1]), bits(0.0));
        EXPECT_EQ(out[2], 3.0);
        EXPECT_EQ(out[3], -2.0);
        EXPECT_EQ(out[4], 1.0);  // (3 − 1) / (1 + 1)
        EXPECT_EQ(out[5], 0.0);  // a box [0, 0] pins the coefficient
    }
}

// ---- logistic --------------------------------------------------------------

struct LogisticInputs {
    Shifted<double> y, eta, w;
    LogisticInputs(std::mt19937_64& rng, std::size_t n, std::size_t offset)
        : y(n, offset), eta(n, offset), w(n, offset) {
        std::uniform_real_distribution<double> draw_eta(-40.0, 40.0), draw_w(0.0, 3.0);
        std::bernoulli_distribution label(0.4);
        for (std::size_t i = 0; i < n; ++i) {
            y[i] = label(rng) ? 1.0 : 0.0;
            eta[i] = i % 4 == 0 ? draw_eta(rng) / 20 : draw_eta(rng);  // many near 0, some saturated
            w[i] = i % 7 == 3 ? 0.0 : draw_w(rng);
        }
    }
};

TEST(LogisticTerms, MatchesScalar) {
    std::mt19937_64 rng(6);
    const double eps = std::numeric_limits<double>::epsilon();
    for (const KernelTable* table : simd_tables()) {
        for (const std::size_t n : awkward_lengths) {
            for (std::size_t offset = 0; offset <= max_offset; ++offset) {
                SCOPED_TRACE(where(*table, n, offset));
                const LogisticInputs in(rng, n, offset);
                Shifted<double> u(n, max_offset - offset), h(n, max_offset - offset), u_ref(n, 0), h_ref(n, 0),
                    u_again(n, 0);
                const double loss = table->dense.logistic_terms(in.y.data(), in.eta.data(), in.w.data(), u.data(),
                                                                h.data(), n);
                const double loss_ref = reference().dense.logistic_terms(in.y.data(), in.eta.data(), in.w.data(),
                                                                         u_ref.data(), h_ref.data(), n);
                // h may be null: the loss and u must not change.
                const double loss_again = table->dense.logistic_terms(in.y.data(), in.eta.data(), in.w.data(),
                                                                      u_again.data(), nullptr, n);
                double loss_scale = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    // (η⁺ + log1p) − yη cancels when y = 1 and η ≫ 0: the scale is |η|, not the loss.
                    loss_scale += in.w[i] * (std::abs(in.eta[i]) + 1.0);
                    ASSERT_NEAR(u[i], u_ref[i], 8 * eps * (std::abs(u_ref[i]) + in.w[i] * in.y[i]) + tiny) << i;
                    // c (1 − c) inherits 1 − c's cancellation as p → 1: an absolute scale.
                    ASSERT_NEAR(h[i], h_ref[i], 8 * eps * in.w[i] + tiny) << i;
                    ASSERT_EQ(bits(u[i]), bits(u_again[i])) << i;
                }
                EXPECT_NEAR(loss, loss_ref, reduction_tolerance * loss_scale + tiny);
                EXPECT_EQ(bits(loss), bits(loss_again));
            }
        }
    }
}

// The intercept's Newton sums: logistic_terms' u and h at η + shift, summed,
// in every kernel table (the scalar one included) against a plain sum of the
// scalar logistic_terms at the shifted η.
TEST(LogisticSlopeSums, MatchSumsOfTheTermsAtTheShiftedPredictor) {
    std::mt19937_64 rng(7);
    std::vector<const KernelTable*> tables = simd_tables();
    tables.push_back(&reference());
    for (const KernelTable* table : tables) {
        for (const std::size_t n : awkward_lengths) {
            for (const double shift : {0.0, -1.75, 30.0}) {
                SCOPED_TRACE(where(*table, n, 0));
                const LogisticInputs in(rng, n, 0);
                std::vector<double> shifted(n), u(n), h(n);
                double scale = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    shifted[i] = in.eta[i] + shift;
                    scale += in.w[i];
                }
                reference().dense.logistic_terms(in.y.data(), shifted.data(), in.w.data(), u.data(), h.data(), n);
                double sum_u = 0, sum_h = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    sum_u += u[i];
                    sum_h += h[i];
                }
                double sums[2] = {-1, -1};
                table->dense.logistic_slope_sums(in.y.data(), in.eta.data(), shift, in.w.data(), n, sums);
                EXPECT_NEAR(sums[0], sum_u, reduction_tolerance * scale + tiny);
                EXPECT_NEAR(sums[1], sum_h, reduction_tolerance * scale + tiny);
            }
        }
    }
}

// log(1 + e^η) − yη, p and the clamped curvature in long double, the stable way.
struct LongDoubleLogistic {
    long double p, curvature, loss;
    LongDoubleLogistic(double y, double eta) {
        const long double e = std::exp(-std::abs(static_cast<long double>(eta)));
        p = eta >= 0 ? 1.0L / (1.0L + e) : e / (1.0L + e);
        // The bounds as Logistic states them, in double: 1 − the floor is not exact.
        const long double c = std::clamp(p, static_cast<long double>(Logistic::model_min_probability),
                                         static_cast<long double>(1.0 - Logistic::model_min_probability));
        curvature = c * (1.0L - c);
        loss = std::max(static_cast<long double>(eta), 0.0L) + std::log1p(e) - y * static_cast<long double>(eta);
    }
};

// Relative errors against long double where the formula itself loses nothing
// (y = 0: u = w p and the loss is a sum of non-negative terms), printed so a
// change of xsimd's exp/log1p shows up in the log. The curvature c (1 − c)
// computes 1 − c in double, which cancels as p → 1 (relative error up to
// eps / (1 − p), ~1e-11 at the clamp, in every table alike): its error is
// measured in units of eps c instead.
TEST(LogisticTerms, AccurateAgainstLongDouble) {
    const std::size_t n = 20001;
    std::vector<double> y(n, 0.0), eta(n), w(n, 1.0), u(n), h(n);
    for (std::size_t i = 0; i < n; ++i) eta[i] = -60.0 + 120.0 * static_cast<double>(i) / (n - 1);
    std::vector<double> p_scalar(n), h_scalar(n);
    reference().dense.logistic_terms(y.data(), eta.data(), w.data(), p_scalar.data(), h_scalar.data(), n);
    const auto ulps = [](double a, double b) {  // both positive here
        const std::uint64_t x = bits(a), z = bits(b);
        return x > z ? x - z : z - x;
    };
    for (const InstructionSet isa : available_instruction_sets()) {
        const DenseKernels& k = kernels_for(isa)->dense;
        k.logistic_terms(y.data(), eta.data(), w.data(), u.data(), h.data(), n);
        std::uint64_t worst_p_ulps = 0;  // against the scalar table's std::exp / std::log1p
        for (std::size_t i = 0; i < n; ++i) worst_p_ulps = std::max(worst_p_ulps, ulps(u[i], p_scalar[i]));
        double worst_p = 0, worst_h = 0, worst_h_relative = 0, worst_loss = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const LongDoubleLogistic exact(y[i], eta[i]);
            const double loss = k.logistic_terms(&y[i], &eta[i], &w[i], &u[i], &h[i], 1);
            worst_p = std::max(worst_p, static_cast<double>(std::abs(u[i] - exact.p) / exact.p));
            const long double floor = Logistic::model_min_probability;
            const long double c = std::clamp(exact.p, floor, 1.0L - floor);
            const double h_error = static_cast<double>(std::abs(h[i] - exact.curvature));
            worst_h_relative = std::max(worst_h_relative, h_error / static_cast<double>(exact.curvature));
            worst_h = std::max(worst_h, h_error / static_cast<double>(c));
            worst_loss = std::max(worst_loss, static_cast<double>(std::abs(loss - exact.loss) / exact.loss));
        }
        std::printf("[ logistic ] %-8s max error vs long double: p %.3g relative, loss %.3g relative, "
                    "h %.3g relative / %.3g of c (eps %.3g); p within %llu ulp of scalar\n",
                    to_string(isa), worst_p, worst_loss, worst_h_relative, worst_h,
                    std::numeric_limits<double>::epsilon(), static_cast<unsigned long long>(worst_p_ulps));
        EXPECT_LE(worst_p_ulps, 4u) << to_string(isa);
        EXPECT_LT(worst_p, 1e-15) << to_string(isa);
        EXPECT_LT(worst_h, 1e-15) << to_string(isa);
        EXPECT_LT(worst_loss, 1e-15) << to_string(isa);
    }
}

TEST(LogisticTerms, ExtremeEtas) {
    const double big = 800.0, small = 1e-300, denormal = 1e-310;
    const std::vector<double> etas = {big, -big, 0.0, -0.0, small, -small, denormal, -denormal, 36.0, -36.0,
                                      745.0, -745.0, 709.0, -709.0};
    for (const double label : {0.0, 1.0}) {
        const std::vector<double> y(etas.size(), label), w(etas.size(), 2.0);
        for (const InstructionSet isa : available_instruction_sets()) {
            SCOPED_TRACE(std::string(to_string(isa)) + " y " + std::to_string(label));
            std::vector<double> u(etas.size()), h(etas.size());
            kernels_for(isa)->dense.logistic_terms(y.data(), etas.data(), w.data(), u.data(), h.data(), etas.size());
            for (std::size_t i = 0; i < etas.size(); ++i) {
                SCOPED_TRACE("eta " + std::to_string(etas[i]));
                const double loss = kernels_for(isa)->dense.logistic_terms(&y[i], &etas[i], &w[i], &u[i], &h[i], 1);
                const LongDoubleLogistic exact(label, etas[i]);
                ASSERT_TRUE(std::isfinite(loss) && std::isfinite(u[i]) && std::isfinite(h[i]));
                EXPECT_NEAR(u[i], 2.0 * static_cast<double>(exact.p - label), 1e-15);
                EXPECT_NEAR(h[i], 2.0 * static_cast<double>(exact.curvature), 1e-15 * h[i]);
                constexpr double floor = Logistic::model_min_probability;
                EXPECT_GE(h[i], 2.0 * floor * (1 - floor) * (1 - 1e-7));  // the floor, up to 1 − c rounding
                EXPECT_NEAR(loss, 2.0 * static_cast<double>(exact.loss), 1e-15 * (1 + std::abs(etas[i])));
                // The library's own formulas agree on every table.
                EXPECT_NEAR(loss, 2.0 * Logistic::loss(label, etas[i]), 1e-15 * (1 + std::abs(etas[i])));
            }
        }
    }
}

}  // namespace
}  // namespace sparsereg::kernels
