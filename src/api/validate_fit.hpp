#pragma once

#include <cstdint>
#include <span>

#include "sparsereg/api/fit.hpp"

namespace sparsereg::detail {

// Checks every option against the data's shape before any work, and throws
// InvalidArgument naming the option (and index) of the first problem.
void validate_fit(const FitOptions& options, std::int64_t rows, std::int64_t cols,
                  std::span<const double> y);

}  // namespace sparsereg::detail
