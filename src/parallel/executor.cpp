#include "parallel/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "sparsereg/error.hpp"

namespace sparsereg::detail {

struct Executor::Arena {
    explicit Arena(int threads) : arena(threads) {}
    tbb::task_arena arena;
};

namespace {

int resolve_threads(int threads) {
    if (threads < 0) {
        throw InvalidArgument("threads", "must be >= 0 (0 means all cores), got " +
                                             std::to_string(threads));
    }
    // oneTBB never runs more workers than cores (and warns when asked to), so
    // more threads than cores are capped here: results do not depend on it.
    const int cores = std::max(1, tbb::info::default_concurrency());
    return threads == 0 ? cores : std::min(threads, cores);
}

}  // namespace

Executor::Executor(int threads) : arena_(std::make_unique<Arena>(resolve_threads(threads))) {}

Executor::~Executor() = default;

int Executor::threads() const noexcept { return arena_->arena.max_concurrency(); }

void Executor::for_each_block(std::size_t n_blocks, FunctionRef<void(std::size_t)> body) const {
    if (n_blocks == 0) return;
    if (n_blocks == 1 || threads() == 1) {
        for (std::size_t b = 0; b < n_blocks; ++b) body(b);
        return;
    }
    arena_->arena.execute([&] {
        // simple_partitioner with grain 1: one task per block, so a block is
        // never split or merged whatever the thread count.
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, n_blocks, 1),
            [&](const tbb::blocked_range<std::size_t>& r) {
                for (std::size_t b = r.begin(); b != r.end(); ++b) body(b);
            },
            tbb::simple_partitioner());
    });
}

void Executor::for_each_range(std::size_t n, std::size_t grain,
                              FunctionRef<void(std::size_t, std::size_t)> body) const {
    grain = std::max<std::size_t>(grain, 1);
    for_each_block(block_count(n, grain), [&](std::size_t b) {
        const std::size_t begin = b * grain;
        body(begin, std::min(n, begin + grain));
    });
}

}  // namespace sparsereg::detail
