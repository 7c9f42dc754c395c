#include "parallel/executor.hpp"

#include <tbb/blocked_range.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "sparsereg/error.hpp"

// ThreadSanitizer sees only instrumented code. Debian's libtbb is not
// instrumented, so the hand-offs it makes (a task queued by one thread and run
// by another, a worker finishing a task that parallel_for waits for) are
// invisible to it, and every block would look like it races with the caller.
// These annotations state exactly what oneTBB guarantees and no more: what the
// caller did before for_each_block happens before every block, and every
// block happens before for_each_block returns. Blocks stay unordered with one
// another, so a race between two blocks is still reported.
#if defined(__SANITIZE_THREAD__)
#define SPARSEREG_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SPARSEREG_TSAN 1
#endif
#endif
#ifdef SPARSEREG_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace sparsereg::detail {

struct Executor::Arena {
    explicit Arena(int threads) : arena(threads) {}
    tbb::task_arena arena;
};

namespace {

// Happens-before edges for ThreadSanitizer (see above); no code otherwise.
// The token is only an address that names the edge; nothing is written there.
inline void tsan_release([[maybe_unused]] const void* token) noexcept {
#ifdef SPARSEREG_TSAN
    __tsan_release(const_cast<void*>(token));
#endif
}

inline void tsan_acquire([[maybe_unused]] const void* token) noexcept {
#ifdef SPARSEREG_TSAN
    __tsan_acquire(const_cast<void*>(token));
#endif
}

// The body oneTBB runs on each range of blocks. A class rather than a lambda
// only for ThreadSanitizer: oneTBB copies the body into every task it splits
// off, on the splitting thread, in memory it recycles from finished tasks, and
// another thread then runs that copy. Acquiring and releasing on the copy's own
// address marks both hand-offs (a copy is published to the thread that runs
// it; a finished task's memory is handed back before it is reused).
class BlockLoop {
public:
    BlockLoop(const FunctionRef<void(std::size_t)>& body, char& started, char& finished) noexcept
        : body_(&body), started_(&started), finished_(&finished) {}
    // Acquire before the first member is read or written, hence the comma.
    BlockLoop(const BlockLoop& other) noexcept
        : body_((tsan_acquire(&other), tsan_acquire(this), other.body_)),
          started_(other.started_),
          finished_(other.finished_) {
        tsan_release(this);
    }
    BlockLoop& operator=(const BlockLoop&) = delete;
    ~BlockLoop() = default;

    void operator()(const tbb::blocked_range<std::size_t>& r) const {
        tsan_acquire(this);
        tsan_acquire(started_);
        for (std::size_t b = r.begin(); b != r.end(); ++b) (*body_)(b);
        tsan_release(finished_);
        tsan_release(this);
    }

private:
    const FunctionRef<void(std::size_t)>* body_;
    char* started_;
    char* finished_;
};

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
    char started = 0;  // addresses for the ThreadSanitizer annotations only
    char finished = 0;
    tsan_release(&started);
    arena_->arena.execute([&] {
        // execute() may run this on another thread when the arena is full.
        tsan_acquire(&started);
        // simple_partitioner with grain 1: one task per block, so a block is
        // never split or merged whatever the thread count.
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n_blocks, 1),
                          BlockLoop(body, started, finished), tbb::simple_partitioner());
        tsan_release(&finished);
    });
    tsan_acquire(&finished);
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
