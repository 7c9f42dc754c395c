#pragma once

// How good predictions are, as cv.glmnet measures them (type.measure), so CV
// curves compare one to one:
//   mse       Σ w (y − η)² / Σ w                              gaussian
//   mae       Σ w |y − η| / Σ w                               gaussian
//   deviance  gaussian: as mse; binomial: Σ w · −2[y log p + (1−y) log(1−p)] / Σ w,
//             p = 1/(1 + e^−η) clamped to [1e-5, 1 − 1e-5] as glmnet does
//   class     misclassification: Σ w [wrong side] / Σ w            binomial
//             (wrong: y = 1 and p ≤ 0.5, or y = 0 and p ≥ 0.5; p = 0.5
//             exactly counts as an error for either class, as in glmnet)
//   auc       area under the ROC curve, weighted (Mann–Whitney: pairs of a
//             positive and a negative, each weighted w_i w_j, ties count ½)
// with η the linear predictor and y the response (0/1 for binomial).

#include <span>
#include <string>
#include <string_view>

#include "sparsereg/api/fit.hpp"

namespace sparsereg {

enum class Measure { mse, mae, deviance, misclassification, auc };

// "mse", "mae", "deviance", "class", "auc" (cv.glmnet's names).
const char* to_string(Measure measure) noexcept;
// Throws InvalidArgument("measure", ...) for an unknown name.
Measure parse_measure(std::string_view name);

// AUC grows with quality; every other measure is a loss.
constexpr bool higher_is_better(Measure measure) noexcept { return measure == Measure::auc; }

// mse, mae and deviance for gaussian; deviance, class and auc for binomial.
bool measure_applies(Measure measure, Family family) noexcept;
// cv.glmnet's default: deviance for both families.
constexpr Measure default_measure(Family) noexcept { return Measure::deviance; }

// The measure of linear predictors `eta` against responses `y` (weights
// empty: all 1). Throws InvalidArgument naming "measure" when it does not
// apply to the family, "y"/"weights" on a length mismatch, negative or
// all-zero weights; AUC is NaN when one class has no weight.
double evaluate_measure(Measure measure, Family family, std::span<const double> y,
                        std::span<const double> eta, std::span<const double> weights = {});

}  // namespace sparsereg
