#pragma once

// Cyclic coordinate descent for  min (1/n) Σ w_i f(y_i, η_i) + ElasticNet(b),
// η = b0 + Z b, on the implicitly standardized columns z_j = (x_j − c_j)/d_j
// of a DesignMatrix, following glmnet (Friedman, Hastie & Tibshirani, J. Stat.
// Softw. 2010): each coordinate takes one 1-D prox step on a quadratic model
// of the datafit; for a non-quadratic datafit the model is rebuilt at the
// current point (IRLS), which makes the outer loop a proximal-Newton method.
//
// Stopping is certified: after the working set converges, one sweep computes
// the true gradient G_j = z_jᵀu (u_i = w_i/n ∂f/∂η) for every feature; features
// outside the working set that violate KKT join it, and the duality gap
// P(b) − D(t·u), with t the largest rescaling that keeps the dual point
// feasible (Fercoq, Gramfort & Salmon, ICML 2015; Ndiaye et al., JMLR 2017),
// must be below tol × P, else the inner tolerance is tightened.
//
// The residual is kept sparse-friendly as r = ρ + o − b0: ρ changes only on
// the rows of a moved column, o = Σ_j c_j b_j / d_j and b0 are scalars, so
// centring never densifies X (glmnetpp's sparse "naive" update).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "kernels/kernels.hpp"
#include "kernels/sparse_ops.hpp"
#include "parallel/blocked_sums.hpp"
#include "parallel/executor.hpp"
#include "solver/anderson.hpp"
#include "solver/certificate.hpp"
#include "solver/datafit_terms.hpp"
#include "solver/path_prediction.hpp"
#include "solver/solver_common.hpp"
#include "solver/support_newton.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/datafit.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

template <Datafit D, StorageValue T, StorageIndex I>
class CoordinateDescent {
    // Epochs between certificate checks; a check costs about one epoch over
    // all features, so this keeps it a small fraction of the work.
    static constexpr std::int64_t epochs_per_check = 100;
    static constexpr std::int64_t unpenalized_epoch_budget = 1000;
    static constexpr std::size_t anderson_depth = 5;
    // Solves of the whole model come early only where one costs at most this
    // many passes: on rcv1 one costs thousands of its cheap passes over rare
    // features, and early solves there took 4x the time.
    static constexpr double early_solve_passes = 32;
    // A non-quadratic datafit's model changes its weights each rebuild, and
    // with them H; while the point moves little, H of the last weights (and
    // its factor) still makes good Newton steps at a fraction of the cost of
    // forming and factoring it anew (see newton_step).
    static constexpr bool stale_hessians = !D::exact_quadratic;
    static constexpr double stale_band = 1.25;
    // Where a check is cheap (the restricted certificate: a working set under
    // half the features), a non-quadratic datafit starts each λ's inner
    // tolerance no tighter than this, as at the Lasso's default tol: its
    // first model is built at the warm start and replaced at the next
    // rebuild, and solving it to a 1e-9 tol (α < 1) over-solves it;
    // tightened() then follows the gap. Logistic α 0.5 paths, same-run
    // medians of 3: news20 raw 0.93x, standardized 0.95x, rcv1 raw 0.85x,
    // finefoods 0.98x, a9a/w8a 0.99-1.01x. Not for least squares (its
    // model is exact; gasoline took 1.5x the passes), nor where a check
    // sweeps all features and samples (a9a 1.15x, w8a 1.13x).
    static constexpr double loosest_first_inner_tol = 1e-7;

public:
    CoordinateDescent(const DesignMatrix<T, I>& X, std::span<const double> y,
                      const ElasticNet& penalty, SolverSettings settings)
        : X_(X),
          y_(y),
          w_(X.weights()),
          penalty_(penalty),
          settings_(settings),
          executor_(X.threads()),
          n_(static_cast<std::size_t>(X.rows())),
          p_(static_cast<std::size_t>(X.cols())),
          inv_n_(1.0 / static_cast<double>(n_)),
          beta_(p_, 0.0),
          t_(n_),
          rho_(n_),
          v_(n_),
          vx_(p_),
          vxx_(p_, -1.0),
          certificate_(X, y, penalty, executor_),
          newton_(X, &executor_) {
        // Exact solves of the model know no box limits: with any, coordinate
        // descent works alone.
        for (std::size_t j = 0; j < p_ && settings_.support_newton && penalty_.has_limits(); ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (std::isfinite(penalty_.lower(jj)) || std::isfinite(penalty_.upper(jj))) {
                settings_.support_newton = false;
            }
        }
        rebuild_quadratic();
    }

    std::span<const double> beta() const noexcept { return beta_; }
    std::span<const double> gradient() const noexcept { return certificate_.gradient(); }
    // On the original scale of X: b0 − Σ_j c_j b_j / d_j.
    double original_intercept() const noexcept { return b0_ - offset_; }

    // 2 Σ w_i f(y_i, η_i) at the point of the last solve (its closing sweep).
    double deviance() const noexcept { return 2.0 * certificate_.weighted_loss(); }

    // The intercept and the unpenalized coordinates, every penalized one at 0:
    // the start of a path, where λ_max is read off the gradient.
    void fit_unpenalized() {
        std::vector<std::int64_t> free;
        for (std::size_t j = 0; j < p_; ++j) {
            const auto jj = static_cast<std::int64_t>(j);
            if (!X_.fixed_at_zero(jj) && penalty_.unpenalized(jj)) free.push_back(jj);
        }
        // Tight, since λ_max is read off this point's gradient: Newton steps
        // until they stop shrinking, i.e. reach the floor of rounding.
        std::int64_t epochs = 0;
        double last = std::numeric_limits<double>::infinity();
        for (int outer = 0; outer < 100; ++outer) {
            if (!D::exact_quadratic) rebuild_quadratic();
            const Round round = converge(free, 0.0, 1e-24 * settings_.change_scale, epochs,
                                         unpenalized_epoch_budget);
            if (D::exact_quadratic || !(round.first_pass < 0.5 * last)) break;
            last = round.first_pass;
        }
        optimal_intercept();
        sweep();
    }

    // Minimizes at λ from the current point. `working_set` (penalized features
    // a screening rule kept, plus the unpenalized and the nonzero ones) grows
    // with every KKT violator until none is left.
    //
    // While the working set is a small part of X, each check certifies the
    // problem restricted to it first (Certificate::sweep on its columns), and
    // only a restricted certificate that passes, or stops improving, earns a
    // sweep of all of X: the full sweeps and the per-feature loops of the
    // certificate were most of the time of a news20 path.
    //
    // Where predicts_starts(), the solve starts where the secant through the
    // last two solutions points, when that lowers the objective (see
    // PathPrediction).
    PointStats solve(double lambda, std::vector<std::int64_t> working_set) {
        if (!predicts_starts()) return solve_from_start(lambda, working_set);
        if (prediction_.aim(lambda)) start_from_prediction(lambda, working_set);
        const PointStats stats = solve_from_start(lambda, working_set);
        prediction_.record(lambda, b0_, beta_, working_set);
        return stats;
    }

    // The next inner tolerance after a check that failed: a tenth, or for a
    // non-quadratic datafit less by as much as the gap is above its target,
    // since the suboptimality left by converged passes scales about with the
    // tolerance. There each round also rebuilds the model and solves the
    // intercept by Newton steps, and heart's and a9a's λ took 6 to 10 rounds
    // of tenths (now 0.74x and 0.83x the time). For the quadratic a round is
    // a certificate alone, and larger steps over-solve collinear data
    // (bloodbrain 1.7x slower).
    double tightened(double inner_tol, const PointStats& failed) const {
        if (D::exact_quadratic) return 0.1 * inner_tol;
        const double target = settings_.tol * std::abs(failed.objective);
        const double excess = failed.duality_gap / target;
        if (!(excess > 1.0) || !std::isfinite(excess)) return 0.1 * inner_tol;
        return inner_tol * std::clamp(0.1 / excess, 1e-3, 0.1);
    }

    // One coordinate pass over `set` at λ under the current quadratic model:
    // the unit max_epochs counts, exposed for the solver benchmarks.
    double epoch(std::span<const std::int64_t> set, double lambda) { return pass(set, lambda); }

private:
    // solve() from the current point; `working_set` grows as it goes.
    PointStats solve_from_start(double lambda, std::vector<std::int64_t>& working_set) {
        std::vector<char> in_set(p_, 0);
        for (auto j : working_set) in_set[static_cast<std::size_t>(j)] = 1;
        PointStats stats;
        const bool loose_first_model = !D::exact_quadratic && restricted_checks(working_set);
        double inner_tol = (loose_first_model ? std::max(settings_.tol, loosest_first_inner_tol) : settings_.tol) *
                           settings_.change_scale;
        StallDetector stall;
        StallDetector restricted_stall;
        bool restricted_stalled = false;
        for (;;) {
            const Round round =
                converge_model(working_set, lambda, inner_tol, stats.epochs, epochs_per_check);
            optimal_intercept();
            bool swept_here = false;  // the restricted certificate's u is this point's
            if (settings_.stopping == StoppingRule::duality_gap && !restricted_stalled &&
                restricted_checks(working_set) && stats.epochs < settings_.max_epochs) {
                PointStats restricted = stats;
                certificate_.sweep([this](std::size_t i) { return eta(i); }, working_set);
                swept_here = true;
                certificate_.evaluate(beta_, lambda, working_set, restricted);
                if (!certified(restricted, settings_.tol)) {
                    restricted_stalled = restricted_stall.stalled(restricted);
                    if (!restricted_stalled && !round.finished) continue;
                    if (!restricted_stalled && round.first_pass != 0.0) {
                        inner_tol = tightened(inner_tol, restricted);
                        continue;
                    }
                }
            }
            sweep(swept_here);
            const bool added = add_kkt_violators(
                penalty_, [this](std::int64_t j) { return X_.fixed_at_zero(j); },
                certificate_.gradient(), lambda, in_set, working_set);
            certificate_.evaluate(beta_, lambda, stats);
            if (added) {
                restricted_stall = StallDetector();
                restricted_stalled = false;
                continue;
            }
            if (solve_finished(stats, settings_, stall, round.finished)) return stats;
            if (restricted_stalled) {
                stats.status = Status::stalled;
                return stats;
            }
            if (!round.finished) continue;  // budget spent: keep going at this tolerance
            if (round.first_pass == 0.0) {
                stats.status = Status::stalled;
                return stats;
            }
            inner_tol = tightened(inner_tol, stats);
        }
    }

    // Where the secant starts pay: a non-quadratic datafit (least squares
    // paths took as many passes or more: gasoline α 0.5 raw 607 against
    // 344), with more features than samples (text, genomics), where passes
    // do the work. With more samples than features, whole-set Newton steps
    // under the last model's H do it, and a moved start, which needs a new
    // model, cost them: a9a α 0.5 took 1.16-1.21x the time (1.04-1.07x
    // with starts moved only while the working set was under half the
    // features), w8a 1.05-1.06x.
    bool predicts_starts() const noexcept { return settings_.path_prediction && !D::exact_quadratic && p_ > n_; }

    // Moves the coefficients of `working_set` (all of the last solution's
    // nonzeros) and the intercept to where prediction_ points, and keeps
    // them there only if the objective at λ is lower than at the last
    // solution.
    void start_from_prediction(double lambda, std::span<const std::int64_t> working_set) {
        // Every solve ends on a sweep of the certificate at its solution.
        const double at_last = objective_on(working_set, lambda, certificate_.weighted_loss());
        // Undone from copies, as a rejected Newton step is.
        last_solution_.resize(working_set.size());
        rho_saved_ = rho_;
        const double offset_last = offset_;
        const double b0_last = b0_;
        const double sum_v_rho_last = sum_v_rho_;
        for (std::size_t k = 0; k < working_set.size(); ++k) {
            const std::int64_t j = working_set[k];
            last_solution_[k] = beta_[col(j)];
            move_to(j, prediction_.coefficient(j, last_solution_[k], penalty_.lower(j), penalty_.upper(j)));
        }
        b0_ = prediction_.intercept(b0_last);
        if (objective_on(working_set, lambda, current_weighted_loss()) < at_last) {
            model_at_point_ = false;  // the last model was built at the last solution
            return;
        }
        for (std::size_t k = 0; k < working_set.size(); ++k) beta_[col(working_set[k])] = last_solution_[k];
        rho_ = rho_saved_;
        offset_ = offset_last;
        b0_ = b0_last;
        sum_v_rho_ = sum_v_rho_last;
    }

    std::size_t col(std::int64_t j) const noexcept { return static_cast<std::size_t>(j); }
    // A working set under half the features is checked on its own columns
    // first (see solve), which costs a fraction of a sweep of all of X.
    bool restricted_checks(std::span<const std::int64_t> working_set) const noexcept {
        return 2 * working_set.size() < p_;
    }
    double residual(std::size_t i) const noexcept { return rho_[i] + offset_ - b0_; }
    double eta(std::size_t i) const noexcept { return t_[i] - residual(i); }

    // The quadratic model of the datafit at the current η: weights v = w h,
    // working response t = η + r, so that r = t − η stays the residual.
    // Also records the datafit's value there, for the line search. Blocks
    // whose η is where the last line search evaluated the datafit take its
    // terms: a step the search accepts is where the next model is built.
    void rebuild_quadratic() {
        eta_.resize(n_);
        scratch_.resize(n_);
        const bool reuse = terms_at_eta_;
        terms_at_eta_ = false;
        const auto [loss, sum_v, sum_vr] = blocked_sums<3>(executor_, n_, [&](std::size_t begin, std::size_t end) {
            bool same = reuse;
            for (std::size_t i = begin; i < end; ++i) {
                const double at = eta(i);
                same = same && at == eta_[i];
                eta_[i] = at;
            }
            double block_loss = 0;
            if (same) {
                block_loss = point_block_loss_[begin / items_per_sum_block][0];
                std::copy(point_weights_.begin() + static_cast<std::ptrdiff_t>(begin),
                          point_weights_.begin() + static_cast<std::ptrdiff_t>(end),
                          v_.begin() + static_cast<std::ptrdiff_t>(begin));
            } else {
                block_loss = datafit_terms<D>(dense_, y_.data() + begin, eta_.data() + begin, w_.data() + begin,
                                              scratch_.data() + begin, v_.data() + begin, end - begin);
            }
            double block_sum_v = 0, block_sum_vr = 0;
            for (std::size_t i = begin; i < end; ++i) {
                // The working residual (y − p) / curvature is −u / v; any
                // value serves a row of weight 0.
                const double r = v_[i] > 0 ? -scratch_[i] / v_[i] : 0.0;
                t_[i] = eta_[i] + r;
                rho_[i] = r - (offset_ - b0_);
                block_sum_v += v_[i];
                block_sum_vr += v_[i] * rho_[i];
            }
            return std::array<double, 3>{block_loss, block_sum_v, block_sum_vr};
        });
        model_loss_ = loss;
        sum_v_ = sum_v;
        sum_v_rho_ = sum_vr;
        ++model_version_;
        for (auto j : summed_) vxx_[col(j)] = -1.0;
        summed_.clear();
    }

    void predictor(std::vector<double>& out) const {
        out.resize(n_);
        for (std::size_t i = 0; i < n_; ++i) out[i] = eta(i);
    }

    // The objective at the current point counting only the penalty of `set`
    // (the coordinates outside it are fixed during a solve).
    double objective_on(std::span<const std::int64_t> set, double lambda, double weighted_loss) const {
        double penalty = 0;
        for (auto j : set) penalty += penalty_.value(j, lambda, beta_[col(j)]);
        return weighted_loss / static_cast<double>(n_) + penalty;
    }

    // Σ w_i f(y_i, η_i) at the current point; the same call's u, model
    // weights and block sums stay for rebuild_quadratic.
    double current_weighted_loss() {
        eta_.resize(n_);
        scratch_.resize(n_);
        point_weights_.resize(n_);
        terms_at_eta_ = true;
        return blocked_sums<1>(
            executor_, n_,
            [&](std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i) eta_[i] = eta(i);
                return std::array<double, 1>{datafit_terms<D>(dense_, y_.data() + begin, eta_.data() + begin,
                                                              w_.data() + begin, scratch_.data() + begin,
                                                              point_weights_.data() + begin, end - begin)};
            },
            point_block_loss_)[0];
    }

    // The proximal-Newton step from the point the model was built at to the
    // model's (approximate) minimizer must not raise the true objective: if
    // it does, halve it until it does not (backtracking line search; Lee, Sun
    // & Saunders, "Proximal Newton-type methods", SIAM J. Optim. 2014). Far
    // from the optimum, e.g. when many features have just entered, the
    // quadratic model can overshoot badly.
    void line_search(std::span<const std::int64_t> set, double lambda) {
        // Near the optimum a step changes the objective by less than its
        // rounding; such a step is not rejected.
        const double before = objective_on_start_ + 1e-14 * std::abs(objective_on_start_);
        if (objective_on(set, lambda, current_weighted_loss()) <= before) return;
        step_end_.resize(set.size());
        for (std::size_t k = 0; k < set.size(); ++k) step_end_[k] = beta_[col(set[k])];
        const double b0_end = b0_;
        for (double fraction = 0.5; fraction > 1e-6; fraction *= 0.5) {  // NOLINT(cert-flp30-c,clang-analyzer-security.FloatLoopCounter): halving a power of two is exact; 19 steps
            for (std::size_t k = 0; k < set.size(); ++k) {
                move_to(set[k], step_start_[k] + fraction * (step_end_[k] - step_start_[k]));
            }
            b0_ = b0_start_ + fraction * (b0_end - b0_start_);
            if (objective_on(set, lambda, current_weighted_loss()) <= before) return;
        }
        for (std::size_t k = 0; k < set.size(); ++k) move_to(set[k], step_start_[k]);
        b0_ = b0_start_;
    }

    // x_jᵀ V ρ, with vx_ and vxx_ of column j brought up to the model: on
    // the first visit under a model they come in the same pass. Newton
    // steps read them too (two kernel calls per coordinate there took 10%
    // of a9a's path).
    double weighted_sums(std::int64_t j) {
        const auto rows = X_.csc().col_rows(static_cast<I>(j));
        const auto vals = X_.csc().col_values(static_cast<I>(j));
        const std::size_t jj = col(j);
        if (vxx_[jj] >= 0.0) {
            return kernels::gather_dot_weighted(sparse_, vals.data(), rows.data(), rows.size(), v_.data(), rho_.data());
        }
        double moments[3];
        kernels::gather_moments(sparse_, vals.data(), rows.data(), rows.size(), v_.data(), rho_.data(), moments);
        vx_[jj] = moments[0];
        vxx_[jj] = moments[1];
        summed_.push_back(j);
        return moments[2];
    }

    // One coordinate step; returns its change of the quadratic model, H δ².
    double step(std::int64_t j, double lambda) {
        const std::size_t jj = col(j);
        // The reciprocals first, so their divisions run during the column's
        // sums rather than after them: on text columns of a few nonzeros,
        // three divisions in a row after the sums were most of a step's own
        // time (finefoods: the step's code 16% of a path, its kernels 17%).
        const double inv_d = 1.0 / X_.scale(j);
        const double inv_nd = inv_d * inv_n_;
        const double dot = weighted_sums(j);
        const double c = X_.center(j);
        const double a = offset_ - b0_;
        const double curvature = (vxx_[jj] - 2.0 * c * vx_[jj] + c * c * sum_v_) * inv_nd * inv_d;
        if (!(curvature > 0)) return 0.0;  // every row of the column has zero weight
        const double g = (dot + a * vx_[jj] - c * (sum_v_rho_ + a * sum_v_)) * inv_nd;
        const double updated = penalty_.prox(j, lambda, curvature * beta_[jj] + g, curvature);
        const double delta = updated - beta_[jj];
        if (delta == 0.0) return 0.0;
        beta_[jj] = updated;
        const double scaled = delta * inv_d;
        const auto rows = X_.csc().col_rows(static_cast<I>(j));
        const auto vals = X_.csc().col_values(static_cast<I>(j));
        kernels::scatter_axpy(sparse_, -scaled, vals.data(), rows.data(), rows.size(), rho_.data());
        sum_v_rho_ -= scaled * vx_[jj];
        offset_ += scaled * c;
        return curvature * delta * delta;
    }

    double intercept_step() {
        if (!X_.intercept() || !(sum_v_ > 0)) return 0.0;
        const double delta = (sum_v_rho_ + (offset_ - b0_) * sum_v_) / sum_v_;
        b0_ += delta;
        return sum_v_ / static_cast<double>(n_) * delta * delta;
    }

    // With `movement`, adds each coordinate's change to its entry there.
    //
    // Each step first asks for what a step a few coordinates ahead will
    // read: a step on a rare text feature is a chain of cache misses (its
    // column's bounds, then its rows and values; its β, sums, centre and
    // scale) around a few flops. On news20 bigram's path (6.97 M steps, half
    // of them on columns of at most 16 nonzeros) such steps took about 260
    // cycles each; asking ahead made the path 0.92-0.97x the time (1 and 2
    // threads), snp's 0.94x, and left finefoods, rcv1 and a9a, whose X fits
    // in cache, at 1.00-1.02x. The bounds and per-feature entries go first,
    // the rows once the bounds have had time to arrive. The pointers are
    // read once here: read through X_ in the loop, they lost the gain
    // (1.01-1.02x).
    double pass(std::span<const std::int64_t> coordinates, double lambda, double* movement = nullptr) {
        double moved = intercept_step();
        constexpr std::size_t features_ahead = 8;
        constexpr std::size_t columns_ahead = 4;
        const I* col_ptr = X_.csc().col_ptr().data();
        const I* rows = X_.csc().row_indices().data();
        const T* values = X_.csc().values().data();
        const double* centers = X_.centers().data();
        const double* scales = X_.scales().data();
        for (std::size_t k = 0; k < coordinates.size(); ++k) {
            if (k + features_ahead < coordinates.size()) {
                const std::size_t j = col(coordinates[k + features_ahead]);
                __builtin_prefetch(col_ptr + j);
                __builtin_prefetch(&beta_[j]);
                __builtin_prefetch(&vx_[j]);
                __builtin_prefetch(&vxx_[j]);
                __builtin_prefetch(centers + j);
                __builtin_prefetch(scales + j);
            }
            if (k + columns_ahead < coordinates.size()) {
                const auto begin = static_cast<std::size_t>(col_ptr[coordinates[k + columns_ahead]]);
                __builtin_prefetch(rows + begin);
                __builtin_prefetch(values + begin);
            }
            const double change = step(coordinates[k], lambda);
            if (movement != nullptr) movement[k] += change;
            moved = std::max(moved, change);
        }
        return moved;
    }

    // How a round of coordinate descent ended.
    struct Round {
        double first_pass = 0;  // largest change in the round's first whole-set pass
        bool finished = true;   // false: the epoch budget ran out before tol was met
    };

    // glmnet's active-set iterations on the quadratic model: a pass over the
    // whole set, then passes over its nonzero coordinates until they settle,
    // until a whole-set pass moves nothing beyond tol. At most `budget`
    // epochs, so the caller checks the certificate regularly: coordinate
    // descent can need many passes on correlated features, and a gap met
    // early must stop it early.
    Round converge(std::span<const std::int64_t> set, double lambda, double tol,
                   std::int64_t& epochs, std::int64_t budget) {
        // Refresh the running sum the steps keep, so rounding cannot accumulate.
        sum_v_rho_ = dense_.dot(v_.data(), rho_.data(), n_);

        const std::int64_t stop = std::min(settings_.max_epochs, epochs + budget);
        Round round;
        // The set stays the same through the round: what a pass over it visits.
        const double set_work = newton_.nonzeros(set);
        const bool set_affordable = newton_.affordable(set.size(), set_work);
        // Where solving the model costs less than one pass over the set (many
        // rows, few features: diabetes' 442 x 10, whose H serves the whole
        // path), solve first; the pass after it then only confirms. The
        // solve's move counts as the round's first: twice the model's
        // decrease, the sum of the H δ² a pass takes the largest of.
        if (settings_.support_newton && !set.empty() && epochs < stop) {
            const bool held = newton_.holds(set, model_version_, stale_hessians);
            if (set_affordable && newton_.work(set.size(), set_work / static_cast<double>(set.size()), held,
                                               held && newton_.factored(l2_of(set, lambda))) < set_work) {
                epochs += newton_step(set, set, lambda, newton_.block_size());
                round.first_pass = 2.0 * newton_decrease_;
            }
        }
        std::vector<std::int64_t> active;
        for (bool first = true; epochs < stop; first = false) {
            const double moved = pass(set, lambda);
            ++epochs;
            if (first) round.first_pass = std::max(round.first_pass, moved);
            if (moved < tol) return round;
            active.clear();
            for (auto j : set) {
                if (beta_[col(j)] != 0.0) active.push_back(j);
            }
            anderson_.reset(active.size());
            // A support Newton step once the passes since the last one have
            // cost as much as it does (newton_.work), so it pays where passes
            // are dear relative to it (small n, small support) and waits
            // where they are cheap.
            const double pass_work = newton_.nonzeros(active);
            const double column_nonzeros = active.empty() ? 0.0 : pass_work / static_cast<double>(active.size());
            const std::size_t block_size = crawled_ && newton_.sparse(active.size(), pass_work)
                                               ? newton_.largest_block(column_nonzeros, early_solve_passes * pass_work)
                                               : newton_.block_size();
            const std::size_t newton_size = set_affordable ? set.size()
                                            : newton_.affordable_support(active.size(), pass_work)
                                                ? active.size()
                                                : block_size;
            const bool newton = settings_.support_newton && newton_size > 0;
            movement_.assign(active.size(), 0.0);
            const bool block = newton_size < active.size();
            const std::span<const std::int64_t> solved = set_affordable ? set : std::span<const std::int64_t>(active);
            const bool formed = !block && newton_.holds(solved, model_version_, stale_hessians);
            // The factorizations count as well as the forming, for solves
            // that form H anew: blocks (their H is cheap to form from rare
            // columns) and a non-quadratic datafit's sets (new weights each
            // model). Counting only the forming sent rcv1 to 2.5x its time
            // in solves of 330 unknowns and ten factorizations each; counting
            // also a gaussian fit's first solve of a set, whose H serves all
            // later ones, made bloodbrain 1.5x slower.
            double newton_work = 0;
            if (newton) {
                const bool factored = formed && newton_.factored(l2_of(solved, lambda));
                newton_work = newton_.work(newton_size, column_nonzeros, formed, factored);
                // Or H held adapted to a support that gained or lost a few.
                if (!formed && !block) {
                    newton_work = std::min(newton_work, newton_.adapt_work(solved, model_version_, stale_hessians,
                                                                           set_affordable ? set_work : pass_work));
                }
                if (!formed && (block || !D::exact_quadratic)) newton_work += newton_.work(newton_size, 0.0, true);
            }
            // A solve of the whole model (not a block) also comes early when
            // the passes' own rate says they would cost more to converge:
            // near-separable logistic models crawl, and on a9a waiting for
            // passes to match a solve's cost took 2,544 passes and 24 solves.
            const bool whole = newton_size >= active.size() && newton_work <= early_solve_passes * pass_work;
            // A large support's H is held and adapted from round to round
            // and model to model, so that its solve saves the passes of all
            // of them: its count of work goes on across rounds. On snp
            // standardized, rounds of ~40 passes never reached one solve's
            // ~100 (27,563 passes on the path; 9,262 with the count going
            // on). Sets and blocks count per round, as measured before.
            if (set_affordable || block || newton_.affordable(active.size(), pass_work)) work_since_newton_ = 0;
            double previous = moved;
            while (epochs < stop) {
                ++epochs;
                const double moved_now = pass(active, lambda, movement_.data());
                if (moved_now < tol) break;
                work_since_newton_ += pass_work;
                if (newton && (work_since_newton_ >= newton_work ||
                               (whole && passes_to_converge(previous, moved_now, tol) * pass_work > newton_work))) {
                    epochs += newton_step(set, active, lambda, block_size);
                    // A solve of the set or the support is followed by a pass
                    // over the whole set, which may have new nonzeros.
                    if (!block) break;
                    // A block leaves the zeros as they were: passes over the
                    // active coordinates go on.
                    movement_.assign(active.size(), 0.0);
                    anderson_.reset(active.size());
                    previous = std::numeric_limits<double>::infinity();
                    continue;
                }
                if (settings_.anderson && record_iterate(active)) try_extrapolation(active, lambda);
                previous = moved_now;
            }
        }
        round.finished = false;
        return round;
    }

    // Passes left until one moves less than tol, had the passes kept the
    // rate of the last two (their moves shrink geometrically once the signs
    // settle); infinite when they did not shrink.
    static double passes_to_converge(double previous, double moved, double tol) {
        if (!(moved < previous)) return std::numeric_limits<double>::infinity();
        return std::log(tol / moved) / std::log(moved / previous);
    }

    bool record_iterate(std::span<const std::int64_t> active) {
        iterate_.resize(active.size());
        for (std::size_t k = 0; k < active.size(); ++k) iterate_[k] = beta_[col(active[k])];
        return anderson_.record(iterate_);
    }

    // The quadratic model's objective on the active coordinates (the rest is
    // constant while they move): (1/2n) Σ v r² + their penalty.
    double model_objective(std::span<const std::int64_t> active, double lambda) const {
        double sum = 0;
        const double shift = offset_ - b0_;
        for (std::size_t i = 0; i < n_; ++i) {
            const double r = rho_[i] + shift;
            sum += v_[i] * r * r;
        }
        double penalty = 0;
        for (auto j : active) penalty += penalty_.value(j, lambda, beta_[col(j)]);
        return sum / (2.0 * static_cast<double>(n_)) + penalty;
    }

    // The ridge penalties of `set` at λ, in newton_l2_.
    std::span<const double> l2_of(std::span<const std::int64_t> set, double lambda) {
        newton_l2_.resize(set.size());
        for (std::size_t k = 0; k < set.size(); ++k) newton_l2_[k] = penalty_.l2(set[k], lambda);
        return newton_l2_;
    }

    // Moves coordinate j to `value`, keeping ρ, Σvρ and o in step.
    void move_to(std::int64_t j, double value) {
        const std::size_t jj = col(j);
        const double delta = value - beta_[jj];
        if (delta == 0.0) return;
        beta_[jj] = value;
        const auto rows = X_.csc().col_rows(static_cast<I>(j));
        const auto vals = X_.csc().col_values(static_cast<I>(j));
        const double scaled = delta / X_.scale(j);
        kernels::scatter_axpy(sparse_, -scaled, vals.data(), rows.data(), rows.size(), rho_.data());
        sum_v_rho_ -= scaled * vx_[jj];
        offset_ += scaled * X_.center(j);
    }

    // Solves the model exactly (SupportNewton) on the whole set when that is
    // small enough, else on its nonzero coordinates, else on the
    // `block_size` of them that moved the most, and keeps the result if it
    // lowers the model. Returns the epochs to count for it: one (forming
    // and factoring costs about as much as a few passes).
    std::int64_t newton_step(std::span<const std::int64_t> set, std::span<const std::int64_t> active,
                             double lambda, std::size_t block_size) {
        work_since_newton_ = 0;
        std::span<const std::int64_t> chosen = newton_.affordable(set.size(), newton_.nonzeros(set)) ? set : active;
        if (!newton_.affordable_support(chosen.size(), newton_.nonzeros(chosen))) {
            // Too many for one solve: the coordinates that moved the most
            // since the last one, where passes crawl along a valley (news20's
            // rare, nearly collinear features), a block Newton step.
            order_.resize(active.size());
            for (std::size_t k = 0; k < order_.size(); ++k) order_[k] = k;
            const std::size_t k = std::min(order_.size(), block_size);
            std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(k), order_.end(),
                              [this](std::size_t a, std::size_t b) { return movement_[a] > movement_[b]; });
            order_.resize(k);
            std::sort(order_.begin(), order_.end());
            block_.clear();
            for (auto position : order_) block_.push_back(active[position]);
            chosen = block_;
        }
        if (chosen.empty()) return 0;
        const std::size_t m = chosen.size();
        const std::size_t unknowns = m + (X_.intercept() ? 1 : 0);
        newton_start_.resize(unknowns);
        newton_slope_.resize(unknowns);
        newton_point_.resize(unknowns);
        newton_l1_.resize(m);
        newton_l2_.resize(m);
        const double n = static_cast<double>(n_);
        const double a = offset_ - b0_;
        sum_v_rho_ = dense_.dot(v_.data(), rho_.data(), n_);
        for (std::size_t k = 0; k < m; ++k) {
            const auto j = chosen[k];
            const double vxr = weighted_sums(j);
            const double vx = vx_[col(j)];
            const double c = X_.center(j);
            newton_start_[k] = beta_[col(j)];
            // The model's negative gradient, as in step().
            newton_slope_[k] = (vxr + a * vx - c * (sum_v_rho_ + a * sum_v_)) / (n * X_.scale(j));
            newton_l1_[k] = penalty_.l1(j, lambda);
            newton_l2_[k] = penalty_.l2(j, lambda);
        }
        if (X_.intercept()) {
            newton_start_[m] = 0.0;  // the intercept's change
            newton_slope_[m] = (sum_v_rho_ + a * sum_v_) / n;
        }
        const double before = model_objective(chosen, lambda);
        // Undone from a copy, not by moving back: a long step and its reverse
        // would leave rounding in ρ.
        rho_saved_ = rho_;
        const double offset_before = offset_;
        const double b0_before = b0_;
        for (bool stale = stale_hessians;; stale = false) {
            newton_.solve(chosen, v_, model_version_, newton_start_, newton_slope_, newton_l1_, newton_l2_,
                          newton_point_, stale);
            for (std::size_t k = 0; k < m; ++k) move_to(chosen[k], newton_point_[k]);
            if (X_.intercept()) b0_ += newton_point_[m];
            const double after = model_objective(chosen, lambda);
            newton_decrease_ = before - after;
            if (after < before) {
                // An H of earlier weights whose step lowered the true model
                // by more than a quarter less (or more) than its own: the
                // next forms H anew. A band of 2x let spambase's stale steps
                // (true decrease 1.8x their own) crawl, 7x the passes and
                // time; 1.1x refreshed it so often that w8a took 1.46x in one run.
                const double predicted = newton_.predicted_decrease();
                if (newton_.used_stale() && predicted > 1e-12 * std::abs(before) &&
                    !(newton_decrease_ > predicted / stale_band && newton_decrease_ < stale_band * predicted)) {
                    newton_.distrust_stale();
                }
                break;
            }
            newton_decrease_ = 0.0;
            for (std::size_t k = 0; k < m; ++k) beta_[col(chosen[k])] = newton_start_[k];
            rho_ = rho_saved_;
            offset_ = offset_before;
            b0_ = b0_before;
            // A rejected step of a stale H is retried with H of these weights.
            if (!newton_.used_stale()) break;
            newton_.distrust_stale();
        }
        sum_v_rho_ = dense_.dot(v_.data(), rho_.data(), n_);
        return 1;
    }

    // Jumps to the Anderson extrapolation of the last iterates if that lowers
    // the model's objective; otherwise stays put.
    void try_extrapolation(std::span<const std::int64_t> active, double lambda) {
        if (!anderson_.extrapolate(extrapolated_)) return;
        const double before = model_objective(active, lambda);
        for (std::size_t k = 0; k < active.size(); ++k) {
            const auto j = active[k];
            move_to(j, std::clamp(extrapolated_[k], penalty_.lower(j), penalty_.upper(j)));
        }
        if (model_objective(active, lambda) < before) return;
        for (std::size_t k = 0; k < active.size(); ++k) move_to(active[k], iterate_[k]);
    }

    // For a non-quadratic datafit, rebuild the model at the current point and
    // converge on it, until a model built at the current point is already
    // solved (proximal Newton). first_pass is the largest over the models.
    Round converge_model(std::span<const std::int64_t> set, double lambda, double tol,
                         std::int64_t& epochs, std::int64_t budget) {
        Round total;
        const std::int64_t stop = epochs + budget;
        while (epochs < stop) {
            bool reused = false;
            if (!D::exact_quadratic) {
                double start_loss = 0;
                if (model_at_point_) {
                    // The certificate's sweep since the last call has the loss here.
                    model_at_point_ = false;
                    reused = true;
                    start_loss = certificate_.weighted_loss();
                } else {
                    rebuild_quadratic();
                    start_loss = model_loss_;
                }
                step_start_.resize(set.size());
                for (std::size_t k = 0; k < set.size(); ++k) step_start_[k] = beta_[col(set[k])];
                b0_start_ = b0_;
                objective_on_start_ = objective_on(set, lambda, start_loss);
            }
            const Round round = converge(set, lambda, tol, epochs, stop - epochs);
            // Small steps, where the model is accurate, skip the search: it
            // costs a pass over the samples.
            if (!D::exact_quadratic && round.first_pass > settings_.tol * settings_.change_scale) {
                line_search(set, lambda);
            }
            total.first_pass = std::max(total.first_pass, round.first_pass);
            if (!round.finished) {
                crawled_ = true;
                break;
            }
            // Only a model built in this call can tell the point is solved:
            // the reused one was solved to a looser tolerance.
            if (D::exact_quadratic || (round.first_pass < tol && !reused)) {
                model_at_point_ = !D::exact_quadratic;
                return total;
            }
        }
        total.finished = false;
        return total;
    }

    // Makes the intercept exactly optimal for the true datafit (Σ u_i = 0),
    // which the dual point needs.
    void optimal_intercept() {
        if (!X_.intercept()) return;
        if (D::exact_quadratic) {
            intercept_step();
            return;
        }
        predictor(eta_);
        terms_at_eta_ = false;
        b0_ += optimal_intercept_shift<D>(y_, w_, eta_, executor_);
    }

    void sweep(bool same_point = false) {
        certificate_.sweep([this](std::size_t i) { return eta(i); }, same_point);
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
    double inv_n_;  // 1 / n
    // Whether a model's passes have run out of a check's budget on this
    // path: a crawl. On finefoods standardized one coordinate drifted by
    // 1e-7 a pass towards 0 for 200 passes, the objective within 3e-10 of
    // the optimum while the gap waited for it, until a block solve held it
    // and the coordinates it is coupled to. From a crawl on, on sparse
    // columns, block solves are as large as SupportNewton::largest_block
    // allows (a solve of at most early_solve_passes passes, at most a tenth
    // of the rows) for the rest of the path: the crawls come at its small
    // λ. Same-run medians of 7: finefoods 0.75x the time (9,009 passes to
    // 5,634); news20 crawls only at its last two λ (257 and 248 passes to
    // 235 and 126). Largest blocks from the start made news20 1.14x
    // slower; after a crawl on snp's dense columns (whose blocks form
    // densely) 1.11x; beyond a tenth of rcv1's 1,000 rows (blocks of 140
    // already) its 30-λ path took 2,920 passes instead of 2,404.
    bool crawled_ = false;

    std::vector<double> beta_;  // working (standardized) coefficients
    double b0_ = 0;             // working intercept
    double offset_ = 0;         // o = Σ_j c_j b_j / d_j

    // Quadratic model: weights v, working response t, residual part ρ.
    std::vector<double> t_;
    std::vector<double> rho_;
    std::vector<double> v_;
    double sum_v_ = 0;
    double sum_v_rho_ = 0;

    // Σ v x_j and Σ v x_j² per column, valid for the columns in summed_,
    // whose Σ v x_j² a new model sets to −1 (a sum of squares is never
    // negative): no per-column model stamps, 3 MB on news20, whose
    // 1.5x-of-X memory target is tight.
    std::vector<double> vx_;
    std::vector<double> vxx_;
    std::vector<std::int64_t> summed_;
    std::int64_t model_version_ = 0;

    std::vector<double> eta_;      // η materialized for the array kernels
    std::vector<double> scratch_;  // their other outputs
    // current_weighted_loss's model weights and block losses at eta_, valid
    // while terms_at_eta_ (eta_ and scratch_ are its too).
    std::vector<double> point_weights_;
    std::vector<std::array<double, 1>> point_block_loss_;
    bool terms_at_eta_ = false;

    Certificate<D, T, I> certificate_;  // u and G_j = z_jᵀu from the last sweep

    // The start of the current proximal-Newton step, for the line search.
    std::vector<double> step_start_;
    std::vector<double> step_end_;
    double b0_start_ = 0;
    double objective_on_start_ = 0;
    double model_loss_ = 0;  // Σ w_i f(y_i, η_i) where the model was built
    // The model was built where the last converge_model ended: its last
    // model had nothing left to move there. The next call, after a failed
    // certificate or at the next λ, starts on it rather than on a new one
    // at nearly the same point (a9a: half of the builds, each also making
    // the next pass recompute every column's weighted sums).
    bool model_at_point_ = false;

    PathPrediction prediction_;
    std::vector<double> last_solution_;  // the working set's coefficients before start_from_prediction moved them

    SupportNewton<T, I> newton_;
    std::vector<double> movement_;          // Σ H δ² per active coordinate since the last Newton step
    double newton_decrease_ = 0;            // of the model by the last Newton step (0: rejected)
    double work_since_newton_ = 0;          // pass work since the last Newton step (see converge)
    std::vector<std::size_t> order_;        // positions in the active list, by movement
    std::vector<std::int64_t> block_;       // the coordinates of a block Newton step
    std::vector<double> newton_start_;
    std::vector<double> rho_saved_;
    std::vector<double> newton_slope_;
    std::vector<double> newton_point_;
    std::vector<double> newton_l1_;
    std::vector<double> newton_l2_;

    AndersonExtrapolation anderson_{anderson_depth};
    std::vector<double> iterate_;       // the active coefficients after the last pass
    std::vector<double> extrapolated_;
};

}  // namespace sparsereg::detail
