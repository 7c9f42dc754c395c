#pragma once

// Sums over [0, n) that give the same bits on any number of threads: the
// range is cut into blocks of a fixed size, each block's sums are one
// thread's sequential loop, and the blocks' totals are added in block order
// (DESIGN.md, 6).

#include <array>
#include <cstddef>
#include <vector>

#include "parallel/executor.hpp"

namespace sparsereg::detail {

// Items per block of the per-sample and per-feature loops: enough work to pay
// for a task, small enough that a few thousand samples use two cores.
inline constexpr std::size_t items_per_sum_block = 4096;

// K sums: body(begin, end) returns its block's K partial sums.
template <std::size_t K, class Body>
std::array<double, K> blocked_sums(const Executor& executor, std::size_t n, Body body) {
    std::vector<std::array<double, K>> blocks(Executor::block_count(n, items_per_sum_block));
    executor.for_each_range(n, items_per_sum_block, [&](std::size_t begin, std::size_t end) {
        blocks[begin / items_per_sum_block] = body(begin, end);
    });
    std::array<double, K> total{};
    for (const auto& block : blocks) {
        for (std::size_t k = 0; k < K; ++k) total[k] += block[k];
    }
    return total;
}

}  // namespace sparsereg::detail
