#pragma once

#include <cstddef>
#include <memory>

#include "parallel/function_ref.hpp"

namespace sparsereg::detail {

// Runs work on a fixed number of threads inside its own oneTBB task arena: no
// global_control and no global state, so two fits with different thread counts
// can run side by side in one process (DESIGN.md, 5).
//
// Results must not depend on the thread count (DESIGN.md, 6). The block
// boundaries here depend only on the sizes a caller passes, never on the number
// of threads, so a caller that reduces into one slot per block and combines the
// slots in block order gets the same bits on 1, 2 or 8 threads.
class Executor {
public:
    // threads = 0 uses every core the process may run on, and so does a larger
    // number than that; negative is an error.
    explicit Executor(int threads = 0);
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    int threads() const noexcept;

    // Calls body(block) once for every block in [0, n_blocks), concurrently.
    void for_each_block(std::size_t n_blocks, FunctionRef<void(std::size_t)> body) const;

    // Splits [0, n) into consecutive ranges of `grain` items (the last may be
    // shorter) and calls body(begin, end) once for each, concurrently.
    void for_each_range(std::size_t n, std::size_t grain,
                        FunctionRef<void(std::size_t, std::size_t)> body) const;

    // How many blocks of `grain` items cover n items.
    static std::size_t block_count(std::size_t n, std::size_t grain) noexcept {
        return grain == 0 ? 0 : (n + grain - 1) / grain;
    }

private:
    struct Arena;
    std::unique_ptr<Arena> arena_;
};

// body(task) for every task in [0, tasks): on the executor's threads where
// there is one (and more than one task), else on the caller's, in order.
inline void for_each_task(const Executor* executor, std::size_t tasks, FunctionRef<void(std::size_t)> body) {
    if (executor == nullptr || tasks <= 1) {
        for (std::size_t task = 0; task < tasks; ++task) body(task);
    } else {
        executor->for_each_block(tasks, body);
    }
}

}  // namespace sparsereg::detail
