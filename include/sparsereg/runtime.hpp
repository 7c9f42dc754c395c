#pragma once

// What the library chose at run time on this machine.

namespace sparsereg {

// The SIMD instruction set of the kernels every solver uses: "avx512f",
// "avx2+fma", "sse2" or "scalar", the best this CPU supports, chosen once per
// process. Results are bit-identical for any thread count on one instruction
// set; across instruction sets sums differ in their last bits.
const char* instruction_set() noexcept;

}  // namespace sparsereg
