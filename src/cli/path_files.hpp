#pragma once

// The files a fitted path is written to, shared by `path` and `cv`:
//   path.csv  lambda,df,objective,dev_ratio,duality_gap,intercept,iterations,status
//   coef.csv  lambda_index,feature,value  (nonzero coefficients, features numbered
//             from feature_offset: 1 for one-based input files)

#include <cstdint>
#include <string>

#include "sparsereg/api/fit.hpp"

namespace sparsereg::cli {

void write_path_csv(const std::string& name, const PathResult& result);
void write_coef_csv(const std::string& name, const PathResult& result, std::int64_t feature_offset);

}  // namespace sparsereg::cli
