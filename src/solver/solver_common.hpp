#pragma once

// What every solver of the path shares: its settings, what it reports for a
// λ, how it grows its working set, and when it gives up on progress. Both
// coordinate descent and proximal gradient go through these, so their
// statuses mean the same thing.

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

struct SolverSettings {
    StoppingRule stopping = StoppingRule::duality_gap;
    double tol = 1e-7;
    std::int64_t max_epochs = 100000;
    // Scale of the inner convergence test: a coordinate "moved" when its
    // change in the quadratic model exceeds tolerance × this (null deviance / n).
    double change_scale = 1.0;
    // Coordinate descent: Newton steps on the support when passes crawl.
    bool support_newton = true;
    // Coordinate descent: Anderson extrapolation of the passes' iterates.
    bool anderson = true;
    // Coordinate descent: each λ starts on the secant through the last two
    // solutions (PathPrediction).
    bool path_prediction = true;
};

struct PointStats {
    double objective = 0;
    double duality_gap = 0;  // NaN where undefined
    double kkt = 0;          // max KKT violation / λ
    std::int64_t epochs = 0;
    Status status = Status::converged;
};

// The certified stopping rule: relative gap, or KKT / λ where the gap is undefined.
inline bool certified(const PointStats& s, double tol) {
    if (!std::isfinite(s.objective)) return false;
    if (std::isnan(s.duality_gap)) return s.kkt <= tol;
    return s.duality_gap <= tol * std::max(s.objective, 1e-300);
}

// Adds to the working set every feature outside it that violates KKT at 0;
// returns whether any did. A margin of rounding (1e-12 λ) keeps a feature
// exactly at its threshold (the one that defines λ_max) from being let in by noise.
template <class Fixed>
bool add_kkt_violators(const ElasticNet& penalty, Fixed fixed_at_zero, std::span<const double> gradient,
                       double lambda, std::vector<char>& in_set, std::vector<std::int64_t>& working_set) {
    constexpr double kkt_noise = 1e-12;
    bool added = false;
    for (std::size_t j = 0; j < gradient.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        // The rare condition before the fixed columns' test, which a
        // news20 Lasso, with 37% of its columns fixed (duplicates), took
        // as a mispredicted branch per column.
        if (!in_set[j] && penalty.violation(jj, lambda, 0.0, gradient[j]) > kkt_noise * lambda &&
            !fixed_at_zero(jj)) {
            in_set[j] = 1;
            working_set.push_back(jj);
            added = true;
        }
    }
    return added;
}

// A solver is stalled when its certificate (gap, or KKT where the gap is
// undefined) has not shrunk by 1% in 10 checks: creeping along a nearly flat
// direction, e.g. duplicated columns or a rare feature of a near-separable
// logistic fit.
class StallDetector {
public:
    // Records a check; true when the solver should give up.
    bool stalled(const PointStats& s) {
        const double measure = std::isnan(s.duality_gap) ? s.kkt : s.duality_gap;
        if (measure < 0.99 * best_) {
            best_ = measure;
            checks_without_progress_ = 0;
            return false;
        }
        return ++checks_without_progress_ >= max_checks_without_progress;
    }

private:
    static constexpr int max_checks_without_progress = 10;
    double best_ = std::numeric_limits<double>::infinity();
    int checks_without_progress_ = 0;
};

// After a certificate check that let no new feature in: whether the solve at
// this λ ends, with stats.status saying why. `glmnet_rule_met` is the
// solver's own reading of glmnet's rule, used only under that rule.
inline bool solve_finished(PointStats& stats, const SolverSettings& settings, StallDetector& stall,
                           bool glmnet_rule_met) {
    if (settings.stopping == StoppingRule::glmnet_thresh && glmnet_rule_met) return true;
    if (settings.stopping == StoppingRule::duality_gap && certified(stats, settings.tol)) return true;
    if (stats.epochs >= settings.max_epochs) {
        stats.status = Status::max_iterations;
        return true;
    }
    if (stall.stalled(stats)) {
        stats.status = Status::stalled;
        return true;
    }
    return false;
}

}  // namespace sparsereg::detail
