#pragma once

#include <cstddef>  // defines __GLIBC__ on glibc systems
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sparsereg::detail {

// Reading a file frees its decoded text and the parser's per-thread chunks,
// but glibc keeps such memory in its arenas: news20's .svm.xz left the
// process at 88 MB resident after reading, 51 MB (the matrix) after
// trimming. Handing it back lets a fit start from the data alone.
inline void release_freed_memory() noexcept {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

// For programs that own their process (the CLI, the race's harness), called
// once at start; a library must not change its host's allocator, so fit_path
// never calls it. glibc maps an array above its threshold (128 KB at first)
// on its own and unmaps it when freed, but each such free raises the
// threshold to the freed size (up to 32 MB), so from then on the arrays of a
// fit come from a heap that glibc keeps, and a process's later fits leave
// holes in it that the next array does not fit: news20 α 0.5 standardized
// peaked at 130 MB in a process's first fit and at 133-141 MB in its second
// to fourth. A threshold set by hand is never raised (every fit 129-132 MB).
// A fit of news20 makes about 160 arrays of 1 MB or more, so mapping each
// costs nothing measurable.
inline void keep_large_arrays_mapped() noexcept {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

}  // namespace sparsereg::detail
