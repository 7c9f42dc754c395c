#include "sparsereg/runtime.hpp"

#include "kernels/kernels.hpp"

namespace sparsereg {

const char* instruction_set() noexcept { return kernels::to_string(kernels::best_kernels().isa); }

}  // namespace sparsereg
