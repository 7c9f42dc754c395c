#pragma once

#include <cstdint>
#include <vector>

namespace sparsereg {

// glmnet's default smallest λ as a fraction of λ_max: 1e-4 when there are at
// least as many rows as columns, 1e-2 otherwise (the fit saturates sooner).
double default_lambda_min_ratio(std::int64_t rows, std::int64_t cols) noexcept;

// n values from lambda_max down to min_ratio × lambda_max, equally spaced in
// log λ, as glmnet makes them (the first is lambda_max exactly).
std::vector<double> log_spaced_lambdas(double lambda_max, double min_ratio, int n);

}  // namespace sparsereg
