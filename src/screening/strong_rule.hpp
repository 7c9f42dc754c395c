#pragma once

// Sequential strong rule (Tibshirani, Bien, Friedman, Hastie, Simon, Taylor
// & Tibshirani, "Strong rules for discarding predictors in lasso-type
// problems", JRSS-B 2012): at λ_k, a penalized feature that is zero at the
// solution for λ_{k−1} is likely to stay zero when
//     |G_j(λ_{k−1})| < α v_j (2 λ_k − λ_{k−1}).
// It is a heuristic, not a guarantee: the solver re-checks KKT for every
// discarded feature and takes back each violator, so the solution never
// depends on it.

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg::detail {

// The features to optimize at λ: the nonzero, the unpenalized, and those the
// rule keeps (every free feature when `screen` is false; none when
// `unpenalized_only`, for λ ≥ λ_max where every penalized one is 0).
template <class Fixed>
std::vector<std::int64_t> strong_set(std::span<const double> gradient, std::span<const double> beta,
                                     const ElasticNet& penalty, Fixed fixed_at_zero, double lambda,
                                     double previous_lambda, bool screen, bool unpenalized_only) {
    std::vector<std::int64_t> kept;
    const double threshold = 2.0 * lambda - previous_lambda;
    for (std::size_t j = 0; j < gradient.size(); ++j) {
        const auto jj = static_cast<std::int64_t>(j);
        const bool strong = !screen || beta[j] != 0.0 ||
                            std::abs(gradient[j]) >= penalty.alpha() * penalty.factor(jj) * threshold;
        const bool kept_j = penalty.unpenalized(jj) || (!unpenalized_only && strong);
        // Fixed columns last: most columns are screened out, and with many
        // fixed ones (duplicates) testing them first mispredicts.
        if (kept_j && !fixed_at_zero(jj)) kept.push_back(jj);
    }
    return kept;
}

}  // namespace sparsereg::detail
