// Picks the table for this CPU. Compiled with baseline flags like the rest of
// the library: it only asks the CPU what it has and hands out pointers.

#include <xsimd/xsimd.hpp>

#include <cstdlib>
#include <cstring>

#include "kernels/kernel_tables.hpp"
#include "kernels/kernels.hpp"

namespace sparsereg::kernels {
namespace {

// Widest first, as xsimd::dispatch requires: it runs the first one the CPU has.
using DispatchedArchitectures = xsimd::arch_list<xsimd::avx512f, xsimd::fma3<xsimd::avx2>, xsimd::sse2>;

constexpr InstructionSet all_instruction_sets[] = {InstructionSet::scalar, InstructionSet::sse2,
                                                   InstructionSet::avx2_fma, InstructionSet::avx512f};

// xsimd 8.1 reads the CPUID flags only; GCC's check also asks the OS (XCR0)
// whether it saves the wider registers, without which AVX code faults.
bool os_enables(InstructionSet isa) noexcept {
    switch (isa) {
        case InstructionSet::scalar:
        case InstructionSet::sse2: return true;
        case InstructionSet::avx2_fma:
            return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case InstructionSet::avx512f: return __builtin_cpu_supports("avx512f");
    }
    return false;
}

// SPARSEREG_INSTRUCTION_SET=scalar|sse2|avx2+fma|avx512f picks a table by name
// (to reproduce another machine's bits, or to measure one set against
// another); a name this CPU cannot run, or no name, leaves the choice to dispatch.
const KernelTable* requested_table() noexcept {
    const char* name = std::getenv("SPARSEREG_INSTRUCTION_SET");
    if (name == nullptr) return nullptr;
    for (const InstructionSet isa : all_instruction_sets) {
        if (std::strcmp(name, to_string(isa)) == 0) return kernels_for(isa);
    }
    return nullptr;
}

}  // namespace

const char* to_string(InstructionSet isa) noexcept {
    switch (isa) {
        case InstructionSet::scalar: return "scalar";
        case InstructionSet::sse2: return "sse2";
        case InstructionSet::avx2_fma: return "avx2+fma";
        case InstructionSet::avx512f: return "avx512f";
    }
    return "unknown";
}

const KernelTable& best_kernels() noexcept {
    static const KernelTable* const best = [] {
        if (const KernelTable* requested = requested_table()) return requested;
        const KernelTable* table = xsimd::dispatch<DispatchedArchitectures>(detail::SimdTableFor{})();
        // avx2+fma over avx512f, by measurement rather than width: on sparse
        // data the kernels are bound by gathers, where 512-bit vectors gain
        // nothing (kernels_bench: Xᵀu on news20 15.9 GB/s with avx2+fma, 14.7
        // with avx512f), while the lower clock of AVX-512 code slowed whole
        // fits by up to 13% (rcv1 path 1.24 s vs 1.39 s, FISTA 2.59 s vs 2.71 s;
        // news20 and a9a level). SPARSEREG_INSTRUCTION_SET=avx512f still selects it.
        if (table->isa == InstructionSet::avx512f) {
            if (const KernelTable* avx2 = kernels_for(InstructionSet::avx2_fma)) table = avx2;
        }
        // The CPU has the instructions but the OS does not enable them.
        if (!os_enables(table->isa)) table = kernels_for(InstructionSet::sse2);
        return table;
    }();
    return *best;
}

const KernelTable* kernels_for(InstructionSet isa) noexcept {
    const auto cpu = xsimd::available_architectures();
    const detail::SimdTableFor simd_table;
    switch (isa) {
        case InstructionSet::scalar: return &detail::scalar_table();
        case InstructionSet::sse2: return cpu.sse2 ? simd_table(xsimd::sse2{}) : nullptr;
        case InstructionSet::avx2_fma:
            return cpu.fma3_avx2 && os_enables(isa) ? simd_table(xsimd::fma3<xsimd::avx2>{}) : nullptr;
        case InstructionSet::avx512f:
            return cpu.avx512f && os_enables(isa) ? simd_table(xsimd::avx512f{}) : nullptr;
    }
    return nullptr;
}

std::vector<InstructionSet> available_instruction_sets() {
    std::vector<InstructionSet> sets;
    for (const InstructionSet isa : all_instruction_sets) {
        if (kernels_for(isa) != nullptr) sets.push_back(isa);
    }
    return sets;
}

}  // namespace sparsereg::kernels
