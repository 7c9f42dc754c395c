// The solvers' units of work on a real data set: one coordinate-descent epoch,
// one FISTA step, and the certificate's full gradient pass Xᵀu, for 1 and 2
// threads and double vs float storage.
//
//   build/bench/solver_bench [--benchmark_filter=...]
// The data set defaults to news20_bydate_tfidf_bigram_train (binomial) from
// ../shared/datasets; SPARSEREG_BENCH_DATASET=/path/file.svm[.xz] overrides it.
// Every step runs over all non-constant features at λ = λ_max / 20, a point
// with a few hundred nonzero coefficients on news20, reached by a few warm-up
// steps. bytes_per_second counts the matrix storage (values + indices) read
// per unit; an epoch of CD also reads the dense vectors it gathers from.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "solver/certificate.hpp"
#include "solver/coordinate_descent.hpp"
#include "solver/proximal_gradient.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace {

namespace fs = std::filesystem;
using sparsereg::Logistic;

fs::path dataset_path() {
    const char* env = std::getenv("SPARSEREG_BENCH_DATASET");
    return env ? fs::path(env)
               : fs::path(SPARSEREG_SHARED_DATASETS_DIR) /
                     "news20_bydate_tfidf_bigram_train.binary.svm.xz";
}

template <class T>
const sparsereg::LabeledData<T, std::int32_t>& dataset() {
    static const auto data = [] {
        auto d = std::make_unique<sparsereg::LabeledData<T, std::int32_t>>(
            sparsereg::read_svmlight<T, std::int32_t>(dataset_path()));
        d->y = sparsereg::to_binary_labels(d->y).y;
        return d;
    }();
    return *data;
}

// A design matrix, its penalty, the unpenalized start and λ, for one thread count.
template <class T>
struct Setup {
    sparsereg::DesignMatrix<T, std::int32_t> X;
    sparsereg::ElasticNet penalty;
    std::vector<std::int64_t> features;  // every non-constant column
    double lambda = 0;

    explicit Setup(int threads)
        : X(dataset<T>().X.view(), {}, {.standardize = true, .intercept = true, .threads = threads}),
          penalty(1.0, std::vector<double>(static_cast<std::size_t>(X.cols()), 1.0),
                  std::vector<double>(static_cast<std::size_t>(X.cols()), -INFINITY),
                  std::vector<double>(static_cast<std::size_t>(X.cols()), INFINITY)) {
        for (std::int64_t j = 0; j < X.cols(); ++j) {
            if (!X.fixed_at_zero(j)) features.push_back(j);
        }
    }

    template <class Solver>
    void pick_lambda(const Solver& solver) {
        double lambda_max = 0;
        for (double g : solver.gradient()) lambda_max = std::max(lambda_max, std::abs(g));
        lambda = lambda_max / 20;
    }

    std::int64_t matrix_bytes() const {
        return X.csc().nnz() * static_cast<std::int64_t>(sizeof(T) + sizeof(std::int32_t));
    }
};

sparsereg::detail::SolverSettings settings() { return {}; }

template <class T>
void BM_CdEpoch(benchmark::State& state) {
    Setup<T> s(static_cast<int>(state.range(0)));
    const auto& y = dataset<T>().y;
    sparsereg::detail::CoordinateDescent<Logistic, T, std::int32_t> cd(s.X, y, s.penalty, settings());
    cd.fit_unpenalized();
    s.pick_lambda(cd);
    for (int warm = 0; warm < 3; ++warm) cd.epoch(s.features, s.lambda);
    for (auto _ : state) benchmark::DoNotOptimize(cd.epoch(s.features, s.lambda));
    state.SetBytesProcessed(state.iterations() * s.matrix_bytes());
}

template <class T>
void BM_FistaStep(benchmark::State& state) {
    Setup<T> s(static_cast<int>(state.range(0)));
    const auto& y = dataset<T>().y;
    sparsereg::detail::ProximalGradient<Logistic, T, std::int32_t> fista(s.X, y, s.penalty, settings());
    fista.fit_unpenalized();
    s.pick_lambda(fista);
    fista.start_steps(s.features);
    for (int warm = 0; warm < 3; ++warm) fista.step(s.lambda);
    for (auto _ : state) fista.step(s.lambda);
    state.SetBytesProcessed(state.iterations() * s.matrix_bytes());
}

// The certificate's O(nnz) pass: u at η = 0 and G_j = z_jᵀu for every feature.
template <class T>
void BM_GradientSweep(benchmark::State& state) {
    Setup<T> s(static_cast<int>(state.range(0)));
    const auto& y = dataset<T>().y;
    const sparsereg::detail::Executor executor(static_cast<int>(state.range(0)));
    sparsereg::detail::Certificate<Logistic, T, std::int32_t> certificate(s.X, y, s.penalty, executor);
    for (auto _ : state) {
        certificate.sweep([](std::size_t) { return 0.0; });
        benchmark::DoNotOptimize(certificate.gradient().data());
    }
    state.SetBytesProcessed(state.iterations() * s.matrix_bytes());
}

BENCHMARK_TEMPLATE(BM_CdEpoch, double)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(BM_CdEpoch, float)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(BM_FistaStep, double)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(BM_FistaStep, float)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(BM_GradientSweep, double)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_TEMPLATE(BM_GradientSweep, float)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
