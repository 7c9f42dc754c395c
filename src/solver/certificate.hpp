#pragma once

// What certifies a point, whatever solver produced it: the dual point u_i =
// w_i/n ∂f/∂η_i, the gradient G_j = z_jᵀu of every feature, and from them the
// primal objective, the largest KKT violation and the duality gap
// P(b) − D(t·u), with t the largest rescaling that keeps the dual point
// feasible (Fercoq, Gramfort & Salmon, ICML 2015; Ndiaye et al., JMLR 2017).
// Coordinate descent and proximal gradient share it, so "converged" means the
// same for both.

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "kernels/kernels.hpp"
#include "kernels/sparse_ops.hpp"
#include "parallel/blocked_sums.hpp"
#include "parallel/executor.hpp"
#include "solver/datafit_terms.hpp"
#include "solver/solver_common.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/datafit.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

// The shift s of every η_i that makes the intercept optimal for the true
// datafit (Σ u_i = 0), which the dual point needs; Newton's method for a
// non-quadratic datafit. eta: the current linear predictor. Its sums run
// over fixed blocks in parallel: on a9a (32,561 rows) this sequential loop
// of exponentials was 6% of a one-thread path, after every round.
template <Datafit D>
double optimal_intercept_shift(std::span<const double> y, std::span<const double> w,
                               std::span<const double> eta, const Executor& executor) {
    // A non-quadratic datafit's steps are kept to this length and inside the
    // bracket of the root that the signs of the slopes so far give (the
    // slope grows with the shift): from a start 4 off on the logistic's flat
    // tails, a full Newton step went to −2e7.
    constexpr double max_step = 1.0;
    constexpr double inf = std::numeric_limits<double>::infinity();
    const auto& dense = kernels::best_kernels().dense;
    double shift = 0;
    double low = -inf;
    double high = inf;
    const int iterations = D::exact_quadratic ? 1 : 100;
    for (int it = 0; it < iterations; ++it) {
        const auto [g, curvature] = blocked_sums<2>(executor, y.size(), [&](std::size_t begin, std::size_t end) {
            std::array<double, 2> sums{};
            datafit_slope_sums<D>(dense, y.data() + begin, eta.data() + begin, shift, w.data() + begin,
                                  end - begin, sums.data());
            return sums;
        });
        if (g == 0.0 || !std::isfinite(g) || std::isnan(curvature)) break;
        double delta = 0;
        bool newton = true;  // a full Newton step, not a bounded one
        if constexpr (D::exact_quadratic) {
            if (!(curvature > 0)) break;
            delta = g / curvature;
        } else {
            (g > 0 ? high : low) = shift;
            delta = curvature > 0 ? g / curvature : std::copysign(inf, g);
            if (std::abs(delta) > max_step) {
                delta = std::copysign(max_step, delta);
                newton = false;
            }
            // (A step that rounds to nothing stays: the shift is at the root.)
            if (!(shift - delta >= low && shift - delta <= high)) {
                delta = shift - 0.5 * (low + high);  // both ends are known here
                newton = false;
            }
        }
        shift -= delta;
        const double tolerance = 1e-13 * (1.0 + std::abs(shift));
        if (std::abs(delta) <= tolerance) break;
        // Where the datafit bounds its third derivative by its second
        // (|f'''| ≤ κ f''), the step after a Newton step δ is at most
        // ½ κ e^(2κ|δ|) δ²: when that is below the tolerance, the evaluation
        // that would find it is skipped (a9a: 2.3 evaluations per solve,
        // 214 solves on its path).
        if constexpr (requires { D::curvature_change; }) {
            constexpr double kappa = D::curvature_change;
            if (newton && 0.5 * kappa * std::exp(2.0 * kappa * std::abs(delta)) * delta * delta <= tolerance) break;
        }
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
          eta_(n_),
          gradient_(p_, 0.0) {}

    std::span<const double> gradient() const noexcept { return gradient_; }
    std::span<const double> dual_point() const noexcept { return u_; }
    // Σ w_i f(y_i, η_i) at the last sweep.
    double weighted_loss() const noexcept { return weighted_loss_; }

    // u and the gradient of every feature at the predictor eta(i), in
    // parallel over columns (each G_j is one thread's sequential sum, so the
    // bits do not depend on the thread count). `same_point`: the caller's
    // last sweep (of some columns) was at this very predictor, so u stands
    // and only the gradients are left; on logistic paths with few features
    // that evaluation was a tenth of the time.
    template <class Eta>
    void sweep(Eta eta, bool same_point = false) {
        const double sum_u = same_point ? sum_u_ : dual_point_at(eta);
        constexpr std::size_t columns_per_block = 256;
        const auto& csc = X_.csc();
        executor_.for_each_range(p_, columns_per_block, [&](std::size_t begin, std::size_t end) {
            sparse_.spmv_block(csc.col_ptr().data(), csc.row_indices().data(), csc.values().data(),
                               begin, end, u_.data(), gradient_.data() + begin);
            for (std::size_t j = begin; j < end; ++j) {
                gradient_[j] = finish_gradient(static_cast<std::int64_t>(j), gradient_[j], sum_u);
            }
        });
    }

    // The same for the given columns only: the certificate of the problem
    // restricted to them (every other coefficient held at 0), at the cost of
    // their nonzeros instead of all of X's. The other gradients keep their
    // values from the last full sweep.
    template <class Eta>
    void sweep(Eta eta, std::span<const std::int64_t> columns) {
        const double sum_u = dual_point_at(eta);
        constexpr std::size_t columns_per_block = 64;
        const auto& csc = X_.csc();
        executor_.for_each_range(columns.size(), columns_per_block, [&](std::size_t begin, std::size_t end) {
            for (std::size_t k = begin; k < end; ++k) {
                const auto j = columns[k];
                const auto rows = csc.col_rows(static_cast<I>(j));
                const auto vals = csc.col_values(static_cast<I>(j));
                const double dot = kernels::gather_dot(sparse_, vals.data(), rows.data(), rows.size(), u_.data());
                gradient_[static_cast<std::size_t>(j)] = finish_gradient(j, dot, sum_u);
            }
        });
    }

    // Objective, KKT violation and duality gap at b, at the point of the last sweep.
    void evaluate(std::span<const double> beta, double lambda, PointStats& stats) {
        evaluate_over(beta, lambda, stats, p_, [](std::size_t k) { return static_cast<std::int64_t>(k); });
    }

    // The same for the problem restricted to `columns` (b is 0 outside them),
    // after sweep(eta, columns). Where no feature outside violates KKT, this
    // is the full problem's certificate too: those features change neither
    // the rescaling nor the dual.
    void evaluate(std::span<const double> beta, double lambda, std::span<const std::int64_t> columns,
                  PointStats& stats) {
        evaluate_over(beta, lambda, stats, columns.size(), [columns](std::size_t k) { return columns[k]; });
    }

private:
    // u_i = w_i/n f'(η_i) and the loss at eta(i) (called concurrently);
    // returns Σ u.
    template <class Eta>
    double dual_point_at(Eta eta) {
        const double n = static_cast<double>(n_);
        const auto [loss, sum_u] = blocked_sums<2>(executor_, n_, [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) eta_[i] = eta(i);
            const double block_loss = datafit_terms<D>(dense_, y_.data() + begin, eta_.data() + begin,
                                                       w_.data() + begin, u_.data() + begin, nullptr, end - begin);
            double block_sum_u = 0;
            for (std::size_t i = begin; i < end; ++i) {
                u_[i] /= n;
                block_sum_u += u_[i];
            }
            return std::array<double, 2>{block_loss, block_sum_u};
        });
        weighted_loss_ = loss;
        sum_u_ = sum_u;
        loss_dual_t_ = std::numeric_limits<double>::quiet_NaN();
        return sum_u;
    }

    // G_j = z_jᵀu from x_jᵀu, centring and scaling implicitly.
    double finish_gradient(std::int64_t j, double dot, double sum_u) const noexcept {
        // A fixed column's bits masked off rather than branched on: a Lasso
        // fixes its duplicate columns, scattered over news20's (37%), and
        // a branch per column mispredicted.
        const double gradient = (dot - X_.center(j) * sum_u) / X_.scale(j);
        const std::uint64_t keep = X_.fixed_at_zero(j) ? 0 : ~std::uint64_t{0};
        return std::bit_cast<double>(std::bit_cast<std::uint64_t>(gradient) & keep);
    }

    // Per block of features: its sums and extremes, combined in block order
    // (as blocked_sums does), so the bits do not depend on the thread count.
    // On news20 these loops over 385,513 features were a twentieth of a
    // one-thread path.
    struct BlockTotals {
        double penalty = 0;  // of the nonzero coefficients
        double worst = 0;    // the largest KKT violation
        // The largest rescaling t ≤ 1 of the dual point that keeps it
        // feasible; NaN when none does (an unpenalized feature whose gradient
        // is not 0).
        double t = 1.0;
        double dual = 0;  // −Σ conjugates at −t G_j
    };

    template <class Feature>
    void evaluate_over(std::span<const double> beta, double lambda, PointStats& stats, std::size_t count,
                       Feature feature) {
        blocks_.assign(Executor::block_count(count, items_per_sum_block), BlockTotals{});
        executor_.for_each_range(count, items_per_sum_block, [&](std::size_t begin, std::size_t end) {
            BlockTotals& block = blocks_[begin / items_per_sum_block];
            for (std::size_t k = begin; k < end; ++k) {
                const std::int64_t j = feature(k);
                const auto jj = static_cast<std::size_t>(j);
                // A fixed column has b = 0 and G = 0 (finish_gradient): it
                // adds nothing below, so it is not tested for (a news20
                // Lasso fixes 37% of its columns, scattered).
                if (beta[jj] != 0.0) block.penalty += penalty_.value(j, lambda, beta[jj]);
                block.worst = std::max(block.worst, penalty_.violation(j, lambda, beta[jj], gradient_[jj]));
                if (std::isnan(block.t)) continue;
                if (std::isinf(penalty_.conjugate(j, lambda, -gradient_[jj]))) {
                    const double limit = penalty_.l1(j, lambda) / std::abs(gradient_[jj]);
                    block.t = limit > 0 ? std::min(block.t, limit) : std::numeric_limits<double>::quiet_NaN();
                }
            }
        });
        double penalty = 0;
        double worst = 0;
        double t = 1.0;
        for (const BlockTotals& block : blocks_) {
            penalty += block.penalty;
            worst = std::max(worst, block.worst);
            t = std::isnan(t) || std::isnan(block.t) ? std::numeric_limits<double>::quiet_NaN() : std::min(t, block.t);
        }
        const double n = static_cast<double>(n_);
        stats.objective = weighted_loss_ / n + penalty;
        stats.kkt = worst / lambda;
        if (std::isnan(t)) {
            stats.duality_gap = t;
            return;
        }
        // P − D(t u).
        executor_.for_each_range(count, items_per_sum_block, [&](std::size_t begin, std::size_t end) {
            double dual = 0;
            for (std::size_t k = begin; k < end; ++k) {
                const std::int64_t j = feature(k);
                // 0 for a fixed column (G = 0).
                dual -= penalty_.conjugate(j, lambda, -t * gradient_[static_cast<std::size_t>(j)]);
            }
            blocks_[begin / items_per_sum_block].dual = dual;
        });
        // A full check after a restricted one that passed has the same u and
        // mostly the same t: its n conjugates (two logs each for the
        // logistic) are known.
        if (!(t == loss_dual_t_)) {
            loss_dual_t_ = t;
            loss_dual_ = loss_dual(t);
        }
        double dual = loss_dual_;
        for (const BlockTotals& block : blocks_) dual += block.dual;
        stats.duality_gap = std::max(stats.objective - dual, 0.0);
    }

    // −Σ w_i/n f*(y_i, t u_i n / w_i), the datafit's part of D(t u).
    double loss_dual(double t) const {
        const double n = static_cast<double>(n_);
        return blocked_sums<1>(executor_, n_, [&](std::size_t begin, std::size_t end) {
            double dual = 0;
            for (std::size_t i = begin; i < end; ++i) {
                if (w_[i] == 0.0) continue;
                dual -= w_[i] / n * D::conjugate(y_[i], t * u_[i] * n / w_[i]);
            }
            return std::array<double, 1>{dual};
        })[0];
    }

    const DesignMatrix<T, I>& X_;
    const kernels::SparseKernels<T, I>& sparse_ = kernels::best_kernels().sparse<T, I>();
    const kernels::DenseKernels& dense_ = kernels::best_kernels().dense;
    std::span<const double> y_;
    std::span<const double> w_;
    const ElasticNet& penalty_;
    const Executor& executor_;
    std::size_t n_;
    std::size_t p_;
    std::vector<double> u_;
    std::vector<double> eta_;  // the predictor of the last sweep
    std::vector<double> gradient_;
    double weighted_loss_ = 0;
    double sum_u_ = 0;  // Σ u at the last dual point
    // loss_dual(t) at the last dual point, and its t (NaN: none yet).
    double loss_dual_t_ = std::numeric_limits<double>::quiet_NaN();
    double loss_dual_ = 0;
    std::vector<BlockTotals> blocks_;  // evaluate_over's, per block of features
};

}  // namespace sparsereg::detail
