#include "parallel/executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <vector>

#include "sparsereg/error.hpp"

namespace sparsereg::detail {
namespace {

TEST(Executor, RejectsNegativeThreadCountNamingTheArgument) {
    try {
        Executor executor(-1);
        FAIL() << "expected InvalidArgument";
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(e.argument(), "threads");
        EXPECT_NE(std::string(e.what()).find("-1"), std::string::npos);
    }
}

TEST(Executor, ZeroMeansAllCores) { EXPECT_GE(Executor(0).threads(), 1); }

TEST(Executor, CoversEveryItemExactlyOnceForAwkwardSizes) {
    for (int threads : {1, 2, 8}) {
        const Executor executor(threads);
        for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 1023u, 10000u}) {
            std::vector<std::atomic<int>> hits(n);
            executor.for_each_range(n, 8, [&](std::size_t begin, std::size_t end) {
                for (std::size_t i = begin; i < end; ++i) hits[i]++;
            });
            for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i], 1) << "n=" << n << " i=" << i;
        }
    }
}

TEST(Executor, BlockedReductionGivesTheSameBitsForAnyThreadCount) {
    std::vector<double> x(100003);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 1.0 / static_cast<double>(i + 1);
    auto blocked_sum = [&](int threads) {
        constexpr std::size_t grain = 1000;
        std::vector<double> partial(Executor::block_count(x.size(), grain));
        Executor(threads).for_each_range(x.size(), grain, [&](std::size_t b, std::size_t e) {
            partial[b / grain] = std::accumulate(x.begin() + b, x.begin() + e, 0.0);
        });
        return std::accumulate(partial.begin(), partial.end(), 0.0);
    };
    const double one = blocked_sum(1);
    EXPECT_EQ(one, blocked_sum(2));
    EXPECT_EQ(one, blocked_sum(8));
}

TEST(Executor, PropagatesAnExceptionFromABlock) {
    const Executor executor(2);
    EXPECT_THROW(executor.for_each_block(4,
                                         [](std::size_t b) {
                                             if (b == 3) throw std::runtime_error("block 3");
                                         }),
                 std::runtime_error);
}

}  // namespace
}  // namespace sparsereg::detail
