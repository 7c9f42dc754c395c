// The SSE2 table, compiled with baseline x86-64 flags: what every x86-64 CPU runs.

#include "kernels/simd_kernels.hpp"

namespace sparsereg::kernels::detail {

template <>
struct ArchChoices<xsimd::sse2> {
    static constexpr InstructionSet isa = InstructionSet::sse2;
    static constexpr GatherMethod gather_method = GatherMethod::lane_loads;  // there is no SSE2 gather
    static constexpr bool hardware_scatter = false;
};

template const KernelTable* SimdTableFor::operator()<xsimd::sse2>(xsimd::sse2) const noexcept;

}  // namespace sparsereg::kernels::detail
