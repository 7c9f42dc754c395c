// The AVX2 + FMA table; src/CMakeLists.txt compiles this file alone with -mavx2 -mfma.

#include "kernels/simd_kernels.hpp"

namespace sparsereg::kernels::detail {

using Avx2Fma = xsimd::fma3<xsimd::avx2>;

template <>
struct ArchChoices<Avx2Fma> {
    static constexpr InstructionSet isa = InstructionSet::avx2_fma;
    // vgatherdpd lost to four scalar loads on the Xeon we measured (2 cores,
    // GDS-mitigated microcode): 19 vs 28 GB/s on 10-non-zero columns, 41 vs
    // 42 GB/s on long ones, cache-resident x; a tie when x is in DRAM.
    static constexpr GatherMethod gather_method = GatherMethod::lane_loads;
    static constexpr bool hardware_scatter = false;  // AVX2 has none
};

template const KernelTable* SimdTableFor::operator()<Avx2Fma>(Avx2Fma) const noexcept;

}  // namespace sparsereg::kernels::detail
