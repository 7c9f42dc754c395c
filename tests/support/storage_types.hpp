#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

namespace sparsereg::testing {

// The four value × index combinations the library is built for, for typed tests.
using StorageTypes =
    ::testing::Types<std::pair<float, std::int32_t>, std::pair<float, std::int64_t>,
                     std::pair<double, std::int32_t>, std::pair<double, std::int64_t>>;

}  // namespace sparsereg::testing
