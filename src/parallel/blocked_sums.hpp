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
// for a task, small enough that a few thousand samples use two cores evenly.
// At 4,096, spambase's 4,601 rows were a block of 4,096 and one of 505, and a
// second thread made its path 1.05x faster; at 1,024 its paths take 0.75-0.79x
// the time, while a9a, w8a, news20 and lung (many rows or many features, so
// many blocks either way) stay within noise. At 512 rcv1 was 1.025x slower.
inline constexpr std::size_t items_per_sum_block = 1024;

// K sums: body(begin, end) returns its block's K partial sums, kept in
// `blocks` (one entry per block, in block order) for a caller that reuses them.
template <std::size_t K, class Body>
std::array<double, K> blocked_sums(const Executor& executor, std::size_t n, Body body,
                                   std::vector<std::array<double, K>>& blocks) {
    blocks.assign(Executor::block_count(n, items_per_sum_block), std::array<double, K>{});
    executor.for_each_range(n, items_per_sum_block, [&](std::size_t begin, std::size_t end) {
        blocks[begin / items_per_sum_block] = body(begin, end);
    });
    std::array<double, K> total{};
    for (const auto& block : blocks) {
        for (std::size_t k = 0; k < K; ++k) total[k] += block[k];
    }
    return total;
}

template <std::size_t K, class Body>
std::array<double, K> blocked_sums(const Executor& executor, std::size_t n, Body body) {
    std::vector<std::array<double, K>> blocks;
    return blocked_sums<K>(executor, n, body, blocks);
}

}  // namespace sparsereg::detail
