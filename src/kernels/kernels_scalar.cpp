// The reference kernels: plain loops in the obvious order, no SIMD code and
// no special flags. Every SIMD table is tested against this one, so each loop
// here is written to be read, not to be fast.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_tables.hpp"
#include "sparsereg/datafit/logistic.hpp"

namespace sparsereg::kernels::detail {
namespace {

template <class T, class I>
double gather_dot(const T* vals, const I* idx, std::size_t nnz, const double* x) {
    double sum = 0.0;
    for (std::size_t k = 0; k < nnz; ++k) sum += static_cast<double>(vals[k]) * x[idx[k]];
    return sum;
}

template <class T, class I>
double gather_dot_weighted(const T* vals, const I* idx, std::size_t nnz, const double* v, const double* r) {
    double sum = 0.0;
    for (std::size_t k = 0; k < nnz; ++k) sum += static_cast<double>(vals[k]) * v[idx[k]] * r[idx[k]];
    return sum;
}

template <class T, class I>
void gather_moments(const T* vals, const I* idx, std::size_t nnz, const double* v, const double* r,
                    double out[3]) {
    double sum_vx = 0.0, sum_vxx = 0.0, sum_vxr = 0.0;
    for (std::size_t k = 0; k < nnz; ++k) {
        const double x = static_cast<double>(vals[k]);
        const double vx = v[idx[k]] * x;
        sum_vx += vx;
        sum_vxx += vx * x;
        sum_vxr += vx * r[idx[k]];
    }
    out[0] = sum_vx;
    out[1] = sum_vxx;
    out[2] = sum_vxr;
}

template <class T, class I>
void scatter_axpy(double a, const T* vals, const I* idx, std::size_t nnz, double* y) {
    for (std::size_t k = 0; k < nnz; ++k) y[idx[k]] += a * static_cast<double>(vals[k]);
}

template <class T, class I>
void spmv_block(const I* ptr, const I* idx, const T* vals, std::size_t begin, std::size_t end,
                const double* x, double* out) {
    for (std::size_t o = begin; o < end; ++o) {
        const auto first = static_cast<std::size_t>(ptr[o]);
        out[o - begin] = gather_dot(vals + first, idx + first, static_cast<std::size_t>(ptr[o + 1] - ptr[o]), x);
    }
}

template <class T, class I>
constexpr SparseKernels<T, I> sparse_table() {
    return {&gather_dot<T, I>, &gather_dot_weighted<T, I>, &gather_moments<T, I>, &scatter_axpy<T, I>,
            &spmv_block<T, I>};
}

double dot(const double* a, const double* b, std::size_t n) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
    return sum;
}

void axpy(double a, const double* x, double* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

double sum_squares(const double* x, std::size_t n) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += x[i] * x[i];
    return sum;
}

double max_abs(const double* x, std::size_t n) {
    double result = 0.0;
    for (std::size_t i = 0; i < n; ++i) result = std::max(result, std::abs(x[i]));
    return result;
}

// ElasticNet::prox, written out for arrays of per-coordinate thresholds.
void prox_elastic_net(const double* z, const double* l1, const double* l2, const double* lower,
                      const double* upper, double curvature, double* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const double a = l1[i];
        const double shrunk = z[i] > a ? z[i] - a : (z[i] < -a ? z[i] + a : 0.0);
        out[i] = shrunk == 0.0 ? 0.0 : std::clamp(shrunk / (curvature + l2[i]), lower[i], upper[i]);
    }
}

double logistic_terms(const double* y, const double* eta, const double* w, double* u, double* h,
                      std::size_t n) {
    double loss = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        u[i] = w[i] * Logistic::derivative(y[i], eta[i]);
        if (h != nullptr) {
            double curvature = 0.0, residual = 0.0;
            Logistic::quadratic(y[i], eta[i], curvature, residual);
            h[i] = w[i] * curvature;
        }
        loss += w[i] * Logistic::loss(y[i], eta[i]);
    }
    return loss;
}

void logistic_slope_sums(const double* y, const double* eta, double shift, const double* w, std::size_t n,
                         double* sums) {
    double sum_u = 0.0, sum_h = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double at = eta[i] + shift;
        double curvature = 0.0, residual = 0.0;
        Logistic::quadratic(y[i], at, curvature, residual);
        sum_u += w[i] * Logistic::derivative(y[i], at);
        sum_h += w[i] * curvature;
    }
    sums[0] = sum_u;
    sums[1] = sum_h;
}

constexpr KernelTable table{
    InstructionSet::scalar,
    DenseKernels{&dot, &axpy, &sum_squares, &max_abs, &prox_elastic_net, &logistic_terms, &logistic_slope_sums},
    sparse_table<float, std::int32_t>(),
    sparse_table<float, std::int64_t>(),
    sparse_table<double, std::int32_t>(),
    sparse_table<double, std::int64_t>()};

}  // namespace

const KernelTable& scalar_table() noexcept { return table; }

}  // namespace sparsereg::kernels::detail
