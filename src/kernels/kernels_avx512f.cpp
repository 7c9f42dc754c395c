// The AVX-512F table; src/CMakeLists.txt compiles this file alone with
// -mavx512f -mavx2 -mfma (xsimd's avx512f architecture needs only AVX-512F).

// GCC 12's AVX-512 intrinsics pass _mm512_undefined_*() as the unused source
// of their masked builtins, which -Wuninitialized flags wherever they are
// inlined (GCC PR 105593, fixed in GCC 13). The warning is about the header,
// not about this code.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "kernels/simd_kernels.hpp"

namespace sparsereg::kernels::detail {

template <>
struct ArchChoices<xsimd::avx512f> {
    static constexpr InstructionSet isa = InstructionSet::avx512f;
    // The 8-wide gather was no faster than eight scalar loads on the Xeon we
    // measured (17 vs 23 GB/s on 10-non-zero columns, 29 vs 33 GB/s on long
    // ones, cache-resident x; within noise when x is in DRAM).
    static constexpr GatherMethod gather_method = GatherMethod::lane_loads;
    static constexpr bool hardware_scatter = true;
};

template const KernelTable* SimdTableFor::operator()<xsimd::avx512f>(xsimd::avx512f) const noexcept;

}  // namespace sparsereg::kernels::detail
