#pragma once

// The SIMD kernel layer: every hot inner loop of the solvers (sparse gathers
// and scatters along a column, dense reductions, the elementwise prox and the
// logistic terms) as plain function pointers, one table per instruction set.
// Each table is compiled in its own translation unit with that set's flags
// (DESIGN.md, convention 4); the scalar table is the reference every other one
// is tested against. Callers fetch a table once and call through it, so the
// library itself stays baseline x86-64 and still uses AVX-512 where it can.
//
// Results are a deterministic function of the inputs for a given table (same
// bits every call); reductions may differ between tables in the last bits.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace sparsereg::kernels {

enum class InstructionSet { scalar, sse2, avx2_fma, avx512f };

// "scalar", "sse2", "avx2+fma", "avx512f"
const char* to_string(InstructionSet isa) noexcept;

// T in {float, double}: stored matrix values; I in {int32_t, int64_t}: indices.
// Sums accumulate in double whatever T is. Indices ascend strictly within a
// call (the rows of a CSC column, the columns of a validated CSR row): a list
// whose first and last differ by its length − 1 is read as one run.
template <class T, class I>
struct SparseKernels {
    // Σ_k vals[k] x[idx[k]]
    double (*gather_dot)(const T* vals, const I* idx, std::size_t nnz, const double* x);
    // Σ_k vals[k] v[idx[k]] r[idx[k]]
    double (*gather_dot_weighted)(const T* vals, const I* idx, std::size_t nnz, const double* v,
                                  const double* r);
    // out[0] = Σ v x, out[1] = Σ v x², out[2] = Σ v x r, with x = vals[k] and
    // v, r gathered at idx[k]
    void (*gather_moments)(const T* vals, const I* idx, std::size_t nnz, const double* v,
                           const double* r, double out[3]);
    // y[idx[k]] += a vals[k]; idx holds no duplicates within one call
    void (*scatter_axpy)(double a, const T* vals, const I* idx, std::size_t nnz, double* y);
    // Compressed-sparse matrix times vector over outer indices [begin, end)
    // (rows of a CSR, columns of a CSC):
    //   out[o - begin] = Σ_{k in [ptr[o], ptr[o+1])} vals[k] x[idx[k]]
    void (*spmv_block)(const I* ptr, const I* idx, const T* vals, std::size_t begin,
                       std::size_t end, const double* x, double* out);
};

struct DenseKernels {
    double (*dot)(const double* a, const double* b, std::size_t n);
    // y += a x
    void (*axpy)(double a, const double* x, double* y, std::size_t n);
    double (*sum_squares)(const double* x, std::size_t n);
    double (*max_abs)(const double* x, std::size_t n);
    // out[k] = clip(S(z[k], l1[k]) / (curvature + l2[k]), lower[k], upper[k]),
    // S(z, a) = sign(z) max(|z| − a, 0), and an exact 0 when |z[k]| <= l1[k]:
    // ElasticNet::prox (include/sparsereg/penalty/elastic_net.hpp) for n
    // coordinates at once, bit for bit.
    void (*prox_elastic_net)(const double* z, const double* l1, const double* l2,
                             const double* lower, const double* upper, double curvature,
                             double* out, std::size_t n);
    // The logistic datafit over samples (include/sparsereg/datafit/logistic.hpp),
    // y in {0, 1}, weights w (may be 0), p = 1/(1 + e^−η):
    //   u[i] = w[i] (p_i − y_i)
    //   h[i] = w[i] c_i (1 − c_i), c_i = p_i clamped as Logistic::quadratic clamps it (skipped when h is null)
    // and returns Σ w[i] (log(1 + e^η_i) − y_i η_i), computed without overflow.
    double (*logistic_terms)(const double* y, const double* eta, const double* w, double* u,
                             double* h, std::size_t n);
    // Σ u[i] and Σ h[i] of logistic_terms at η_i + shift, into sums[0..1],
    // without the loss or the arrays: the intercept's Newton steps need only
    // these, and the loss's log1p was half of their cost.
    void (*logistic_slope_sums)(const double* y, const double* eta, double shift, const double* w,
                                std::size_t n, double* sums);
};

struct KernelTable {
    InstructionSet isa;
    DenseKernels dense;
    SparseKernels<float, std::int32_t> f32_i32;
    SparseKernels<float, std::int64_t> f32_i64;
    SparseKernels<double, std::int32_t> f64_i32;
    SparseKernels<double, std::int64_t> f64_i64;

    template <class T, class I>
    const SparseKernels<T, I>& sparse() const noexcept {
        static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>);
        static_assert(std::is_same_v<I, std::int32_t> || std::is_same_v<I, std::int64_t>);
        if constexpr (std::is_same_v<T, float> && std::is_same_v<I, std::int32_t>) {
            return f32_i32;
        } else if constexpr (std::is_same_v<T, float>) {
            return f32_i64;
        } else if constexpr (std::is_same_v<I, std::int32_t>) {
            return f64_i32;
        } else {
            return f64_i64;
        }
    }
};

// The table the solvers use, chosen once (thread-safe) with xsimd::dispatch:
// avx2+fma where the CPU has it (it measured faster than avx512f on whole
// fits, see kernels_select.cpp), else avx512f, else sse2; or the table named by
// SPARSEREG_INSTRUCTION_SET when this CPU runs it.
const KernelTable& best_kernels() noexcept;

// One instruction set's table, or nullptr when this CPU cannot run it; scalar
// is always available.
const KernelTable* kernels_for(InstructionSet isa) noexcept;

// Every set this CPU can run, scalar first, in order of width.
std::vector<InstructionSet> available_instruction_sets();

}  // namespace sparsereg::kernels
