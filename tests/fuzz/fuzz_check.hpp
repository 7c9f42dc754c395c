#pragma once

// Shared by the libFuzzer targets and fuzz_replay: how a target says that an
// input exposed a bug. A failed check prints what broke and aborts, which
// libFuzzer (and the sanitizers, and CTest) report as a crash.

#include <cstdio>
#include <cstdlib>

#define SPARSEREG_FUZZ_CHECK(condition, what)                                              \
    do {                                                                                    \
        if (!(condition)) {                                                                 \
            std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s (%s)\n", __FILE__,     \
                         __LINE__, #condition, what);                                       \
            std::abort();                                                                   \
        }                                                                                   \
    } while (false)

#define SPARSEREG_FUZZ_FAIL(what)                                                           \
    do {                                                                                    \
        std::fprintf(stderr, "fuzz bug at %s:%d: %s\n", __FILE__, __LINE__, what);          \
        std::abort();                                                                       \
    } while (false)
