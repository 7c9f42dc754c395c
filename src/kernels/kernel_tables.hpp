#pragma once

// How the selector reaches the per-instruction-set tables. Each table lives in
// the translation unit compiled for its instruction set; nothing here may be
// defined inline, so no code built with AVX flags can leak into baseline code.

#include "kernels/kernels.hpp"

namespace sparsereg::kernels::detail {

// The reference table: plain loops, baseline flags (kernels_scalar.cpp).
const KernelTable& scalar_table() noexcept;

// The SIMD table of one xsimd architecture, in the form xsimd::dispatch calls.
// Declared only: kernels_<isa>.cpp defines and explicitly instantiates it for
// its own architecture.
struct SimdTableFor {
    template <class Arch>
    const KernelTable* operator()(Arch) const noexcept;
};

}  // namespace sparsereg::kernels::detail
