// The SIMD kernels raced against the scalar reference, one run, every
// instruction set this CPU has, single thread.
//
//   build/bench/kernels_bench [--benchmark_filter=...]
//
// Every benchmark reports bytes_per_second: the bytes a kernel must move
// (arrays read and written; for gathers 8 B per non-zero of x read through
// the index). "large" arrays exceed the last-level cache, "small" ones stay in
// L1/L2. BM_stream_read measures the machine's streaming read bandwidth in
// the same binary; the gather and Xᵀu benchmarks report vs_stream, their
// bandwidth as a fraction of it. Xᵀu runs spmv_block over every column of the
// CSC of a real data set (news20 bigram train from ../shared/datasets;
// SPARSEREG_BENCH_DATASET=/path/file.svm[.xz] overrides it).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernels.hpp"
#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/io/svmlight.hpp"

namespace {

namespace fs = std::filesystem;
using sparsereg::kernels::InstructionSet;
using sparsereg::kernels::KernelTable;
using Index = std::int32_t;

// lscpu on the machine this was written on: L2 4 MiB per core, L3 "480 MiB"
// (as the hypervisor reports it). 2^26 doubles = 512 MiB per array beats both.
constexpr std::size_t large_size = std::size_t{1} << 26;
constexpr std::size_t small_size = std::size_t{1} << 12;  // 32 KiB per array
constexpr std::size_t large_gather_range = std::size_t{1} << 24;  // x of 128 MiB
constexpr std::size_t small_gather_range = std::size_t{1} << 11;

struct Arrays {
    std::vector<double> a, b, c, d, e;  // dense operands
    std::vector<Index> idx;             // random indices into [0, gather range)
    std::vector<Index> distinct_idx;    // a permutation prefix, for scatter
    std::vector<double> x, v, r;        // the gathered vectors
};

const Arrays& arrays(std::size_t size) {
    static std::unique_ptr<Arrays> cache[2];
    const bool large = size == large_size;
    std::unique_ptr<Arrays>& slot = cache[large ? 1 : 0];
    if (!slot) {
        slot = std::make_unique<Arrays>();
        Arrays& s = *slot;
        std::mt19937_64 rng(42);
        std::uniform_real_distribution<double> draw(-1.0, 1.0);
        for (auto* vec : {&s.a, &s.b, &s.c, &s.d, &s.e}) {
            vec->resize(size);
            for (double& value : *vec) value = draw(rng);
        }
        for (std::size_t i = 0; i < size; ++i) {  // valid prox inputs: l1, l2 ≥ 0, lower ≤ 0 ≤ upper
            s.b[i] = std::abs(s.b[i]) / 2;
            s.c[i] = std::abs(s.c[i]);
            s.d[i] = -std::abs(s.d[i]);
            s.e[i] = std::abs(s.e[i]);
        }
        const std::size_t range = large ? large_gather_range : small_gather_range;
        std::uniform_int_distribution<Index> pick(0, static_cast<Index>(range - 1));
        s.idx.resize(size);
        for (Index& i : s.idx) i = pick(rng);
        std::vector<Index> permutation(range);
        std::iota(permutation.begin(), permutation.end(), Index{0});
        std::shuffle(permutation.begin(), permutation.end(), rng);
        s.distinct_idx.assign(permutation.begin(), permutation.begin() + static_cast<std::ptrdiff_t>(std::min(size, range)));
        for (auto* vec : {&s.x, &s.v, &s.r}) {
            vec->resize(range);
            for (double& value : *vec) value = draw(rng);
        }
    }
    return *slot;
}

// Streaming read bandwidth (bytes/s): the best of a few sum-of-squares passes
// over one large array with the best table (a multi-accumulator read-only loop).
double stream_bandwidth() {
    static const double bandwidth = [] {
        const Arrays& s = arrays(large_size);
        const auto& sum = sparsereg::kernels::best_kernels().dense.sum_squares;
        double best = 1e300;
        for (int pass = 0; pass < 5; ++pass) {
            const auto start = std::chrono::steady_clock::now();
            benchmark::DoNotOptimize(sum(s.a.data(), s.a.size()));
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        return static_cast<double>(s.a.size() * sizeof(double)) / best;
    }();
    return bandwidth;
}

// bytes/s, plus vs_stream = (bytes / stream bandwidth) / seconds = bandwidth / stream bandwidth.
void report_bytes(benchmark::State& state, double bytes_per_iteration, bool versus_stream) {
    const double total = bytes_per_iteration * static_cast<double>(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(total));
    if (versus_stream) state.counters["vs_stream"] = benchmark::Counter(total / stream_bandwidth(), benchmark::Counter::kIsRate);
}

// ---- per-kernel benchmarks -------------------------------------------------

using KernelBench = void (*)(benchmark::State&, const KernelTable&, const Arrays&, std::size_t);

void dot(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    for (auto _ : state) benchmark::DoNotOptimize(k.dense.dot(s.a.data(), s.b.data(), n));
    report_bytes(state, 16.0 * static_cast<double>(n), false);
}

void axpy(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    std::vector<double> y(s.b);
    for (auto _ : state) {
        k.dense.axpy(1e-9, s.a.data(), y.data(), n);
        benchmark::ClobberMemory();
    }
    report_bytes(state, 24.0 * static_cast<double>(n), false);
}

void sum_squares(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    for (auto _ : state) benchmark::DoNotOptimize(k.dense.sum_squares(s.a.data(), n));
    report_bytes(state, 8.0 * static_cast<double>(n), true);
}

void max_abs(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    for (auto _ : state) benchmark::DoNotOptimize(k.dense.max_abs(s.a.data(), n));
    report_bytes(state, 8.0 * static_cast<double>(n), false);
}

void prox_elastic_net(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    std::vector<double> out(n);
    for (auto _ : state) {
        k.dense.prox_elastic_net(s.a.data(), s.b.data(), s.c.data(), s.d.data(), s.e.data(), 1.5, out.data(), n);
        benchmark::ClobberMemory();
    }
    report_bytes(state, 48.0 * static_cast<double>(n), false);
}

void logistic_terms(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    // y in {0, 1} and w ≥ 0 from the uniform draws; η = 4 a spans the useful range.
    std::vector<double> y(n), eta(n), w(n), u(n), h(n);
    for (std::size_t i = 0; i < n; ++i) {
        y[i] = s.b[i] > 0.25 ? 1.0 : 0.0;
        eta[i] = 4.0 * s.a[i];
        w[i] = s.c[i];
    }
    for (auto _ : state) {
        benchmark::DoNotOptimize(k.dense.logistic_terms(y.data(), eta.data(), w.data(), u.data(), h.data(), n));
        benchmark::ClobberMemory();
    }
    report_bytes(state, 40.0 * static_cast<double>(n), false);
}

constexpr double gather_bytes_per_nnz = sizeof(double) + sizeof(Index) + 8.0;  // vals + idx + x[idx]

void gather_dot(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    const auto& kernel = k.sparse<double, Index>().gather_dot;
    for (auto _ : state) benchmark::DoNotOptimize(kernel(s.a.data(), s.idx.data(), n, s.x.data()));
    report_bytes(state, gather_bytes_per_nnz * static_cast<double>(n), true);
}

void gather_dot_weighted(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    const auto& kernel = k.sparse<double, Index>().gather_dot_weighted;
    for (auto _ : state) benchmark::DoNotOptimize(kernel(s.a.data(), s.idx.data(), n, s.v.data(), s.r.data()));
    report_bytes(state, (gather_bytes_per_nnz + 8.0) * static_cast<double>(n), true);
}

void gather_moments(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    const auto& kernel = k.sparse<double, Index>().gather_moments;
    double out[3];
    for (auto _ : state) {
        kernel(s.a.data(), s.idx.data(), n, s.v.data(), s.r.data(), out);
        benchmark::DoNotOptimize(out);
    }
    report_bytes(state, (gather_bytes_per_nnz + 8.0) * static_cast<double>(n), true);
}

void scatter_axpy(benchmark::State& state, const KernelTable& k, const Arrays& s, std::size_t n) {
    const auto& kernel = k.sparse<double, Index>().scatter_axpy;
    const std::size_t count = std::min(n, s.distinct_idx.size());
    std::vector<double> y(s.x);
    for (auto _ : state) {
        kernel(1e-9, s.a.data(), s.distinct_idx.data(), count, y.data());
        benchmark::ClobberMemory();
    }
    report_bytes(state, (sizeof(double) + sizeof(Index) + 16.0) * static_cast<double>(count), false);
}

struct KernelCase {
    const char* name;
    KernelBench run;
};
constexpr KernelCase kernel_cases[] = {
    {"dot", dot},
    {"axpy", axpy},
    {"sum_squares", sum_squares},
    {"max_abs", max_abs},
    {"prox_elastic_net", prox_elastic_net},
    {"logistic_terms", logistic_terms},
    {"gather_dot", gather_dot},
    {"gather_dot_weighted", gather_dot_weighted},
    {"gather_moments", gather_moments},
    {"scatter_axpy", scatter_axpy},
};

// ---- a real data set: Xᵀu over the CSC --------------------------------------

struct RealData {
    std::string name;
    sparsereg::CscMatrix<double, Index> X;
    std::vector<double> u;
};

const RealData& real_data() {
    static const std::unique_ptr<RealData> data = [] {
        auto d = std::make_unique<RealData>();
        const char* env = std::getenv("SPARSEREG_BENCH_DATASET");
        const fs::path path = env ? fs::path(env)
                                  : fs::path(SPARSEREG_SHARED_DATASETS_DIR) /
                                        "news20_bydate_tfidf_bigram_train.binary.svm.xz";
        d->name = path.filename().string();
        const auto labeled = sparsereg::read_svmlight<double, Index>(path);
        d->X = sparsereg::CscMatrix<double, Index>::from_csr(labeled.X.view());
        std::mt19937_64 rng(1);
        std::uniform_real_distribution<double> draw(-1.0, 1.0);
        d->u.resize(static_cast<std::size_t>(d->X.rows()));
        for (double& value : d->u) value = draw(rng);
        return d;
    }();
    return *data;
}

double csc_bytes(const RealData& d) {
    return static_cast<double>(d.X.nnz()) * gather_bytes_per_nnz +
           static_cast<double>(d.X.col_ptr().size() * sizeof(Index));
}

// The full gradient pass g = Xᵀu in one spmv_block call.
void xt_u(benchmark::State& state, const KernelTable& k) {
    const RealData& d = real_data();
    std::vector<double> g(static_cast<std::size_t>(d.X.cols()));
    const auto& spmv = k.sparse<double, Index>().spmv_block;
    for (auto _ : state) {
        spmv(d.X.col_ptr().data(), d.X.row_indices().data(), d.X.values().data(), 0, g.size(), d.u.data(), g.data());
        benchmark::ClobberMemory();
    }
    report_bytes(state, csc_bytes(d), true);
    state.counters["nnz"] = static_cast<double>(d.X.nnz());
    state.counters["cols"] = static_cast<double>(d.X.cols());
    state.SetLabel(d.name);
}

// The same pass as a coordinate-descent epoch sees it: one gather_dot call per column.
void gather_dot_per_column(benchmark::State& state, const KernelTable& k) {
    const RealData& d = real_data();
    const auto& kernel = k.sparse<double, Index>().gather_dot;
    const Index* ptr = d.X.col_ptr().data();
    const Index* rows = d.X.row_indices().data();
    const double* vals = d.X.values().data();
    const auto cols = static_cast<std::size_t>(d.X.cols());
    for (auto _ : state) {
        double total = 0;
        for (std::size_t j = 0; j < cols; ++j) {
            total += kernel(vals + ptr[j], rows + ptr[j], static_cast<std::size_t>(ptr[j + 1] - ptr[j]), d.u.data());
        }
        benchmark::DoNotOptimize(total);
    }
    report_bytes(state, csc_bytes(d), true);
    state.SetLabel(d.name);
}

void stream_read(benchmark::State& state) {
    const Arrays& s = arrays(large_size);
    const auto& sum = sparsereg::kernels::best_kernels().dense.sum_squares;
    for (auto _ : state) benchmark::DoNotOptimize(sum(s.a.data(), s.a.size()));
    report_bytes(state, 8.0 * static_cast<double>(s.a.size()), true);
    state.SetLabel(sparsereg::kernels::to_string(sparsereg::kernels::best_kernels().isa));
}

void register_all() {
    benchmark::RegisterBenchmark("BM_stream_read", stream_read)->Unit(benchmark::kMillisecond);
    for (const InstructionSet isa : sparsereg::kernels::available_instruction_sets()) {
        const KernelTable* table = sparsereg::kernels::kernels_for(isa);
        const std::string suffix = std::string("/") + sparsereg::kernels::to_string(isa);
        for (const KernelCase& c : kernel_cases) {
            for (const auto& [label, size] : {std::pair<const char*, std::size_t>{"large", large_size}, {"small", small_size}}) {
                benchmark::RegisterBenchmark(("BM_" + std::string(c.name) + "/" + label + suffix).c_str(),
                                             [run = c.run, table, n = size](benchmark::State& state) {
                                                 run(state, *table, arrays(n), n);
                                             })
                    ->Unit(size == large_size ? benchmark::kMillisecond : benchmark::kNanosecond);
            }
        }
        benchmark::RegisterBenchmark(("BM_xt_u_spmv_block" + suffix).c_str(),
                                     [table](benchmark::State& state) { xt_u(state, *table); })
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("BM_gather_dot_per_column" + suffix).c_str(),
                                     [table](benchmark::State& state) { gather_dot_per_column(state, *table); })
            ->Unit(benchmark::kMillisecond);
    }
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    register_all();
    benchmark::RunSpecifiedBenchmarks();
    std::printf("streaming read bandwidth (best of 5 passes, %s): %.2f GB/s\n",
                sparsereg::kernels::to_string(sparsereg::kernels::best_kernels().isa), stream_bandwidth() / 1e9);
    benchmark::Shutdown();
    return 0;
}
