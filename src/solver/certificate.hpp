#pragma once

// What certifies a point, whatever solver produced it: the dual point u_i =
// w_i/n ∂f/∂η_i, the gradient G_j = z_jᵀu of every feature, and from them the
// primal objective, the largest KKT violation and the duality gap
// P(b) − D(t·u), with t the largest rescaling that keeps the dual point
// feasible (Fercoq, Gramfort & Salmon, ICML 2015; Ndiaye et al., JMLR 2017).
// Coordinate descent and proximal gradient share it, so "converged" means the
// same for both.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "kernels/kernels.hpp"
#include "parallel/executor.hpp"
#include "solver/solver_common.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/datafit.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

// The shift s of every η_i that makes the intercept optimal for the true
// datafit (Σ u_i = 0), which the dual point needs; Newton's method for a
// non-quadratic datafit. eta(i) is the current linear predictor.
template <Datafit D, class Eta>
double optimal_intercept_shift(std::span<const double> y, std::span<const double> w, Eta eta) {
    const std::size_t n = y.size();
    double shift = 0;
    const int iterations = D::exact_quadratic ? 1 : 100;
    for (int it = 0; it < iterations; ++it) {
        double g = 0, h = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double curvature = 0, r = 0;
            D::quadratic(y[i], eta(i) + shift, curvature, r);
            g -= w[i] * curvature * r;  // the derivative: h r = y − p
            h += w[i] * curvature;
        }
        if (!(h > 0)) break;
        const double delta = g / h;
        shift -= delta;
        if (std::abs(delta) <= 1e-13 * (1.0 + std::abs(shift))) break;
    }
    return shift;
}

template <Datafit D, StorageValue T, StorageIndex I>
class Certificate {
public:
    Certificate(const DesignMatrix<T, I>& X, std::span<const double> y, const ElasticNet& penalty,
                const Executor& executor)
        : X_(X),
          y_(y),
          w_(X.weights()),
          penalty_(penalty),
          executor_(executor),
          n_(static_cast<std::size_t>(X.rows())),
          p_(static_cast<std::size_t>(X.cols())),
          u_(n_),
          gradient_(p_, 0.0) {}

    std::span<const double> gradient() const noexcept { return gradient_; }
    std::span<const double> dual_point() const noexcept { return u_; }
    // Σ w_i f(y_i, η_i) at the last sweep.
    double weighted_loss() const noexcept { return weighted_loss_; }

    // u and the gradient of every feature at the predictor eta(i), in
    // parallel over columns (each G_j is one thread's sequential sum, so the
    // bits do not depend on the thread count).
    template <class Eta>
    void sweep(Eta eta) {
        const double n = static_cast<double>(n_);
        double sum_u = 0, loss = 0;
        for (std::size_t i = 0; i < n_; ++i) {
            const double e = eta(i);
            u_[i] = w_[i] / n * D::derivative(y_[i], e);
            sum_u += u_[i];
            loss += w_[i] * D::loss(y_[i], e);
        }
        weighted_loss_ = loss;
        constexpr std::size_t columns_per_block = 256;
        const auto& csc = X_.csc();
        executor_.for_each_range(p_, columns_per_block, [&](std::size_t begin, std::size_t end) {
            sparse_.spmv_block(csc.col_ptr().data(), csc.row_indices().data(), csc.values().data(),
                               begin, end, u_.data(), gradient_.data() + begin);
            for (std::size_t j = begin; j < end; ++j) {
                const auto jj = static_cast<std::int64_t>(j);
                gradient_[j] = X_.fixed_at_zero(jj)
                                   ? 0.0
                                   : (gradient_[j] - X_.center(jj) * sum_u) / X_.scale(jj);
            }
        });
    }

    // Objective, KKT violation and duality gap at b, at the point of the last sweep.
    void evaluate(std::span<const double> beta, double lambda, PointStats& stats) const {
        stats.objective = primal(beta, lambda);
        stats.kkt = kkt_violation(beta, lambda);
        stats.duality_gap = duality_gap(lambda, stats.objective);
    }

    // The objective at b, at the point of the last sweep.
    double primal(std::span<const double> beta, double lambda) const {
        double penalty = 0;
        for (std::size_t j = 0; j < p_; ++j) {
            if (beta[j] != 0.0) penalty += penalty_.value(static_cast<std::int64_t>(j), lambda, beta[j]);
        }
        return weighted_loss_ / static_cast<double>(n_) + penalty;
    }

    // Max over features of the KKT violation at b, divided by λ.
    double kkt_violation(std::span<const double> beta, double lambda) const {
        double worst = 0;
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (X_.fixed_at_zero(jj)) continue;
            worst = std::max(worst, penalty_.violation(jj, lambda, beta[j], gradient_[j]));
        }
        return worst / lambda;
    }

    // P − D(t u); NaN when no rescaling makes u dual feasible (an
    // unpenalized feature whose gradient is not exactly 0).
    double duality_gap(double lambda, double objective) const {
        double t = 1.0;
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (X_.fixed_at_zero(jj) || gradient_[j] == 0.0) continue;
            if (std::isinf(penalty_.conjugate(jj, lambda, -gradient_[j]))) {
                const double limit = penalty_.l1(jj, lambda) / std::abs(gradient_[j]);
                if (!(limit > 0)) return std::numeric_limits<double>::quiet_NaN();
                t = std::min(t, limit);
            }
        }
        const double n = static_cast<double>(n_);
        double dual = 0;
        for (std::size_t i = 0; i < n_; ++i) {
            if (w_[i] == 0.0) continue;
            dual -= w_[i] / n * D::conjugate(y_[i], t * u_[i] * n / w_[i]);
        }
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (X_.fixed_at_zero(jj)) continue;
            dual -= penalty_.conjugate(jj, lambda, -t * gradient_[j]);
        }
        return std::max(objective - dual, 0.0);
    }

private:
    const DesignMatrix<T, I>& X_;
    const kernels::SparseKernels<T, I>& sparse_ = kernels::best_kernels().sparse<T, I>();
    std::span<const double> y_;
    std::span<const double> w_;
    const ElasticNet& penalty_;
    const Executor& executor_;
    std::size_t n_;
    std::size_t p_;
    std::vector<double> u_;
    std::vector<double> gradient_;
    double weighted_loss_ = 0;
};

}  // namespace sparsereg::detail
