#pragma once

// The sparse kernels as the solvers call them, per column: a column shorter
// than `inline_below` runs an inline loop, since for a handful of products the
// indirect call and the SIMD set-up and horizontal sums cost more than the
// work (text data has many such columns: rcv1 averages 1.6 nonzeros per
// column, news20 bigrams 10). Longer columns go through the dispatched table.
// Plain scalar code: nothing here needs an instruction-set flag.

#include <cstddef>

#include "kernels/kernels.hpp"

namespace sparsereg::kernels {

inline constexpr std::size_t inline_below = 8;

template <class T, class I>
double gather_dot(const SparseKernels<T, I>& k, const T* vals, const I* idx, std::size_t nnz,
                  const double* x) noexcept {
    if (nnz >= inline_below) return k.gather_dot(vals, idx, nnz, x);
    double sum = 0;
    for (std::size_t e = 0; e < nnz; ++e) sum += static_cast<double>(vals[e]) * x[idx[e]];
    return sum;
}

template <class T, class I>
double gather_dot_weighted(const SparseKernels<T, I>& k, const T* vals, const I* idx, std::size_t nnz,
                           const double* v, const double* r) noexcept {
    if (nnz >= inline_below) return k.gather_dot_weighted(vals, idx, nnz, v, r);
    double sum = 0;
    for (std::size_t e = 0; e < nnz; ++e) sum += static_cast<double>(vals[e]) * v[idx[e]] * r[idx[e]];
    return sum;
}

template <class T, class I>
void gather_moments(const SparseKernels<T, I>& k, const T* vals, const I* idx, std::size_t nnz,
                    const double* v, const double* r, double out[3]) noexcept {
    if (nnz >= inline_below) {
        k.gather_moments(vals, idx, nnz, v, r, out);
        return;
    }
    double vx = 0, vxx = 0, vxr = 0;
    for (std::size_t e = 0; e < nnz; ++e) {
        const double x = static_cast<double>(vals[e]);
        const double term = v[idx[e]] * x;
        vx += term;
        vxx += term * x;
        vxr += term * r[idx[e]];
    }
    out[0] = vx;
    out[1] = vxx;
    out[2] = vxr;
}

template <class T, class I>
void scatter_axpy(const SparseKernels<T, I>& k, double a, const T* vals, const I* idx, std::size_t nnz,
                  double* y) noexcept {
    if (nnz >= inline_below) {
        k.scatter_axpy(a, vals, idx, nnz, y);
        return;
    }
    for (std::size_t e = 0; e < nnz; ++e) y[idx[e]] += a * static_cast<double>(vals[e]);
}

}  // namespace sparsereg::kernels
