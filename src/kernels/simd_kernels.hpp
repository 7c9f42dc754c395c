#pragma once

// The SIMD kernel bodies, templates on the xsimd architecture. Only the
// kernels_<isa>.cpp files include this, each compiled with its own
// instruction-set flags. Everything here is a template on Arch, so two
// translation units never emit the same symbol compiled for different
// instruction sets: the linker keeps one copy of such a symbol for every
// caller, and an AVX-512 copy of a shared helper would crash baseline code on
// an older CPU.
//
// Reductions keep `unroll` independent accumulators so the fma latency is
// hidden; their order is fixed, so results are the same bits on every call.
// Elementwise kernels push their tail through a padded batch instead of a
// scalar loop: element i then gets the same arithmetic (fused or not) wherever
// n happens to cut the array, which keeps a parallel split bit-identical.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include "kernels/kernel_tables.hpp"
#include "kernels/kernels.hpp"

namespace sparsereg::kernels::detail {

// How a batch of x[idx[k]] is read: one hardware gather instruction, or one
// scalar load per lane inserted into a register. Which is faster depends on
// the microarchitecture, so each instruction set's file picks one (measured).
enum class GatherMethod { hardware, lane_loads };

// Set by each kernels_<isa>.cpp for its architecture.
template <class Arch>
struct ArchChoices;

template <class Arch, GatherMethod gather_method, bool hardware_scatter>
struct SimdKernels {
    using batch = xsimd::batch<double, Arch>;
    static constexpr std::size_t lanes = batch::size;
    static constexpr std::size_t unroll = 4;
    static constexpr std::size_t block = unroll * lanes;

    static_assert(lanes == 2 || lanes == 4 || lanes == 8);
    static_assert(gather_method == GatherMethod::lane_loads || lanes >= 4, "SSE2 has no gather");
    static_assert(!hardware_scatter || lanes == 8, "only AVX-512 has a scatter instruction");

    // ---- loads ---------------------------------------------------------------

    // p[0 .. lanes) widened to double.
    template <class T>
    static batch load_values(const T* p) noexcept {
        if constexpr (std::is_same_v<T, double>) {
            return batch::load_unaligned(p);
        } else if constexpr (lanes == 2) {
            const __m128i two_floats = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
            return batch(_mm_cvtps_pd(_mm_castsi128_ps(two_floats)));
        } else if constexpr (lanes == 4) {
            return batch(_mm256_cvtps_pd(_mm_loadu_ps(p)));
        } else {
            return batch(_mm512_cvtps_pd(_mm256_loadu_ps(p)));
        }
    }

    // x[idx[0 .. lanes)].
    template <class I>
    static batch gather(const double* x, const I* idx) noexcept {
        if constexpr (gather_method == GatherMethod::lane_loads) {
            if constexpr (lanes == 2) {
                return batch(_mm_set_pd(x[idx[1]], x[idx[0]]));
            } else if constexpr (lanes == 4) {
                return batch(_mm256_set_pd(x[idx[3]], x[idx[2]], x[idx[1]], x[idx[0]]));
            } else {
                return batch(_mm512_set_pd(x[idx[7]], x[idx[6]], x[idx[5]], x[idx[4]], x[idx[3]],
                                           x[idx[2]], x[idx[1]], x[idx[0]]));
            }
        } else if constexpr (lanes == 4) {
            // The masked forms with a zero source: GCC 12 reports the plain
            // intrinsics' _mm256_undefined_pd() source as maybe-uninitialized.
            const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
            if constexpr (sizeof(I) == 4) {
                const __m128i i = _mm_loadu_si128(reinterpret_cast<const __m128i*>(idx));
                return batch(_mm256_mask_i32gather_pd(_mm256_setzero_pd(), x, i, all, 8));
            } else {
                const __m256i i = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx));
                return batch(_mm256_mask_i64gather_pd(_mm256_setzero_pd(), x, i, all, 8));
            }
        } else {
            const auto all = static_cast<__mmask8>(0xFF);
            if constexpr (sizeof(I) == 4) {
                const __m256i i = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx));
                return batch(_mm512_mask_i32gather_pd(_mm512_setzero_pd(), all, i, x, 8));
            } else {
                return batch(_mm512_mask_i64gather_pd(_mm512_setzero_pd(), all, _mm512_loadu_si512(idx), x, 8));
            }
        }
    }

    // AVX-512 only, for scatter_axpy's tail: the first `count` (< lanes)
    // elements, zeros elsewhere; masked-off lanes are never read.
    static __mmask8 tail_mask(std::size_t count) noexcept {
        return static_cast<__mmask8>((1u << count) - 1u);
    }

    template <class T>
    static batch load_values_partial(const T* p, std::size_t count) noexcept {
        if constexpr (std::is_same_v<T, double>) {
            return batch(_mm512_maskz_loadu_pd(tail_mask(count), p));
        } else {
            const __mmask16 mask = static_cast<__mmask16>((1u << count) - 1u);
            return batch(_mm512_cvtps_pd(_mm512_castps512_ps256(_mm512_maskz_loadu_ps(mask, p))));
        }
    }

    // a b + c on batches, in one rounding where the set has fma: xsimd 8.1
    // spells AVX-512's as a * b + c and leaves the fusing to the compiler,
    // which a sanitizer build did not do (so that its bits differed from the
    // scalar fma of the same set's tails).
    static batch fmadd(batch a, batch b, batch c) noexcept {
        if constexpr (lanes == 8) {
            return batch(_mm512_fmadd_pd(a, b, c));
        } else {
            return xsimd::fma(a, b, c);
        }
    }

    // Lanes summed in a tree order fixed here, (upper half + lower half) until
    // one lane is left, so the result's bits do not hinge on how a given xsimd
    // version happens to implement hadd.
    static double horizontal_sum(batch v) noexcept {
        __m128d pair;
        if constexpr (lanes == 2) {
            pair = v;
        } else {
            __m256d quad;
            if constexpr (lanes == 4) {
                quad = v;
            } else {
                const __m512d upper = _mm512_shuffle_f64x2(v, v, 0b11101110);
                quad = _mm256_add_pd(_mm512_castpd512_pd256(v), _mm512_castpd512_pd256(upper));
            }
            pair = _mm_add_pd(_mm256_castpd256_pd128(quad), _mm256_extractf128_pd(quad, 1));
        }
        return _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)));
    }

    // ---- sparse --------------------------------------------------------------

    // Below this many non-zeros, filling wide registers and reducing them
    // again costs more than it saves: on news20 bigram (~10 non-zeros a column)
    // the batch path ran Xᵀu at 0.8x (AVX2) and 0.6x (AVX-512) of the scalar loop.
    static constexpr std::size_t short_length = 16;

    // Two independent scalar chains, combined once.
    template <class T, class I>
    static double short_gather_dot(const T* vals, const I* idx, std::size_t nnz, const double* x) noexcept {
        double even = 0.0, odd = 0.0;
        std::size_t k = 0;
        for (; k + 2 <= nnz; k += 2) {
            even += static_cast<double>(vals[k]) * x[idx[k]];
            odd += static_cast<double>(vals[k + 1]) * x[idx[k + 1]];
        }
        if (k < nnz) even += static_cast<double>(vals[k]) * x[idx[k]];
        return even + odd;
    }

    // Whether strictly increasing indices are one run idx[0], idx[0] + 1, ...:
    // the rows of a dense column. Its x[idx[k]] are then read with plain loads,
    // the same values in the same order as the gathers, so the same bits.
    template <class I>
    static bool one_run(const I* idx, std::size_t nnz) noexcept {
        return nnz > 0 && static_cast<std::size_t>(idx[nnz - 1] - idx[0]) == nnz - 1;
    }

    // Σ_k vals[k] x_k, with x_k batched by load(k) (lanes values from k on)
    // and the last fewer than lanes products summed by tail(k).
    template <class T, class Load, class Tail>
    static double dot_loop(const T* vals, std::size_t nnz, Load load, Tail tail) noexcept {
        batch acc0(0.0), acc1(0.0), acc2(0.0), acc3(0.0);
        std::size_t k = 0;
        for (; k + block <= nnz; k += block) {
            acc0 = fmadd(load_values(vals + k), load(k), acc0);
            acc1 = fmadd(load_values(vals + k + lanes), load(k + lanes), acc1);
            acc2 = fmadd(load_values(vals + k + 2 * lanes), load(k + 2 * lanes), acc2);
            acc3 = fmadd(load_values(vals + k + 3 * lanes), load(k + 3 * lanes), acc3);
        }
        for (; k + lanes <= nnz; k += lanes) {
            acc0 = fmadd(load_values(vals + k), load(k), acc0);
        }
        // Scalar tails measured faster than AVX-512 masked ones (Xᵀu on news20
        // bigram 12.2 vs 8.6 GB/s): a padded or masked batch costs a store-forward
        // stall or a slow masked gather for at most lanes − 1 products.
        return horizontal_sum((acc0 + acc1) + (acc2 + acc3)) + tail(k);
    }

    // a b + c in one rounding where the set has fma (AVX2 and AVX-512 here,
    // as xsimd::fma on their batches and the AVX-512 scatters), in two on
    // SSE2 (as xsimd's emulation there).
    static double fused(double a, double b, double c) noexcept {
        if constexpr (lanes > 2) {
            return std::fma(a, b, c);
        } else {
            return a * b + c;
        }
    }

    // The tails read through idx on either path, and fuse explicitly: left to
    // the compiler, the same loop inlined into the two paths was contracted
    // differently (a last bit apart on AVX-512).
    template <class T, class I>
    static double dot_tail(const T* vals, const I* idx, std::size_t k, std::size_t nnz,
                           const double* x) noexcept {
        double tail = 0.0;
        for (; k < nnz; ++k) tail = fused(static_cast<double>(vals[k]), x[idx[k]], tail);
        return tail;
    }

    template <class T, class I>
    static double gather_dot(const T* vals, const I* idx, std::size_t nnz, const double* x) noexcept {
        if (nnz < short_length) return short_gather_dot(vals, idx, nnz, x);
        const auto tail = [=](std::size_t k) { return dot_tail(vals, idx, k, nnz, x); };
        if (one_run(idx, nnz)) {
            const double* run = x + idx[0];
            return dot_loop(vals, nnz, [run](std::size_t k) { return batch::load_unaligned(run + k); }, tail);
        }
        return dot_loop(vals, nnz, [x, idx](std::size_t k) { return gather(x, idx + k); }, tail);
    }

    // v_k and r_k for weighted_loop and moments_loop, batched: plain loads
    // from one run of rows, or gathers.
    struct RunPair {
        const double* v;
        const double* r;
        std::pair<batch, batch> operator()(std::size_t k) const noexcept {
            return {batch::load_unaligned(v + k), batch::load_unaligned(r + k)};
        }
    };
    template <class I>
    struct GatheredPair {
        const double* v;
        const double* r;
        const I* idx;
        std::pair<batch, batch> operator()(std::size_t k) const noexcept {
            return {gather(v, idx + k), gather(r, idx + k)};
        }
    };

    // Σ_k vals[k] v_k r_k, with v_k and r_k as x_k in dot_loop.
    template <class T, class Load, class Tail>
    static double weighted_loop(const T* vals, std::size_t nnz, Load load, Tail tail) noexcept {
        batch acc0(0.0), acc1(0.0), acc2(0.0), acc3(0.0);
        const auto term = [&](std::size_t k, batch& acc) {
            const auto [vk, rk] = load(k);
            acc = fmadd(load_values(vals + k) * vk, rk, acc);
        };
        std::size_t k = 0;
        for (; k + block <= nnz; k += block) {
            term(k, acc0);
            term(k + lanes, acc1);
            term(k + 2 * lanes, acc2);
            term(k + 3 * lanes, acc3);
        }
        for (; k + lanes <= nnz; k += lanes) term(k, acc0);
        return horizontal_sum((acc0 + acc1) + (acc2 + acc3)) + tail(k);
    }

    template <class T, class I>
    static double weighted_tail(const T* vals, const I* idx, std::size_t k, std::size_t nnz, const double* v,
                                const double* r) noexcept {
        double tail = 0.0;
        for (; k < nnz; ++k) tail = fused(static_cast<double>(vals[k]) * v[idx[k]], r[idx[k]], tail);
        return tail;
    }

    template <class T, class I>
    static double gather_dot_weighted(const T* vals, const I* idx, std::size_t nnz, const double* v,
                                      const double* r) noexcept {
        const auto tail = [=](std::size_t k) { return weighted_tail(vals, idx, k, nnz, v, r); };
        if (one_run(idx, nnz)) return weighted_loop(vals, nnz, RunPair{v + idx[0], r + idx[0]}, tail);
        return weighted_loop(vals, nnz, GatheredPair<I>{v, r, idx}, tail);
    }

    // out[0..3) = Σ v x, Σ v x², Σ v x r, with v_k and r_k as in weighted_loop.
    template <class T, class Load, class Tail>
    static void moments_loop(const T* vals, std::size_t nnz, Load load, Tail tail, double out[3]) noexcept {
        // Three sums share each load; two accumulators per sum keep six
        // independent chains in flight.
        batch sum_vx0(0.0), sum_vx1(0.0), sum_vxx0(0.0), sum_vxx1(0.0), sum_vxr0(0.0), sum_vxr1(0.0);
        const auto accumulate = [&](std::size_t k, batch& s_vx, batch& s_vxx, batch& s_vxr) {
            const batch x = load_values(vals + k);
            const auto [vk, rk] = load(k);
            const batch vx = vk * x;
            s_vx += vx;
            s_vxx = fmadd(vx, x, s_vxx);
            s_vxr = fmadd(vx, rk, s_vxr);
        };
        std::size_t k = 0;
        for (; k + 2 * lanes <= nnz; k += 2 * lanes) {
            accumulate(k, sum_vx0, sum_vxx0, sum_vxr0);
            accumulate(k + lanes, sum_vx1, sum_vxx1, sum_vxr1);
        }
        for (; k + lanes <= nnz; k += lanes) accumulate(k, sum_vx0, sum_vxx0, sum_vxr0);
        tail(k, out);
        out[0] += horizontal_sum(sum_vx0 + sum_vx1);
        out[1] += horizontal_sum(sum_vxx0 + sum_vxx1);
        out[2] += horizontal_sum(sum_vxr0 + sum_vxr1);
    }

    template <class T, class I>
    static void moments_tail(const T* vals, const I* idx, std::size_t k, std::size_t nnz, const double* v,
                             const double* r, double out[3]) noexcept {
        double tail_vx = 0.0, tail_vxx = 0.0, tail_vxr = 0.0;
        for (; k < nnz; ++k) {
            const double x = static_cast<double>(vals[k]);
            const double vk = v[idx[k]];
            const double vx = vk * x;
            tail_vx = fused(vk, x, tail_vx);
            tail_vxx = fused(vx, x, tail_vxx);
            tail_vxr = fused(vx, r[idx[k]], tail_vxr);
        }
        out[0] = tail_vx;
        out[1] = tail_vxx;
        out[2] = tail_vxr;
    }

    template <class T, class I>
    static void gather_moments(const T* vals, const I* idx, std::size_t nnz, const double* v,
                               const double* r, double out[3]) noexcept {
        const auto tail = [=](std::size_t k, double sums[3]) { moments_tail(vals, idx, k, nnz, v, r, sums); };
        if (one_run(idx, nnz)) {
            moments_loop(vals, nnz, RunPair{v + idx[0], r + idx[0]}, tail, out);
        } else {
            moments_loop(vals, nnz, GatheredPair<I>{v, r, idx}, tail, out);
        }
    }

    template <class T, class I>
    static void scatter_axpy(double a, const T* vals, const I* idx, std::size_t nnz, double* y) noexcept {
        if (one_run(idx, nnz)) {
            // A run of rows: plain loads and stores, rounded as the scatters
            // and the scalar loop round (fused), so the same bits.
            double* run = y + idx[0];
            const batch va(a);
            std::size_t k = 0;
            for (; k + lanes <= nnz; k += lanes) {
                fmadd(va, load_values(vals + k), batch::load_unaligned(run + k)).store_unaligned(run + k);
            }
            for (; k < nnz; ++k) run[k] = fused(a, static_cast<double>(vals[k]), run[k]);
            return;
        }
        if constexpr (hardware_scatter) {
            // Distinct indices make gather, fma, scatter an exact stand-in for
            // the scalar loop; the tail goes through the same fma under a mask.
            const batch va(a);
            std::size_t k = 0;
            for (; k < nnz; k += lanes) {
                const std::size_t count = nnz - k < lanes ? nnz - k : lanes;
                const __mmask8 mask = count == lanes ? static_cast<__mmask8>(0xFF) : tail_mask(count);
                const batch values = count == lanes ? load_values(vals + k) : load_values_partial(vals + k, count);
                if constexpr (sizeof(I) == 4) {
                    const __m256i i = count == lanes
                        ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(idx + k))
                        : _mm512_castsi512_si256(_mm512_maskz_loadu_epi32(
                              static_cast<__mmask16>((1u << count) - 1u), idx + k));
                    const batch old(_mm512_mask_i32gather_pd(_mm512_setzero_pd(), mask, i, y, 8));
                    const __m512d updated = fmadd(va, values, old);
                    _mm512_mask_i32scatter_pd(y, mask, i, updated, 8);
                } else {
                    const __m512i i = _mm512_maskz_loadu_epi64(mask, idx + k);
                    const batch old(_mm512_mask_i64gather_pd(_mm512_setzero_pd(), mask, i, y, 8));
                    const __m512d updated = fmadd(va, values, old);
                    _mm512_mask_i64scatter_pd(y, mask, i, updated, 8);
                }
            }
        } else {
            for (std::size_t k = 0; k < nnz; ++k) y[idx[k]] = fused(a, static_cast<double>(vals[k]), y[idx[k]]);
        }
    }

    template <class T, class I>
    static void spmv_block(const I* ptr, const I* idx, const T* vals, std::size_t begin, std::size_t end,
                           const double* x, double* out) noexcept {
        for (std::size_t o = begin; o < end; ++o) {
            const auto first = static_cast<std::size_t>(ptr[o]);
            const auto count = static_cast<std::size_t>(ptr[o + 1] - ptr[o]);
            out[o - begin] = gather_dot(vals + first, idx + first, count, x);
        }
    }

    template <class T, class I>
    static constexpr SparseKernels<T, I> sparse_table() noexcept {
        return {&gather_dot<T, I>, &gather_dot_weighted<T, I>, &gather_moments<T, I>,
                &scatter_axpy<T, I>, &spmv_block<T, I>};
    }

    // ---- dense ---------------------------------------------------------------

    static double dot(const double* a, const double* b, std::size_t n) noexcept {
        batch acc0(0.0), acc1(0.0), acc2(0.0), acc3(0.0);
        std::size_t i = 0;
        for (; i + block <= n; i += block) {
            acc0 = fmadd(batch::load_unaligned(a + i), batch::load_unaligned(b + i), acc0);
            acc1 = fmadd(batch::load_unaligned(a + i + lanes), batch::load_unaligned(b + i + lanes), acc1);
            acc2 = fmadd(batch::load_unaligned(a + i + 2 * lanes), batch::load_unaligned(b + i + 2 * lanes), acc2);
            acc3 = fmadd(batch::load_unaligned(a + i + 3 * lanes), batch::load_unaligned(b + i + 3 * lanes), acc3);
        }
        for (; i + lanes <= n; i += lanes) {
            acc0 = fmadd(batch::load_unaligned(a + i), batch::load_unaligned(b + i), acc0);
        }
        double tail = 0.0;
        for (; i < n; ++i) tail += a[i] * b[i];
        return horizontal_sum((acc0 + acc1) + (acc2 + acc3)) + tail;
    }

    static double sum_squares(const double* x, std::size_t n) noexcept {
        batch acc0(0.0), acc1(0.0), acc2(0.0), acc3(0.0);
        std::size_t i = 0;
        for (; i + block <= n; i += block) {
            const batch x0 = batch::load_unaligned(x + i);
            const batch x1 = batch::load_unaligned(x + i + lanes);
            const batch x2 = batch::load_unaligned(x + i + 2 * lanes);
            const batch x3 = batch::load_unaligned(x + i + 3 * lanes);
            acc0 = fmadd(x0, x0, acc0);
            acc1 = fmadd(x1, x1, acc1);
            acc2 = fmadd(x2, x2, acc2);
            acc3 = fmadd(x3, x3, acc3);
        }
        for (; i + lanes <= n; i += lanes) {
            const batch xi = batch::load_unaligned(x + i);
            acc0 = fmadd(xi, xi, acc0);
        }
        double tail = 0.0;
        for (; i < n; ++i) tail += x[i] * x[i];
        return horizontal_sum((acc0 + acc1) + (acc2 + acc3)) + tail;
    }

    static double max_abs(const double* x, std::size_t n) noexcept {
        batch m0(0.0), m1(0.0), m2(0.0), m3(0.0);
        std::size_t i = 0;
        for (; i + block <= n; i += block) {
            m0 = xsimd::max(m0, xsimd::abs(batch::load_unaligned(x + i)));
            m1 = xsimd::max(m1, xsimd::abs(batch::load_unaligned(x + i + lanes)));
            m2 = xsimd::max(m2, xsimd::abs(batch::load_unaligned(x + i + 2 * lanes)));
            m3 = xsimd::max(m3, xsimd::abs(batch::load_unaligned(x + i + 3 * lanes)));
        }
        for (; i + lanes <= n; i += lanes) m0 = xsimd::max(m0, xsimd::abs(batch::load_unaligned(x + i)));
        alignas(64) double lane_max[lanes];
        xsimd::max(xsimd::max(m0, m1), xsimd::max(m2, m3)).store_aligned(lane_max);
        double result = 0.0;
        for (std::size_t l = 0; l < lanes; ++l) result = lane_max[l] > result ? lane_max[l] : result;
        for (; i < n; ++i) {
            const double a = x[i] < 0 ? -x[i] : x[i];
            result = a > result ? a : result;
        }
        return result;
    }

    // Copies the last count (< lanes) elements of each array into zero-padded
    // batches, so the tail runs through the very same batch code as the body.
    template <std::size_t arrays>
    struct PaddedTail {
        alignas(64) double data[arrays][lanes] = {};
        PaddedTail(const double* const (&sources)[arrays], std::size_t count) noexcept {
            for (std::size_t a = 0; a < arrays; ++a) {
                for (std::size_t l = 0; l < count; ++l) data[a][l] = sources[a][l];
            }
        }
        batch operator[](std::size_t a) const noexcept { return batch::load_aligned(data[a]); }
    };

    static void store_first(batch values, double* out, std::size_t count) noexcept {
        alignas(64) double buffer[lanes];
        values.store_aligned(buffer);
        for (std::size_t l = 0; l < count; ++l) out[l] = buffer[l];
    }

    static void axpy(double a, const double* x, double* y, std::size_t n) noexcept {
        const batch va(a);
        std::size_t i = 0;
        for (; i + lanes <= n; i += lanes) {
            fmadd(va, batch::load_unaligned(x + i), batch::load_unaligned(y + i)).store_unaligned(y + i);
        }
        if (i < n) {
            const PaddedTail<2> tail({x + i, y + i}, n - i);
            store_first(fmadd(va, tail[0], tail[1]), y + i, n - i);
        }
    }

    // ElasticNet::prox bit for bit: the same operations in the same order, with
    // std::clamp(v, lo, hi) = v < lo ? lo : (hi < v ? hi : v).
    static batch prox_batch(batch z, batch l1, batch l2, batch lower, batch upper, batch curvature) noexcept {
        const batch zero(0.0);
        const batch shrunk = xsimd::select(z > l1, z - l1, xsimd::select(z < -l1, z + l1, zero));
        const batch scaled = shrunk / (curvature + l2);
        const batch clipped = xsimd::select(scaled < lower, lower, xsimd::select(upper < scaled, upper, scaled));
        return xsimd::select(shrunk == zero, zero, clipped);
    }

    static void prox_elastic_net(const double* z, const double* l1, const double* l2, const double* lower,
                                 const double* upper, double curvature, double* out, std::size_t n) noexcept {
        const batch h(curvature);
        std::size_t i = 0;
        for (; i + lanes <= n; i += lanes) {
            prox_batch(batch::load_unaligned(z + i), batch::load_unaligned(l1 + i), batch::load_unaligned(l2 + i),
                       batch::load_unaligned(lower + i), batch::load_unaligned(upper + i), h)
                .store_unaligned(out + i);
        }
        if (i < n) {
            const PaddedTail<5> tail({z + i, l1 + i, l2 + i, lower + i, upper + i}, n - i);
            store_first(prox_batch(tail[0], tail[1], tail[2], tail[3], tail[4], h), out + i, n - i);
        }
    }

    // Logistic::probability, Logistic::quadratic's clamped curvature and
    // Logistic::loss for one batch; e = exp(−|η|) serves all three.
    static constexpr double min_probability = 1e-8;  // Logistic::model_min_probability
    struct LogisticBatch {
        batch u, h, weighted_loss;
    };
    struct LogisticSlopes {
        batch u, h;
    };
    // u and the clamped curvature from e = exp(−|η|).
    static LogisticSlopes logistic_slopes(batch y, batch eta, batch e, batch w) noexcept {
        const batch zero(0.0), one(1.0);
        const batch one_plus_e = one + e;
        const batch p = xsimd::select(eta >= zero, one / one_plus_e, e / one_plus_e);
        const batch lo(min_probability), hi(1.0 - min_probability);
        const batch clamped = xsimd::select(p < lo, lo, xsimd::select(hi < p, hi, p));
        return {w * (p - y), w * (clamped * (one - clamped))};
    }
    static LogisticBatch logistic_batch(batch y, batch eta, batch w) noexcept {
        const batch e = xsimd::exp(-xsimd::abs(eta));
        const LogisticSlopes slopes = logistic_slopes(y, eta, e, w);
        const batch loss = (xsimd::max(eta, batch(0.0)) + xsimd::log1p(e)) - y * eta;
        return {slopes.u, slopes.h, w * loss};
    }

    template <bool with_curvature>
    static double logistic_terms_impl(const double* y, const double* eta, const double* w, double* u, double* h,
                                      std::size_t n) noexcept {
        batch acc0(0.0), acc1(0.0);
        std::size_t i = 0;
        const auto step = [&](std::size_t at, batch& acc) {
            const LogisticBatch t = logistic_batch(batch::load_unaligned(y + at), batch::load_unaligned(eta + at),
                                                   batch::load_unaligned(w + at));
            t.u.store_unaligned(u + at);
            if constexpr (with_curvature) t.h.store_unaligned(h + at);
            acc += t.weighted_loss;
        };
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            step(i, acc0);
            step(i + lanes, acc1);
        }
        for (; i + lanes <= n; i += lanes) step(i, acc0);
        if (i < n) {
            // Padding (y = η = w = 0) adds exact zeros to the loss.
            const PaddedTail<3> tail({y + i, eta + i, w + i}, n - i);
            const LogisticBatch t = logistic_batch(tail[0], tail[1], tail[2]);
            store_first(t.u, u + i, n - i);
            if constexpr (with_curvature) store_first(t.h, h + i, n - i);
            acc1 += t.weighted_loss;
        }
        return horizontal_sum(acc0 + acc1);
    }

    static double logistic_terms(const double* y, const double* eta, const double* w, double* u, double* h,
                                 std::size_t n) noexcept {
        return h != nullptr ? logistic_terms_impl<true>(y, eta, w, u, h, n)
                            : logistic_terms_impl<false>(y, eta, w, u, h, n);
    }

    static void logistic_slope_sums(const double* y, const double* eta, double shift, const double* w,
                                    std::size_t n, double* sums) noexcept {
        const batch shift_batch(shift);
        batch sum_u(0.0), sum_h(0.0);
        std::size_t i = 0;
        const auto add = [&](batch y_batch, batch eta_batch, batch w_batch) {
            const batch at = eta_batch + shift_batch;
            const LogisticSlopes t = logistic_slopes(y_batch, at, xsimd::exp(-xsimd::abs(at)), w_batch);
            sum_u += t.u;
            sum_h += t.h;
        };
        for (; i + lanes <= n; i += lanes) {
            add(batch::load_unaligned(y + i), batch::load_unaligned(eta + i), batch::load_unaligned(w + i));
        }
        if (i < n) {
            // Padding has w = 0: its terms are exact zeros.
            const PaddedTail<3> tail({y + i, eta + i, w + i}, n - i);
            add(tail[0], tail[1], tail[2]);
        }
        sums[0] = horizontal_sum(sum_u);
        sums[1] = horizontal_sum(sum_h);
    }

    static constexpr KernelTable table(InstructionSet isa) noexcept {
        return {isa,
                DenseKernels{&dot, &axpy, &sum_squares, &max_abs, &prox_elastic_net, &logistic_terms,
                             &logistic_slope_sums},
                sparse_table<float, std::int32_t>(),
                sparse_table<float, std::int64_t>(),
                sparse_table<double, std::int32_t>(),
                sparse_table<double, std::int64_t>()};
    }
};

template <class Arch>
const KernelTable* SimdTableFor::operator()(Arch) const noexcept {
    using Choices = ArchChoices<Arch>;
    using Kernels = SimdKernels<Arch, Choices::gather_method, Choices::hardware_scatter>;
    // Constant-initialized: no guard, no constructor, nothing to race on.
    static constexpr KernelTable table = Kernels::table(Choices::isa);
    return &table;
}

}  // namespace sparsereg::kernels::detail
