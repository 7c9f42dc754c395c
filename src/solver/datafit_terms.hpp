#pragma once

// A datafit's per-sample terms over whole arrays, through the SIMD kernels
// where there is one: the solvers' passes over the samples (the model
// rebuild, the certificate's dual point, the line search, the intercept's
// Newton steps) spent more than half of a small logistic path (heart: 270
// samples, 68 λ) in scalar exp, log1p and log.
//
//   returns Σ w_i f(y_i, η_i); u_i = w_i f'(y_i, η_i); and, unless h is null,
//   h_i = w_i × the curvature of the datafit's quadratic model at η_i.

#include <cstddef>
#include <type_traits>

#include "kernels/kernels.hpp"
#include "sparsereg/datafit/datafit.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/datafit/quadratic.hpp"

namespace sparsereg::detail {

template <Datafit D>
double datafit_terms(const kernels::DenseKernels& kernels, const double* y, const double* eta,
                     const double* w, double* u, double* h, std::size_t n) {
    if constexpr (std::is_same_v<D, Logistic>) {
        return kernels.logistic_terms(y, eta, w, u, h, n);
    } else {
        double loss = 0;
        for (std::size_t i = 0; i < n; ++i) {
            u[i] = w[i] * D::derivative(y[i], eta[i]);
            if (h != nullptr) {
                double curvature = 0, residual = 0;
                D::quadratic(y[i], eta[i], curvature, residual);
                h[i] = w[i] * curvature;
            }
            loss += w[i] * D::loss(y[i], eta[i]);
        }
        return loss;
    }
}

// Σ u_i and Σ h_i of datafit_terms at η_i + shift, into sums[0..1].
template <Datafit D>
void datafit_slope_sums(const kernels::DenseKernels& kernels, const double* y, const double* eta, double shift,
                        const double* w, std::size_t n, double* sums) {
    if constexpr (std::is_same_v<D, Logistic>) {
        kernels.logistic_slope_sums(y, eta, shift, w, n, sums);
    } else {
        double sum_u = 0, sum_h = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double curvature = 0, residual = 0;
            D::quadratic(y[i], eta[i] + shift, curvature, residual);
            sum_u += w[i] * D::derivative(y[i], eta[i] + shift);
            sum_h += w[i] * curvature;
        }
        sums[0] = sum_u;
        sums[1] = sum_h;
    }
}

}  // namespace sparsereg::detail
