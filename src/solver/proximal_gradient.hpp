#pragma once

// Accelerated proximal gradient (FISTA: Beck & Teboulle, SIAM J. Imaging
// Sci. 2009) for  min (1/n) Σ w_i f(y_i, η_i) + ElasticNet(b),  η = b0 + Z b,
// on the implicitly standardized columns z_j = (x_j − c_j)/d_j of a
// DesignMatrix, over a working set that grows with KKT violators exactly as
// coordinate descent's does, and stopped by the same certificate.
//
// - Step size: backtracking on the sufficient-decrease condition from an
//   estimate that shrinks by a fixed factor after every step, so the step
//   follows the local curvature instead of the worst case (Scheinberg,
//   Goldfarb & Bai, Found. Comput. Math. 2014).
// - Diagonal metric: each coordinate's step is scaled by the diagonal of the
//   datafit's Hessian bound, Σ w (x_j − c_j)² / (n d_j²) (1 on standardized
//   columns), so columns of wildly different scales (unstandardized 1e±150
//   next to the intercept's column of ones) all move; a single step size
//   would be set by the largest and freeze the others.
// - Adaptive restart: momentum is dropped whenever it points against the
//   last step, (y − x⁺)ᵀ(x⁺ − x) > 0 (O'Donoghue & Candès, Found. Comput.
//   Math. 2015), which restores linear convergence on strongly convex pieces.
// - Linear predictors: η at the candidate is η at the momentum point plus
//   Z δ over the working set's columns (CSC), or Xβ over rows (CSR, in
//   parallel) when the working set holds most of X; the choice depends on
//   the data only, so the bits do not depend on the thread count. Each check
//   recomputes η(x) from scratch, so the updates cannot drift.
// - Gradients Zᵀu: per column of the working set (CSC), in parallel.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <vector>

#include "kernels/kernels.hpp"
#include "kernels/sparse_ops.hpp"
#include "parallel/executor.hpp"
#include "solver/certificate.hpp"
#include "solver/solver_common.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/datafit.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

template <Datafit D, StorageValue T, StorageIndex I>
class ProximalGradient {
    // Iterations between certificate checks: short at first, since a warm
    // start often converges in a few steps, then longer, since a check costs
    // a pass over all of X.
    static constexpr std::int64_t first_check = 5;
    static constexpr std::int64_t max_check_interval = 100;
    static constexpr double step_growth = 2.0;    // backtracking factor on L
    static constexpr double step_shrink = 0.9;    // L's decay after each step
    static constexpr std::int64_t unpenalized_budget = 10000;
    static constexpr std::size_t columns_per_block = 256;
    static constexpr std::size_t rows_per_block = 1024;

public:
    ProximalGradient(const DesignMatrix<T, I>& X, std::span<const double> y, const ElasticNet& penalty,
                     SolverSettings settings)
        : X_(X),
          y_(y),
          w_(X.weights()),
          penalty_(penalty),
          settings_(settings),
          executor_(X.threads()),
          n_(static_cast<std::size_t>(X.rows())),
          p_(static_cast<std::size_t>(X.cols())),
          beta_(p_, 0.0),
          coef_x_(p_, 0.0),
          step_coef_(p_, 0.0),
          eta_x_(n_, 0.0),
          eta_y_(n_, 0.0),
          eta_candidate_(n_, 0.0),
          u_(n_, 0.0),
          total_nnz_(static_cast<std::size_t>(X.csc().nnz())),
          certificate_(X, y, penalty, executor_) {
        // Its products read csr(), which keeps all of the caller's columns.
        if (X.narrowed()) throw std::logic_error("ProximalGradient needs a design with all of X's columns");
        column_curvature_ = column_curvatures();
    }

    std::span<const double> beta() const noexcept { return beta_; }
    std::span<const double> gradient() const noexcept { return certificate_.gradient(); }
    // On the original scale of X: b0 − Σ_j c_j b_j / d_j.
    double original_intercept() const noexcept { return b0_ - offset(coef_x_); }
    double deviance() const noexcept { return 2.0 * certificate_.weighted_loss(); }

    // The intercept and the unpenalized coordinates, every penalized one at
    // 0, until their gradient is negligible next to the penalized ones' (λ_max
    // is read off this point's gradient).
    void fit_unpenalized() {
        std::vector<std::int64_t> free;
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (!X_.fixed_at_zero(jj) && penalty_.unpenalized(jj)) free.push_back(jj);
        }
        use_working_set(free);
        constexpr double any_lambda = 1.0;  // the free coordinates carry no penalty
        std::int64_t iterations = 0;
        check();
        while (!free.empty() && iterations < unpenalized_budget) {
            for (std::int64_t k = 0; k < max_check_interval; ++k, ++iterations) iterate(any_lambda);
            check();
            const auto g = certificate_.gradient();
            double free_max = 0, penalized_max = 0;
            for (std::size_t j = 0; j < p_; ++j) {
                const auto jj = static_cast<std::int64_t>(j);
                if (X_.fixed_at_zero(jj)) continue;
                double& slot = penalty_.unpenalized(jj) ? free_max : penalized_max;
                slot = std::max(slot, std::abs(g[j]));
            }
            if (free_max <= 1e-10 * penalized_max) break;
        }
    }

    // Minimizes at λ from the current point over `working_set` (penalized
    // features a screening rule kept, plus the unpenalized and the nonzero
    // ones), growing it with every KKT violator until none is left.
    PointStats solve(double lambda, std::vector<std::int64_t> working_set) {
        std::vector<char> in_set(p_, 0);
        for (auto j : working_set) in_set[static_cast<std::size_t>(j)] = 1;
        use_working_set(working_set);
        PointStats stats;
        StallDetector stall;
        stuck_ = false;
        std::int64_t interval = first_check;
        for (;;) {
            bool small_step = false;
            for (std::int64_t k = 0; k < interval && stats.epochs < settings_.max_epochs; ++k) {
                small_step = iterate(lambda);
                ++stats.epochs;
                if (small_step && settings_.stopping == StoppingRule::glmnet_thresh) break;
            }
            interval = std::min(2 * interval, max_check_interval);
            check();
            const bool added = add_kkt_violators(
                penalty_, [this](std::int64_t j) { return X_.fixed_at_zero(j); },
                certificate_.gradient(), lambda, in_set, working_set);
            certificate_.evaluate(beta_, lambda, stats);
            if (added) {
                use_working_set(working_set);
                continue;
            }
            if (solve_finished(stats, settings_, stall, small_step)) return stats;
            if (stuck_) {
                stats.status = Status::stalled;
                return stats;
            }
        }
    }

    // One proximal-gradient step over `set` at λ: the unit max_epochs counts,
    // exposed for the solver benchmarks (call start_steps once, then step).
    void start_steps(std::span<const std::int64_t> set) { use_working_set(set); }
    void step(double lambda) { iterate(lambda); }

private:
    std::size_t col(std::int64_t j) const noexcept { return static_cast<std::size_t>(j); }
    static double square(double x) noexcept { return x * x; }

    // Compact copies of what the iterations need per working-set coordinate;
    // momentum restarts, since the set's geometry changed.
    void use_working_set(std::span<const std::int64_t> set) {
        set_.assign(set.begin(), set.end());
        const std::size_t m = set_.size();
        momentum_.resize(m);
        candidate_.resize(m);
        gradient_.resize(m);
        set_nnz_ = 0;
        for (std::size_t k = 0; k < m; ++k) {
            momentum_[k] = beta_[col(set_[k])];
            set_nnz_ += X_.csc().col_rows(static_cast<I>(set_[k])).size();
        }
        momentum_b0_ = b0_;
        eta_y_ = eta_x_;
        std::fill(step_coef_.begin(), step_coef_.end(), 0.0);
        penalty_lambda_ = std::numeric_limits<double>::quiet_NaN();  // the set's penalty is stale
        t_ = 1.0;
    }

    // One FISTA step from the momentum point; true when it moved no
    // coordinate's quadratic model by more than tol × scale (glmnet's rule,
    // with L as the curvature).
    bool iterate(double lambda) {
        const double n = static_cast<double>(n_);
        const double sum_u = dual_point(eta_y_);
        set_gradient(sum_u);
        const double g0 = X_.intercept() ? sum_u : 0.0;
        if (lambda != penalty_lambda_) penalty_for(lambda);
        if (!(L_ > 0)) {
            L_ = initial_step_estimate();
            L_floor_ = 1e-12 * L_;
        }

        const std::size_t m = set_.size();
        double b0_candidate = momentum_b0_;
        for (;;) {
            // The prox at curvature L·metric_k, divided through by metric_k
            // (l1_, l2_ hold the penalty so divided) to use one curvature.
            for (std::size_t k = 0; k < m; ++k) {
                step_input_[k] = L_ * momentum_[k] - gradient_[k] / metric_[k];
            }
            dense_.prox_elastic_net(step_input_.data(), l1_.data(), l2_.data(), lower_.data(),
                                    upper_.data(), L_, candidate_.data(), m);
            // L Σ metric_k δ_k², each δ scaled by √(L metric_k) first: on raw
            // columns of huge values the steps are tiny (1e-155) and their
            // squares would underflow to 0, failing the test for every L.
            const double root = std::sqrt(L_);
            double scaled_distance = 0;
            for (std::size_t k = 0; k < m; ++k) {
                const double delta = root * root_metric_[k] * (candidate_[k] - momentum_[k]);
                scaled_distance += delta * delta;
            }
            b0_candidate = momentum_b0_ - g0 / L_;
            const double delta0 = root * (b0_candidate - momentum_b0_);
            scaled_distance += delta0 * delta0;
            predictor_at_candidate(b0_candidate);
            // f(x⁺) ≤ f(y) + ∇f(y)ᵀδ + L/2 ‖δ‖²_metric, written as a sum of Bregman
            // divergences in η so it is exact to rounding even for tiny steps.
            if (divergence(eta_y_, eta_candidate_) <= 0.5 * scaled_distance * n) break;
            if (!(L_ * step_growth < std::numeric_limits<double>::max())) {
                // No step size gives sufficient decrease in floating point
                // (a curvature beyond the double range): stay at x, and let
                // solve() report the point as stalled rather than accept a
                // step that may be infinite.
                stuck_ = true;
                return true;
            }
            L_ *= step_growth;
        }

        // Both in √L-scaled units, for the same reason as the test above.
        const double root = std::sqrt(L_);
        double restart = root * (momentum_b0_ - b0_candidate) * root * (b0_candidate - b0_);
        double largest_change = square(root * (b0_candidate - b0_));
        for (std::size_t k = 0; k < m; ++k) {
            const double x = beta_[col(set_[k])];
            const double scale = root * root_metric_[k];
            restart += scale * (momentum_[k] - candidate_[k]) * scale * (candidate_[k] - x);
            largest_change = std::max(largest_change, square(scale * (candidate_[k] - x)));
        }
        if (restart > 0) {
            t_ = 1.0;
            for (std::size_t k = 0; k < m; ++k) momentum_[k] = candidate_[k];
            momentum_b0_ = b0_candidate;
            eta_y_ = eta_candidate_;
        } else {
            const double t_next = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t_ * t_));
            const double weight = (t_ - 1.0) / t_next;
            t_ = t_next;
            for (std::size_t k = 0; k < m; ++k) {
                const double x = beta_[col(set_[k])];
                momentum_[k] = candidate_[k] + weight * (candidate_[k] - x);
            }
            momentum_b0_ = b0_candidate + weight * (b0_candidate - b0_);
            for (std::size_t i = 0; i < n_; ++i) {
                eta_y_[i] = eta_candidate_[i] + weight * (eta_candidate_[i] - eta_x_[i]);
            }
        }
        for (std::size_t k = 0; k < m; ++k) {
            const std::size_t j = col(set_[k]);
            beta_[j] = candidate_[k];
            coef_x_[j] = candidate_[k] / X_.scale(set_[k]);
        }
        b0_ = b0_candidate;
        std::swap(eta_x_, eta_candidate_);
        // Not below a floor: an exactly converged point passes the test with
        // any L, and L must not decay to 0 there.
        L_ = std::max(L_ * step_shrink, L_floor_);
        return largest_change <= settings_.tol * settings_.change_scale;
    }

    // The working set's penalty at λ, laid out for the vector prox.
    void penalty_for(double lambda) {
        const std::size_t m = set_.size();
        l1_.resize(m);
        l2_.resize(m);
        lower_.resize(m);
        upper_.resize(m);
        step_input_.resize(m);
        metric_.resize(m);
        root_metric_.resize(m);
        for (std::size_t k = 0; k < m; ++k) {
            metric_[k] = column_curvature_[col(set_[k])];
            root_metric_[k] = std::sqrt(metric_[k]);
            l1_[k] = penalty_.l1(set_[k], lambda) / metric_[k];
            l2_[k] = penalty_.l2(set_[k], lambda) / metric_[k];
            lower_[k] = penalty_.lower(set_[k]);
            upper_[k] = penalty_.upper(set_[k]);
        }
        penalty_lambda_ = lambda;
    }

    // u_i = w_i/n ∂f/∂η_i at eta; returns Σ u_i.
    double dual_point(const std::vector<double>& eta) {
        const double n = static_cast<double>(n_);
        double sum = 0;
        for (std::size_t i = 0; i < n_; ++i) {
            u_[i] = w_[i] / n * D::derivative(y_[i], eta[i]);
            sum += u_[i];
        }
        return sum;
    }

    // Σ w_i [f(to_i) − f(from_i) − f'(from_i)(to_i − from_i)].
    double divergence(const std::vector<double>& from, const std::vector<double>& to) const {
        double sum = 0;
        for (std::size_t i = 0; i < n_; ++i) {
            if (w_[i] != 0.0) sum += w_[i] * D::bregman(y_[i], from[i], to[i] - from[i]);
        }
        return sum;
    }

    // ∂/∂b_j of the data term at the momentum point, for the working set.
    void set_gradient(double sum_u) {
        executor_.for_each_range(set_.size(), columns_per_block, [&](std::size_t begin, std::size_t end) {
            for (std::size_t k = begin; k < end; ++k) {
                const auto j = set_[k];
                const auto rows = X_.csc().col_rows(static_cast<I>(j));
                const auto vals = X_.csc().col_values(static_cast<I>(j));
                const double dot = kernels::gather_dot(sparse_, vals.data(), rows.data(), rows.size(), u_.data());
                gradient_[k] = (dot - X_.center(j) * sum_u) / X_.scale(j);
            }
        });
    }

    // η at the candidate: η(y) + Zδ for the step δ, by the columns that moved
    // or, when the working set covers most of X, over the rows. Either way
    // the divergence test sees exactly Zδ, not the drift of η(y).
    void predictor_at_candidate(double b0_candidate) {
        if (2 * set_nnz_ > total_nnz_) {
            for (std::size_t k = 0; k < set_.size(); ++k) {
                step_coef_[col(set_[k])] = (candidate_[k] - momentum_[k]) / X_.scale(set_[k]);
            }
            predictor(step_coef_, b0_candidate - momentum_b0_, eta_candidate_);
            for (std::size_t i = 0; i < n_; ++i) eta_candidate_[i] += eta_y_[i];
            return;
        }
        eta_candidate_ = eta_y_;
        double shift = b0_candidate - momentum_b0_;
        for (std::size_t k = 0; k < set_.size(); ++k) {
            const double delta = candidate_[k] - momentum_[k];
            if (delta == 0.0) continue;
            const auto j = set_[k];
            const double scaled = delta / X_.scale(j);
            shift -= scaled * X_.center(j);
            const auto rows = X_.csc().col_rows(static_cast<I>(j));
            const auto vals = X_.csc().col_values(static_cast<I>(j));
            kernels::scatter_axpy(sparse_, scaled, vals.data(), rows.data(), rows.size(), eta_candidate_.data());
        }
        if (shift != 0.0) {
            for (auto& e : eta_candidate_) e += shift;
        }
    }

    // Σ_j c_j coef_j: the centring of η for original-scale coefficients.
    double offset(const std::vector<double>& coef) const {
        double sum = 0;
        for (std::size_t j = 0; j < p_; ++j) {
            if (coef[j] != 0.0) sum += coef[j] * X_.center(static_cast<std::int64_t>(j));
        }
        return sum;
    }

    // η = b0 + Σ_j coef_j (x_j − c_j) with coef_j = b_j / d_j, rows in
    // parallel over the CSR copy.
    void predictor(const std::vector<double>& coef, double b0, std::vector<double>& eta) {
        const double intercept = b0 - offset(coef);
        const auto& X = X_.csr();
        executor_.for_each_range(n_, rows_per_block, [&](std::size_t begin, std::size_t end) {
            sparse_.spmv_block(X.indptr().data(), X.indices().data(), X.values().data(), begin, end,
                               coef.data(), eta.data() + begin);
            for (std::size_t i = begin; i < end; ++i) eta[i] += intercept;
        });
    }

    // A first curvature estimate in the diagonal metric: the largest datafit
    // curvature over samples; the line search corrects it either way.
    double initial_step_estimate() const {
        double h_max = 0;
        for (std::size_t i = 0; i < n_; ++i) {
            double h = 0, r = 0;
            D::quadratic(y_[i], eta_x_[i], h, r);
            h_max = std::max(h_max, w_[i] * h);
        }
        return h_max > 0 ? h_max : 1.0;
    }

    // Σ w (x_j − c_j)² / (n d_j²) per column: the diagonal of ZᵀWZ/n, the
    // metric of the steps (1 on standardized columns; 1 where a column has
    // no weight, which then never moves anyway).
    std::vector<double> column_curvatures() const {
        std::vector<double> curvature(p_, 1.0);
        const double n = static_cast<double>(n_);
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (X_.fixed_at_zero(jj)) continue;
            const auto rows = X_.csc().col_rows(static_cast<I>(j));
            const auto vals = X_.csc().col_values(static_cast<I>(j));
            double sum_wx = 0, sum_wxx = 0;
            for (std::size_t e = 0; e < rows.size(); ++e) {
                const double w = w_[static_cast<std::size_t>(rows[e])];
                const double x = static_cast<double>(vals[e]);
                sum_wx += w * x;
                sum_wxx += w * x * x;
            }
            // Σ w (x − c)² over all rows, the zeros included (weights sum to n).
            const double c = X_.center(jj);
            const double d = X_.scale(jj);
            const double value = (sum_wxx - 2.0 * c * sum_wx + c * c * n) / (n * d * d);
            if (value > 0 && std::isfinite(value)) curvature[j] = value;
        }
        return curvature;
    }

    // At x: η from scratch (ending any drift of the updates), the intercept
    // made exactly optimal, and the certificate's sweep.
    void check() {
        for (std::size_t i = 0; i < n_; ++i) eta_y_[i] -= eta_x_[i];
        predictor(coef_x_, b0_, eta_x_);
        if (X_.intercept()) {
            const double shift = optimal_intercept_shift<D>(y_, w_, eta_x_, executor_);
            b0_ += shift;
            momentum_b0_ += shift;
            for (auto& e : eta_x_) e += shift;
        }
        // The momentum point keeps its offset from x.
        for (std::size_t i = 0; i < n_; ++i) eta_y_[i] += eta_x_[i];
        certificate_.sweep([this](std::size_t i) { return eta_x_[i]; });
    }

    const DesignMatrix<T, I>& X_;
    const kernels::SparseKernels<T, I>& sparse_ = kernels::best_kernels().sparse<T, I>();
    const kernels::DenseKernels& dense_ = kernels::best_kernels().dense;
    std::span<const double> y_;
    std::span<const double> w_;
    const ElasticNet& penalty_;
    SolverSettings settings_;
    Executor executor_;
    std::size_t n_;
    std::size_t p_;

    std::vector<double> column_curvature_;  // the step metric, per column
    std::vector<double> beta_;  // x: working (standardized) coefficients
    double b0_ = 0;             // x: working intercept
    std::vector<double> coef_x_;          // b_j / d_j at x, for products over rows
    std::vector<double> step_coef_;       // δ_j / d_j of a step, for products over rows

    std::vector<double> eta_x_;          // η at x
    std::vector<double> eta_y_;          // η at the momentum point
    std::vector<double> eta_candidate_;  // η at the step's candidate
    std::vector<double> u_;              // w_i/n ∂f/∂η_i at the momentum point

    // The working set and, per member, the momentum point, the candidate and
    // the gradient at the momentum point.
    std::vector<std::int64_t> set_;
    std::size_t set_nnz_ = 0;
    std::size_t total_nnz_;
    std::vector<double> momentum_;
    double momentum_b0_ = 0;
    std::vector<double> candidate_;
    std::vector<double> gradient_;
    // The working set's penalty terms (divided by the metric) and box at
    // penalty_lambda_, and the prox's input L y − ∇f(y)/metric.
    std::vector<double> l1_, l2_, lower_, upper_, step_input_;
    std::vector<double> metric_, root_metric_;  // the set's column curvatures and their roots
    double penalty_lambda_ = std::numeric_limits<double>::quiet_NaN();
    double t_ = 1.0;  // FISTA's momentum sequence
    double L_ = 0;    // current curvature (inverse step) estimate
    double L_floor_ = 0;
    bool stuck_ = false;  // the line search found no step at this λ

    Certificate<D, T, I> certificate_;
};

}  // namespace sparsereg::detail
