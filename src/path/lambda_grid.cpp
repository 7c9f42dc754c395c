#include "sparsereg/path/lambda_grid.hpp"

#include <cmath>

namespace sparsereg {

double default_lambda_min_ratio(std::int64_t rows, std::int64_t cols) noexcept {
    return rows < cols ? 1e-2 : 1e-4;
}

std::vector<double> log_spaced_lambdas(double lambda_max, double min_ratio, int n) {
    std::vector<double> grid(static_cast<std::size_t>(n));
    const double step = n > 1 ? std::log(min_ratio) / (n - 1) : 0.0;
    for (int k = 0; k < n; ++k) grid[static_cast<std::size_t>(k)] = lambda_max * std::exp(step * k);
    return grid;
}

}  // namespace sparsereg
