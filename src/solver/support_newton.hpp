#pragma once

// The quadratic model of coordinate descent, solved exactly on a small set
// of features. With S the features (plus the intercept, unpenalized), the
// model is the lasso quadratic program
//     min_x ½ (x − x₀)ᵀ H (x − x₀) − gᵀ(x − x₀) + Σ_k [l1_k |x_k| + ½ l2_k x_k²],
//     H = Z_Sᵀ V Z_S / n,
// with g the model's negative gradient at the current point x₀. For a set
// whose H is cheap to form (densely, or from the rows' products where the
// columns are sparse) and small to factor, H is formed and the program solved
// by feature-sign search (Lee, Battle, Raina & Ng, NIPS 2007): guess the
// signs, solve the linear system those signs give, walk back to the best
// point where a sign changes, and let the most violating zero in; a finite
// number of factorizations of H's principal submatrices reach the exact
// minimizer.
//
// Why: coordinate descent crawls along the flat valleys of ill-conditioned
// problems: collinear descriptors (bloodbrain, gaussian: 22 of 100 λ stalled
// at gaps up to 0.58 after thousands of passes) and near-separable logistic
// fits (sonar's certified path: 8.4 s). An exact solve of the model resolves
// them in one step, and for a logistic fit makes the outer loop a proximal
// Newton method with exact steps. Where the working set is too large, the
// caller solves a block: the coordinates that moved the most since the last
// solve, which on text are the rare, nearly collinear features weight keeps
// sliding between (news20 bigram: 19 of 100 λ stalled after thousands of
// passes each, 148 s; with block solves every λ certified in 7.8 s). Whole
// large sets were tried with conjugate gradients and left out by
// measurement: no gain on news20, and a stalled gap on rcv1's duplicated
// columns, whose H is singular.

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "kernels/kernels.hpp"
#include "kernels/sparse_ops.hpp"
#include "parallel/executor.hpp"
#include "solver/tiled_cholesky.hpp"
#include "sparsereg/data/design_matrix.hpp"

namespace sparsereg::detail {

template <StorageValue T, StorageIndex I>
class SupportNewton {
public:
    // With an executor, dense forming (gram_update) and the Cholesky factors
    // (TiledCholesky) run on its threads; without one, on the caller's.
    explicit SupportNewton(const DesignMatrix<T, I>& X, const Executor* executor = nullptr)
        : X_(X), executor_(executor), n_(X.rows()), max_support_unknowns_(support_unknowns_limit(X)) {}

    // The nonzeros of X's columns `set`: what a coordinate pass over them visits.
    double nonzeros(std::span<const std::int64_t> set) const noexcept {
        double total = 0;
        for (auto j : set) total += static_cast<double>(X_.csc().col_rows(static_cast<I>(j)).size());
        return total;
    }

    // Whether m features with `nonzeros` in all are few enough to solve:
    // H must be cheap to form and small to factor.
    bool affordable(std::size_t m, double nonzeros) const noexcept {
        return static_cast<double>(m) + 1.0 <= max_unknowns && formation_work(m, nonzeros) <= work_limit;
    }

    // The same for a support (nonzero coordinates only, whose signs are
    // mostly right, so that the solve takes few factorizations), which may
    // also be larger where forming and factoring its H costs at most
    // `support_passes` passes over it and its columns are dense: snp's
    // genotypes (1,000 x 28,497, 39% nonzero) have supports of up to 700,
    // where passes crawl and blocks of 140 did not help (raw: 41,068
    // passes, 58.6 s; with these solves 12,359 passes, 11.2 s). Text's
    // columns share few rows, passes settle in a few, and solves of its
    // large supports cost more than they save: news20's columns of 6% of
    // the rows took 1.28x the time solved whole than in blocks.
    bool affordable_support(std::size_t m, double nonzeros) const noexcept {
        if (affordable(m, nonzeros)) return true;
        if (m == 0 || static_cast<double>(m) + 1.0 > max_support_unknowns_ || sparse(m, nonzeros)) return false;
        const double column_nonzeros = nonzeros / static_cast<double>(m);
        return solve_work(m, column_nonzeros) <= support_passes * nonzeros;
    }

    // Whether m columns with `nonzeros` in all fill under a quarter of their
    // rows: text's, not snp's genotypes (see affordable_support).
    bool sparse(std::size_t m, double nonzeros) const noexcept {
        return nonzeros < dense_support * static_cast<double>(m) * static_cast<double>(std::max<Eigen::Index>(n_, 1));
    }

    // The size of a block solve (see CoordinateDescent::newton_step): its
    // coordinates are chosen by how far they moved, not by what they cost.
    std::size_t block_size() const noexcept {
        const double unknowns = std::floor(std::sqrt(block_work_limit / static_cast<double>(std::max<Eigen::Index>(n_, 1))));
        return unknowns >= 2 ? static_cast<std::size_t>(std::min(unknowns, max_unknowns)) - 1 : 0;
    }

    // The largest block, up to as many as a solve may have and a tenth of
    // the rows, whose forming and factoring cost at most `budget` pass units
    // for columns of about `column_nonzeros` each; at least block_size().
    // For passes that crawl (see CoordinateDescent::crawled_).
    std::size_t largest_block(double column_nonzeros, double budget) const noexcept {
        std::size_t lo = block_size();
        std::size_t hi = std::min(static_cast<std::size_t>(max_unknowns) - 1, static_cast<std::size_t>(n_) / 10);
        if (lo >= hi || solve_work(hi, column_nonzeros) <= budget) return std::max(lo, hi);
        while (hi - lo > 1) {  // solve_work(lo) <= budget or lo is block_size(); solve_work(hi) > budget
            const std::size_t mid = lo + (hi - lo) / 2;
            (solve_work(mid, column_nonzeros) <= budget ? lo : hi) = mid;
        }
        return lo;
    }

    // A solve's cost in the currency of coordinate passes (one unit per
    // nonzero a pass visits), for columns of about `column_nonzeros` each:
    // forming H (formation_work). With H at hand (`formed`), only the
    // factorizations are left, m³/3 each, a few of them; with their last
    // factor at hand too (`factored`), only products with it, m² each.
    double work(std::size_t m, double column_nonzeros, bool formed, bool factored = false) const noexcept {
        const double unknowns = static_cast<double>(m) + 1.0;
        if (formed && factored) return 4.0 * unknowns * unknowns / dense_speedup;
        if (formed) return unknowns * unknowns * unknowns / dense_speedup;
        return formation_work(m, column_nonzeros * static_cast<double>(m));
    }

    // Forming H anew and factoring it once, for m columns of about
    // `column_nonzeros` each: what a solve that holds nothing costs.
    double solve_work(std::size_t m, double column_nonzeros) const noexcept {
        return work(m, column_nonzeros, false) + work(m, 0.0, true);
    }

    enum class Formation { automatic, dense, sparse };

    // Whether H of this set under these weights is at hand (see solve), or
    // with `stale` allowed, under earlier weights still trusted.
    bool holds(std::span<const std::int64_t> set, std::int64_t weights_version, bool stale) const noexcept {
        if (!std::equal(set.begin(), set.end(), formed_set_.begin(), formed_set_.end())) return false;
        return weights_version == formed_version_ || (stale && stale_trusted_);
    }

    // What adapting H held to `set` costs (see solve), in pass units: for
    // each feature it lacks, one visit of the rows and a pass over the set;
    // infinite where it cannot be adapted.
    double adapt_work(std::span<const std::int64_t> set, std::int64_t weights_version, bool stale,
                      double nonzeros) const {
        const std::ptrdiff_t count = lacking(set, weights_version, stale);
        if (count < 0) return std::numeric_limits<double>::infinity();
        return static_cast<double>(count) * (nonzeros + static_cast<double>(n_));
    }

    // Whether the last factorization was of the H now held with these l2
    // (one per feature of the set), so that a solve from the same signs
    // costs only products with it.
    bool factored(std::span<const double> l2) const noexcept {
        if (factor_.gram != gram_generation_) return false;
        for (std::size_t r = 0; r < factor_.unknowns.size(); ++r) {
            const auto k = idx(factor_.unknowns[r]);
            if (factor_.l2[r] != (k < l2.size() ? l2[k] : 0.0)) return false;
        }
        return true;
    }

    // The next solve forms H anew: the steps of the one held were poor.
    void distrust_stale() noexcept { stale_trusted_ = false; }

    // Whether the last solve used H of earlier weights, and what it lowered
    // the program it solved by (to compare with what the true model says).
    bool used_stale() const noexcept { return used_stale_; }
    double predicted_decrease() const noexcept { return predicted_decrease_; }

    // H for the features `set` (and the intercept's column, last, when the
    // design has one) under row weights v, in the lower triangle of the
    // matrix returned; automatic picks the cheaper way.
    const Eigen::MatrixXd& form(std::span<const std::int64_t> set, std::span<const double> v,
                                Formation how = Formation::automatic) {
        formed_version_ = -1;  // solve's record of what gram_ holds
        hold({});
        ++gram_generation_;
        const auto m = static_cast<Eigen::Index>(set.size()) + (X_.intercept() ? 1 : 0);
        if (how == Formation::automatic) {
            how = sparse_is_cheaper(set.size(), nonzeros(set)) ? Formation::sparse : Formation::dense;
        }
        if (how == Formation::sparse) {
            form_sparse(set, v, m);
        } else {
            form_dense(set, v, m);
        }
        return gram_;
    }

    // Solves the program above for the features `set` (values x0, negative
    // gradients g, penalties l1 and l2; l1 = 0 is unpenalized) and, when the
    // design has an intercept, one last unpenalized unknown for it (x0 and g
    // then hold m + 1 values). v: the model's row weights. Writes the
    // minimizer into x; false when H could not be factored on the way (x is
    // then the best point reached, which never raises the model).
    //
    // `weights_version` names v: H is formed again only for another set or
    // another version, so the model of a gaussian fit (whose weights never
    // change) is formed once per working set, not once per solve. With
    // `stale`, H of the set under earlier weights serves too (holds), and so
    // does the factor of the last solve's system where its unknowns and l2
    // recur: a quasi-Newton step, whose H the caller distrusts when the true
    // model's decrease strays from predicted_decrease().
    bool solve(std::span<const std::int64_t> set, std::span<const double> v, std::int64_t weights_version,
               std::span<const double> x0, std::span<const double> g, std::span<const double> l1,
               std::span<const double> l2, std::span<double> x, bool stale = false) {
        const auto m = static_cast<Eigen::Index>(x0.size());
        const auto features = static_cast<Eigen::Index>(set.size());
        if (!holds(set, weights_version, stale)) {
            if (lacking(set, weights_version, stale) >= 0) {
                adapt(set);
            } else {
                form(set, v);
                hold(set);
                formed_weights_.assign(v.begin(), v.end());
                formed_version_ = weights_version;
                stale_trusted_ = true;
            }
        }
        used_stale_ = weights_version != formed_version_;
        const auto free_unknown = [&](Eigen::Index k) { return k >= features || l1[idx(k)] == 0.0; };
        const auto l1_of = [&](Eigen::Index k) { return k >= features ? 0.0 : l1[idx(k)]; };
        const auto l2_of = [&](Eigen::Index k) { return k >= features ? 0.0 : l2[idx(k)]; };
        const Eigen::Map<const Eigen::VectorXd> start(x0.data(), m);
        const Eigen::Map<const Eigen::VectorXd> slope(g.data(), m);
        Eigen::VectorXd point = start;
        Eigen::VectorXd l2_vector(m);
        for (Eigen::Index k = 0; k < m; ++k) l2_vector(k) = l2_of(k);

        // The smooth part's gradient at `p`, and the whole objective.
        const auto gradient_at = [&](const Eigen::VectorXd& p) -> Eigen::VectorXd {
            return gram_.selfadjointView<Eigen::Lower>() * (p - start) - slope +
                   l2_vector.cwiseProduct(p);
        };
        const auto objective_at = [&](const Eigen::VectorXd& p) {
            const Eigen::VectorXd d = p - start;
            double value = 0.5 * d.dot(gram_.selfadjointView<Eigen::Lower>() * d) - slope.dot(d);
            for (Eigen::Index k = 0; k < m; ++k) value += l1_of(k) * std::abs(p(k)) + 0.5 * l2_of(k) * p(k) * p(k);
            return value;
        };
        const double scale = std::max(slope.cwiseAbs().maxCoeff(), 1e-300);
        const double tolerance = 1e-12 * scale;

        std::vector<Eigen::Index> active;
        std::vector<double> sign(static_cast<std::size_t>(m), 0.0);
        for (Eigen::Index k = 0; k < m; ++k) {
            if (free_unknown(k) || point(k) != 0.0) {
                active.push_back(k);
                sign[idx(k)] = point(k) > 0 ? 1.0 : (point(k) < 0 ? -1.0 : 0.0);
            }
        }
        bool factored = true;
        for (Eigen::Index round = 0; round < 4 * m + 8; ++round) {
            Eigen::VectorXd gradient = gradient_at(point);
            // Optimal on the active set? Then let the most violating zero in.
            double active_violation = 0;
            for (const Eigen::Index k : active) {
                active_violation = std::max(active_violation, std::abs(gradient(k) + l1_of(k) * sign[idx(k)]));
            }
            if (active_violation <= tolerance) {
                Eigen::Index entering = -1;
                double worst = tolerance;
                for (Eigen::Index k = 0; k < m; ++k) {
                    if (point(k) != 0.0 || free_unknown(k)) continue;
                    const double excess = std::abs(gradient(k)) - l1_of(k);
                    if (excess > worst) {
                        worst = excess;
                        entering = k;
                    }
                }
                if (entering < 0) break;  // every KKT condition holds
                sign[idx(entering)] = gradient(entering) > 0 ? -1.0 : 1.0;
                active.push_back(entering);
                std::sort(active.begin(), active.end());
            }
            // The minimizer on the active set with these signs.
            const auto a = static_cast<Eigen::Index>(active.size());
            Eigen::VectorXd right(a);
            for (Eigen::Index r = 0; r < a; ++r) {
                const Eigen::Index k = active[idx(r)];
                right(r) = -(gradient(k) + l1_of(k) * sign[idx(k)]);
            }
            Eigen::VectorXd step;
            if (!solve_system(active, l2_vector, right, step)) {
                factored = false;
                break;
            }
            Eigen::VectorXd target = point;
            for (Eigen::Index r = 0; r < a; ++r) target(active[idx(r)]) += step(r);
            // The best of the target and the points where a sign changes on
            // the way (the objective is convex along the segment, but the
            // signs assumed hold only up to the first change).
            Eigen::VectorXd best = target;
            double best_value = objective_at(target);
            for (const Eigen::Index k : active) {
                if (free_unknown(k) || point(k) == 0.0 || (target(k) > 0) == (point(k) > 0)) continue;
                const double t = point(k) / (point(k) - target(k));
                Eigen::VectorXd candidate = point + t * (target - point);
                candidate(k) = 0.0;
                const double value = objective_at(candidate);
                if (value < best_value) {
                    best_value = value;
                    best = candidate;
                }
            }
            if (!(best_value < objective_at(point))) break;  // no progress left in rounding
            point = best;
            std::vector<Eigen::Index> kept;
            for (const Eigen::Index k : active) {
                if (free_unknown(k) || point(k) != 0.0) {
                    kept.push_back(k);
                    sign[idx(k)] = point(k) > 0 ? 1.0 : (point(k) < 0 ? -1.0 : 0.0);
                }
            }
            active.swap(kept);
        }
        predicted_decrease_ = objective_at(start) - objective_at(point);
        for (Eigen::Index k = 0; k < m; ++k) x[idx(k)] = point(k);
        return factored;
    }

private:
    static std::size_t idx(Eigen::Index k) noexcept { return static_cast<std::size_t>(k); }

    // The features of `set` that H held lacks, where H can be adapted to the
    // set: H under these weights, or earlier ones where `stale` allows, of
    // a set that has all but at most an eighth of its features; else -1.
    std::ptrdiff_t lacking(std::span<const std::int64_t> set, std::int64_t weights_version, bool stale) const {
        if (formed_set_.empty() || !(weights_version == formed_version_ || (stale && stale_trusted_))) return -1;
        std::ptrdiff_t count = 0;
        for (auto j : set) count += position(j) < 0 ? 1 : 0;
        return 8 * static_cast<std::size_t>(count) <= set.size() ? count : -1;
    }

    // Records `set` as the one gram_ holds, with its features sorted for
    // position (a set has at most a thousand; an array over all of X's
    // features would cost news20 1.5 MB).
    void hold(std::span<const std::int64_t> set) {
        formed_set_.assign(set.begin(), set.end());
        held_sorted_.clear();
        for (std::size_t k = 0; k < set.size(); ++k) held_sorted_.emplace_back(set[k], static_cast<std::int32_t>(k));
        std::sort(held_sorted_.begin(), held_sorted_.end());
    }

    // Feature j's position in the set gram_ holds, or -1.
    std::int32_t position(std::int64_t j) const {
        const auto at = std::lower_bound(held_sorted_.begin(), held_sorted_.end(), std::pair<std::int64_t, std::int32_t>(j, -1));
        return at != held_sorted_.end() && at->first == j ? at->second : -1;
    }

    // H for `set` from H held, under the weights it was formed with: the
    // entries of features both have are copied, and each lacking feature's
    // column is computed, from its weighted standardized column a = V z_j
    // (one visit of the rows), as z_kᵀ a = (x_kᵀ a − c_k Σ a) / d_k for
    // every k of the set (a pass over it). A support gains or loses a few
    // features between solves (snp, λ after λ: 690 unknowns, 15-20 ms to
    // form anew), and a subset costs no column at all.
    void adapt(std::span<const std::int64_t> set) {
        const auto& csc = X_.csc();
        const auto features = static_cast<Eigen::Index>(set.size());
        const auto m = features + (X_.intercept() ? 1 : 0);
        const auto held_intercept = static_cast<Eigen::Index>(formed_set_.size());
        const double n = static_cast<double>(n_);
        Eigen::MatrixXd next(m, m);
        // The lower triangle's entry of (a, b) or (b, a).
        const auto lower = [](auto& matrix, Eigen::Index a, Eigen::Index b) -> auto& {
            return matrix(std::max(a, b), std::min(a, b));
        };
        weighted_.resize(idx(n_));
        positions_.resize(set.size());
        for (std::size_t k = 0; k < set.size(); ++k) positions_[k] = position(set[k]);
        for (Eigen::Index r = 0; r < features; ++r) {
            const auto j = set[idx(r)];
            const std::int32_t held = positions_[idx(r)];
            if (held >= 0) {
                for (Eigen::Index c = 0; c <= r; ++c) {
                    const std::int32_t other = positions_[idx(c)];
                    if (other >= 0) lower(next, r, c) = lower(gram_, held, other);
                }
                if (X_.intercept()) next(m - 1, r) = gram_(held_intercept, held);
                continue;
            }
            const double cj = X_.center(j), dj = X_.scale(j);
            for (std::size_t i = 0; i < idx(n_); ++i) weighted_[i] = -formed_weights_[i] * cj / dj;
            const auto rows = csc.col_rows(static_cast<I>(j));
            const auto vals = csc.col_values(static_cast<I>(j));
            for (std::size_t t = 0; t < rows.size(); ++t) {
                const auto i = static_cast<std::size_t>(rows[t]);
                weighted_[i] += formed_weights_[i] * static_cast<double>(vals[t]) / dj;
            }
            double sum = 0;
            for (const double a : weighted_) sum += a;
            // Its products with the set's columns, by blocks on the threads.
            const auto blocks = (idx(features) + adapt_block - 1) / adapt_block;
            for_each_task(executor_, blocks, [&](std::size_t block) {
                const auto last = std::min(idx(features), (block + 1) * adapt_block);
                for (std::size_t position = block * adapt_block; position < last; ++position) {
                    const auto c = static_cast<Eigen::Index>(position);
                    const auto k = set[position];
                    // Each pair of lacking features once (the later one computes it).
                    if (positions_[position] < 0 && c > r) continue;
                    const auto krows = csc.col_rows(static_cast<I>(k));
                    const auto kvals = csc.col_values(static_cast<I>(k));
                    const double dot =
                        kernels::gather_dot(sparse_, kvals.data(), krows.data(), krows.size(), weighted_.data());
                    lower(next, r, c) = (dot - X_.center(k) * sum) / (X_.scale(k) * n);
                }
            });
            if (X_.intercept()) next(m - 1, r) = sum / n;
        }
        if (X_.intercept()) next(m - 1, m - 1) = gram_(held_intercept, held_intercept);
        gram_.swap(next);
        hold(set);
        ++gram_generation_;
    }

    // Dense forming is taken where the columns average more than one nonzero
    // in `sparse_penalty` rows. Set by measurement over 1, 2, 4, 16, 64 and
    // dense only, when the sparse way paired the columns (same run, one
    // thread; dense → 2): w8a 12.2 → 7.4 s, a9a 2.25 → 1.65 s, finefoods
    // 2.33 → 1.39 s, spambase 0.54 → 0.37 s, rcv1 0.71 → 0.54 s, news20 8.1
    // → 5.7 s, heart unchanged.
    bool sparse_is_cheaper(std::size_t m, double nonzeros) const noexcept {
        return nonzeros * sparse_penalty < static_cast<double>(n_) * static_cast<double>(m);
    }
    static constexpr double sparse_penalty = 2;

    // Forming H for m features with `nonzeros` in all, the way form() picks,
    // in pass units: densely n m² multiply-adds, which run about
    // `dense_speedup` times faster than a pass's gathers and scatters; from
    // the rows, the transposition (two visits per nonzero) and Σ_i k_i²/2
    // scattered multiply-adds, estimated as if the nonzeros spread evenly
    // over the rows (the least Σ k_i² can be).
    double formation_work(std::size_t m, double nonzeros) const noexcept {
        const double n = static_cast<double>(std::max<Eigen::Index>(n_, 1));
        if (sparse_is_cheaper(m, nonzeros)) return 2.0 * nonzeros + 0.5 * nonzeros * nonzeros / n;
        const double unknowns = static_cast<double>(m) + 1.0;
        return unknowns * unknowns * n / dense_speedup;
    }

    // Solves the system of H's principal submatrix on `active` (positions
    // in the set) plus l2 on its diagonal, exactly where it is consistent:
    // by Cholesky until one fails (H singular: duplicated columns, as in
    // text and genotypes), then by Cholesky of the system with 1e-8 of its
    // diagonal added, refined against the exact one (Factor::solve). Both
    // are tiled and run on the fit's threads (TiledCholesky); Eigen's LDLT,
    // which took the singular systems before, is not blocked: it cost a
    // third of snp's standardized path once its large supports were solved
    // (1.5x a Cholesky of 667 unknowns), and large supports had been given
    // up for blocks after the first failure. The damping keeps the step of
    // an inconsistent system finite instead of sending it along the null
    // space; where even the damped Cholesky fails, LDLT with 1e-10 of the
    // diagonal added. The factor is kept: the next solve on the same H
    // mostly starts from the same signs, and then costs products alone.
    bool solve_system(const std::vector<Eigen::Index>& active, const Eigen::VectorXd& l2,
                      const Eigen::VectorXd& right, Eigen::VectorXd& x) {
        Factor& f = factor_;
        const auto a = static_cast<Eigen::Index>(active.size());
        bool same = f.gram == gram_generation_ && f.unknowns == active;
        for (Eigen::Index r = 0; same && r < a; ++r) same = f.l2[idx(r)] == l2(active[idx(r)]);
        if (!same) {
            f.unknowns = active;
            f.l2.resize(idx(a));
            f.system.resize(a, a);
            for (Eigen::Index r = 0; r < a; ++r) {
                const Eigen::Index k = active[idx(r)];
                for (Eigen::Index c = 0; c <= r; ++c) f.system(r, c) = gram_(k, active[idx(c)]);
                f.system(r, r) += l2(k);
                f.l2[idx(r)] = l2(k);
            }
            f.gram = gram_generation_;
            f.kind = cholesky_failed_ ? Factor::Kind::refined : Factor::Kind::cholesky;
            f.factorize(executor_);
        }
        for (;;) {
            if (f.usable && f.solve(right, x)) return true;
            if (f.kind == Factor::Kind::cholesky) {
                cholesky_failed_ = true;
                f.kind = Factor::Kind::refined;
            } else if (f.kind == Factor::Kind::refined) {
                f.kind = Factor::Kind::damped;
            } else {
                f.gram = -1;
                return false;
            }
            f.factorize(executor_);
        }
    }

    // A factorization of `system` (lower triangle, l2 included) for the
    // unknowns at those positions of H number `gram`.
    struct Factor {
        enum class Kind { cholesky, refined, damped };
        std::vector<Eigen::Index> unknowns;
        std::vector<double> l2;
        std::int64_t gram = -1;
        Eigen::MatrixXd system;
        Kind kind = Kind::cholesky;
        bool usable = false;  // the factorization of this kind succeeded
        TiledCholesky cholesky;  // of the system, damped for the refined kind
        Eigen::LDLT<Eigen::MatrixXd, Eigen::Lower> ldlt;

        void factorize(const Executor* executor) {
            if (kind != Kind::damped) {
                usable = cholesky.compute(system, kind == Kind::refined ? 1.0 + refined_damping : 1.0, executor);
                return;
            }
            // The system is damped for the factorization and then restored:
            // it stays the exact one.
            const Eigen::VectorXd diagonal = system.diagonal();
            system.diagonal() *= 1.0 + damping;
            ldlt.compute(system);
            usable = ldlt.info() == Eigen::Success;
            system.diagonal() = diagonal;
        }

        // False where the plain Cholesky's solution is not accurate or any
        // kind's is not finite (the next kind is then tried). The refined
        // kind's damping is taken out by iterative refinement, which
        // converges wherever the system is consistent, singular or not;
        // where it is inconsistent, the refinement stalls and the damped
        // solution stands.
        bool solve(const Eigen::VectorXd& right, Eigen::VectorXd& x) const {
            x = kind == Kind::damped ? Eigen::VectorXd(ldlt.solve(right)) : Eigen::VectorXd(cholesky.solve(right));
            if (!x.allFinite()) return false;
            if (kind == Kind::damped) return true;
            const double accurate = 1e-9 * right.norm();
            Eigen::VectorXd residual = right - system.selfadjointView<Eigen::Lower>() * x;
            double norm = residual.norm();
            if (kind == Kind::cholesky) return norm <= accurate;
            // Until accurate or stalled: on an inconsistent system each
            // round would add the null-space part of its residual again.
            for (int round = 0; round < refinements && norm > accurate; ++round) {
                const Eigen::VectorXd correction = cholesky.solve(residual);
                Eigen::VectorXd next = x + correction;
                Eigen::VectorXd next_residual = right - system.selfadjointView<Eigen::Lower>() * next;
                const double next_norm = next_residual.norm();
                if (!(next_norm < 0.5 * norm)) break;
                x.swap(next);
                residual.swap(next_residual);
                norm = next_norm;
            }
            return true;
        }

        static constexpr double refined_damping = 1e-8;
        static constexpr double damping = 1e-10;
        static constexpr int refinements = 4;
    };

    // H = Mᵀ M / n in gram_'s lower triangle, M = V^{1/2} [Z_S, 1], from
    // blocks of `dense_rows` rows of M, so that the dense copy stays small
    // whatever n (a column's rows ascend, so a cursor per column walks them).
    void form_dense(std::span<const std::int64_t> set, std::span<const double> v, Eigen::Index m) {
        const auto& csc = X_.csc();
        gram_.setZero(m, m);
        cursor_.assign(set.size(), 0);
        for (Eigen::Index first = 0; first < n_; first += dense_rows) {
            const Eigen::Index count = std::min(dense_rows, n_ - first);
            dense_.resize(count, m);
            for (std::size_t k = 0; k < set.size(); ++k) {
                const auto j = set[k];
                const double d = X_.scale(j);
                auto column = dense_.col(static_cast<Eigen::Index>(k));
                column.setConstant(-X_.center(j) / d);
                const auto rows = csc.col_rows(static_cast<I>(j));
                const auto vals = csc.col_values(static_cast<I>(j));
                std::size_t& t = cursor_[k];
                for (; t < rows.size() && static_cast<Eigen::Index>(rows[t]) < first + count; ++t) {
                    column(static_cast<Eigen::Index>(rows[t]) - first) += static_cast<double>(vals[t]) / d;
                }
            }
            if (X_.intercept()) dense_.col(m - 1).setOnes();
            for (Eigen::Index i = 0; i < count; ++i) dense_.row(i) *= std::sqrt(v[idx(first + i)]);
            gram_update();
        }
    }

    // gram_'s lower triangle += dense_ᵀ dense_ / n, in tiles of
    // `gram_tile` columns by `gram_tile` columns, each tile one task: the
    // product that is most of forming H (snp: 1,000 rows by supports of
    // ~700, 18% of a path on one core before) runs on every thread, and a
    // tile's bits depend on m alone, never on the thread count.
    void gram_update() {
        const Eigen::Index m = dense_.cols();
        const double scale = 1.0 / static_cast<double>(n_);
        const auto tiles = static_cast<std::size_t>((m + gram_tile - 1) / gram_tile);
        const auto tile = [&](std::size_t task) {
            const auto [r, c] = lower_tile(task);
            const Eigen::Index row = r * gram_tile;
            const Eigen::Index column = c * gram_tile;
            const Eigen::Index rows = std::min(gram_tile, m - row);
            const Eigen::Index columns = std::min(gram_tile, m - column);
            if (r == c) {
                gram_.block(row, row, rows, rows)
                    .template selfadjointView<Eigen::Lower>()
                    .rankUpdate(dense_.middleCols(row, rows).transpose(), scale);
            } else {
                gram_.block(row, column, rows, columns).noalias() +=
                    scale * dense_.middleCols(row, rows).transpose() * dense_.middleCols(column, columns);
            }
        };
        for_each_task(executor_, tiles * (tiles + 1) / 2, tile);
    }

    // The same from the raw columns' weighted products A_jk = Σ v x_j x_k,
    // sums b_j = Σ v x_j and s = Σ v, centring and scaling afterwards:
    //   n d_j d_k H_jk = A_jk − c_k b_j − c_j b_k + c_j c_k s.
    // The set's columns are first transposed into rows, so that A is the sum
    // of each row's outer product: Σ_i k_i²/2 multiply-adds for k_i nonzeros
    // of the set in row i, never more than the m/2 × nnz(X_S) of pairing the
    // columns (which this replaced: a9a, whose rows hold 14 of 123 features,
    // forms its whole H in 3 M instead of 28 M). On sparse columns c_j is
    // small, so the centring cancels little.
    void form_sparse(std::span<const std::int64_t> set, std::span<const double> v, Eigen::Index m) {
        const auto features = static_cast<Eigen::Index>(set.size());
        if (!std::equal(set.begin(), set.end(), transposed_set_.begin(), transposed_set_.end())) transpose(set);
        // Rows in blocks, each its own partial A, b and s, added in block
        // order afterwards: a rule of n and m alone, so the bits do not
        // depend on the threads. On a9a (32,561 rows, 124 unknowns) this
        // loop was 6% of a two-thread path, on one core. Within a row the
        // set's positions ascend (filled in set order), so (later, earlier)
        // is in the lower triangle.
        const std::size_t blocks = sparse_form_blocks(m);
        const std::size_t rows_per_block = (idx(n_) + blocks - 1) / blocks;
        gram_.setZero(m, m);
        sums_.assign(idx(features), 0.0);
        partial_grams_.resize(blocks - 1);
        partial_sums_.assign((blocks - 1) * idx(features), 0.0);
        partial_weights_.assign(blocks, 0.0);
        for_each_task(executor_, blocks, [&](std::size_t block) {
            Eigen::MatrixXd& a = block == 0 ? gram_ : partial_grams_[block - 1];
            if (block != 0) a.setZero(m, m);
            double* b = block == 0 ? sums_.data() : partial_sums_.data() + (block - 1) * idx(features);
            double s = 0;
            const std::size_t last = std::min(idx(n_), (block + 1) * rows_per_block);
            for (std::size_t i = block * rows_per_block; i < last; ++i) {
                s += v[i];
                if (v[i] == 0.0) continue;
                const std::size_t end = row_start_[i + 1];
                for (std::size_t t = row_start_[i]; t < end; ++t) {
                    const double weighted = v[i] * row_values_[t];
                    const auto feature = static_cast<Eigen::Index>(row_features_[t]);
                    b[idx(feature)] += weighted;
                    double* column = a.col(feature).data();
                    for (std::size_t u = t; u < end; ++u) column[row_features_[u]] += weighted * row_values_[u];
                }
            }
            partial_weights_[block] = s;
        });
        double s = partial_weights_[0];
        for (std::size_t block = 1; block < blocks; ++block) {
            gram_.triangularView<Eigen::Lower>() += partial_grams_[block - 1];
            const double* b = partial_sums_.data() + (block - 1) * idx(features);
            for (std::size_t a = 0; a < idx(features); ++a) sums_[a] += b[a];
            s += partial_weights_[block];
        }
        const double n = static_cast<double>(n_);
        for (Eigen::Index a = 0; a < features; ++a) {
            const auto j = set[idx(a)];
            const double cj = X_.center(j), dj = X_.scale(j), bj = sums_[idx(a)];
            for (Eigen::Index c = 0; c <= a; ++c) {
                const auto k = set[idx(c)];
                const double ck = X_.center(k), bk = sums_[idx(c)];
                gram_(a, c) = (gram_(a, c) - ck * bj - cj * bk + cj * ck * s) / (n * dj * X_.scale(k));
            }
            if (X_.intercept()) gram_(m - 1, a) = (bj - cj * s) / (n * dj);
        }
        if (X_.intercept()) gram_(m - 1, m - 1) = s / n;
    }

    // Row blocks of form_sparse: about 1,024 rows each, at most 8, and their
    // partial matrices within 2 MB.
    std::size_t sparse_form_blocks(Eigen::Index m) const noexcept {
        constexpr std::size_t min_rows = 1024;
        constexpr std::size_t max_blocks = 8;
        constexpr double max_bytes = 2e6;
        const auto by_rows = (idx(n_) + min_rows - 1) / min_rows;
        const double matrix_bytes = 8.0 * static_cast<double>(m) * static_cast<double>(m);
        const auto by_memory = static_cast<std::size_t>(max_bytes / matrix_bytes);
        return std::max<std::size_t>(1, std::min({by_rows, max_blocks, by_memory + 1}));
    }

    // The set's columns as rows (row_start_, row_features_, row_values_).
    // A logistic fit forms H of the same set under new weights model after
    // model, so the rows are kept for the next set that is the same: the
    // transposition was half of forming a9a's H.
    void transpose(std::span<const std::int64_t> set) {
        const auto& csc = X_.csc();
        row_start_.assign(idx(n_) + 1, 0);
        for (auto j : set) {
            for (auto row : csc.col_rows(static_cast<I>(j))) ++row_start_[static_cast<std::size_t>(row) + 1];
        }
        for (std::size_t i = 0; i < idx(n_); ++i) row_start_[i + 1] += row_start_[i];
        row_features_.resize(row_start_.back());
        row_values_.resize(row_start_.back());
        fill_.assign(row_start_.begin(), row_start_.end() - 1);
        for (std::size_t a = 0; a < set.size(); ++a) {
            const auto rows = csc.col_rows(static_cast<I>(set[a]));
            const auto vals = csc.col_values(static_cast<I>(set[a]));
            for (std::size_t t = 0; t < rows.size(); ++t) {
                const std::size_t at = fill_[static_cast<std::size_t>(rows[t])]++;
                row_features_[at] = static_cast<std::uint32_t>(a);
                row_values_[at] = static_cast<double>(vals[t]);
            }
        }
        transposed_set_.assign(set.begin(), set.end());
    }

    // The largest solve, in pass units (formation_work) and unknowns (H's
    // factorizations, m³/3 each, and memory, 8 m² bytes).
    static constexpr double work_limit = 1e7;
    static constexpr double max_unknowns = 400;
    // Supports (affordable_support): passes set by measurement on snp over
    // 64 to 10,000 (raw 34.8 s at 64, 11.2-13.9 s from 128 on; standardized
    // 26.3 s at 128, 10.0-10.8 s from 512 on).
    static constexpr double support_passes = 1024;
    // A support's H (8 m² bytes, held in about two copies with the factor)
    // may take a quarter of X's column storage, and 8 MB whatever X. snp's
    // α 0.5 supports grow to 1,366 (X's columns: 90 MB, limit 1,676);
    // under a limit of 1,000 the last 35 λ fell back to blocks: raw 14.6 s
    // and 10,288 passes, standardized 8.6-10.0 s; solved whole, 11.8-12.0 s
    // and 8,664 passes, 7.8-8.0 s, peak RSS 14-29 MB more (same run).
    static constexpr double min_support_unknowns_limit = 1000;
    static constexpr double support_memory_share = 0.25;
    static double support_unknowns_limit(const DesignMatrix<T, I>& X) noexcept {
        const double column_bytes = static_cast<double>(X.csc().nnz()) * static_cast<double>(sizeof(T) + sizeof(I));
        return std::max(min_support_unknowns_limit, std::floor(std::sqrt(support_memory_share * column_bytes / 8.0)));
    }
    static constexpr double dense_support = 0.25;
    // Multiply-adds (n m²) to form a block's H densely.
    static constexpr double block_work_limit = 2e7;
    static constexpr Eigen::Index dense_rows = 4096;
    static constexpr Eigen::Index gram_tile = 128;
    static constexpr std::size_t adapt_block = 64;  // columns a task of adapt() takes
    // Set by measurement over 2, 8 and 32: at 32 the certified diabetes path
    // took 3.3 ms (8.1 ms at 2), sonar 65 ms (149 ms), with rcv1 and a9a
    // unchanged (1.40 s, 3.44 s), since there the support soon outgrew the
    // limit of the time (n m² ≤ 2e7) or a pass is cheap.
    static constexpr double dense_speedup = 32.0;

    const DesignMatrix<T, I>& X_;
    const kernels::SparseKernels<T, I>& sparse_ = kernels::best_kernels().sparse<T, I>();
    const Executor* executor_;
    Eigen::Index n_;
    double max_support_unknowns_;  // support_unknowns_limit
    Eigen::MatrixXd dense_;
    Eigen::MatrixXd gram_;
    // The set's columns as rows: row i's positions in the set and values
    // are [row_start_[i], row_start_[i + 1]) of row_features_, row_values_.
    std::vector<std::size_t> cursor_;  // per feature of form_dense, its next nonzero
    // form_sparse's row blocks after the first (which forms into gram_ and sums_).
    std::vector<Eigen::MatrixXd> partial_grams_;
    std::vector<double> partial_sums_;
    std::vector<double> partial_weights_;
    std::vector<std::size_t> row_start_;
    std::vector<std::size_t> fill_;
    std::vector<std::uint32_t> row_features_;
    std::vector<double> row_values_;
    std::vector<std::int64_t> transposed_set_;  // the set row_* hold
    std::vector<double> sums_;  // b_j = Σ v x_j
    std::vector<std::int64_t> formed_set_;  // the set and weights gram_ was last formed for by solve
    std::int64_t formed_version_ = -1;
    std::int64_t gram_generation_ = 0;  // counts the forms of gram_, which the factor names
    std::vector<std::pair<std::int64_t, std::int32_t>> held_sorted_;  // formed_set_'s (feature, position)
    std::vector<std::int32_t> positions_;  // adapt's: each feature's position in formed_set_, or -1
    std::vector<double> formed_weights_;  // the weights gram_ is of
    std::vector<double> weighted_;        // adapt's V z_j
    Factor factor_;
    bool stale_trusted_ = true;
    bool used_stale_ = false;
    double predicted_decrease_ = 0;
    bool cholesky_failed_ = false;  // H proved singular once: damped and refined from then on
};

}  // namespace sparsereg::detail
