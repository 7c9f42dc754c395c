// Read throughput of the svmlight reader on a real data set, raced in the same
// run against scikit-learn's load_svmlight_file on the same uncompressed file,
// and the CSC copy of X that every fit makes next (BM_csc_from_csr).
//
//   build/bench/reader_bench [--benchmark_filter=...]
// The data set defaults to news20_bydate_tfidf_bigram_train from
// ../shared/datasets; SPARSEREG_BENCH_DATASET=/path/file.svm[.xz] overrides it.
// bytes_per_second is uncompressed text per second for every read;
// items_per_second is nonzeros per second for the CSC copy.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <unistd.h>

#include "sparsereg/data/csc_matrix.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/io/text_file.hpp"

namespace {

namespace fs = std::filesystem;

struct Dataset {
    fs::path source;       // as shipped (usually .xz)
    fs::path plain;        // decompressed copy in a temp dir, for file-level runs
    std::string text;
};

const Dataset& dataset() {
    static const std::unique_ptr<Dataset> data = [] {
        auto d = std::make_unique<Dataset>();
        const char* env = std::getenv("SPARSEREG_BENCH_DATASET");
        d->source = env ? fs::path(env)
                        : fs::path(SPARSEREG_SHARED_DATASETS_DIR) /
                              "news20_bydate_tfidf_bigram_train.binary.svm.xz";
        d->text = sparsereg::read_text_file(d->source).text;
        d->plain = fs::temp_directory_path() / ("sparsereg_reader_bench_" +
                                                std::to_string(::getpid()) + ".svm");
        std::ofstream(d->plain, std::ios::binary).write(d->text.data(),
                                                        static_cast<std::streamsize>(d->text.size()));
        std::atexit([] { fs::remove(dataset().plain); });
        return d;
    }();
    return *data;
}

void set_counters(benchmark::State& state, const sparsereg::LabeledData<double, std::int32_t>& d) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(dataset().text.size()));
    state.counters["rows"] = static_cast<double>(d.X.rows());
    state.counters["nnz"] = static_cast<double>(d.X.nnz());
}

// Parsing text already in memory: the reader's own speed.
void BM_parse_svmlight_in_memory(benchmark::State& state) {
    const Dataset& d = dataset();
    sparsereg::LabeledData<double, std::int32_t> result;
    for (auto _ : state) {
        result = sparsereg::parse_svmlight<double, std::int32_t>(
            d.text, "bench", {.threads = static_cast<int>(state.range(0))});
        benchmark::DoNotOptimize(result.X.values().data());
    }
    set_counters(state, result);
}
BENCHMARK(BM_parse_svmlight_in_memory)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// From an uncompressed file on disk (page cache warm): what load_svmlight_file does.
void BM_read_svmlight_plain_file(benchmark::State& state) {
    const Dataset& d = dataset();
    sparsereg::LabeledData<double, std::int32_t> result;
    for (auto _ : state) {
        result = sparsereg::read_svmlight<double, std::int32_t>(
            d.plain, {.threads = static_cast<int>(state.range(0))});
        benchmark::DoNotOptimize(result.X.values().data());
    }
    set_counters(state, result);
}
BENCHMARK(BM_read_svmlight_plain_file)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// From the file as shipped: decompression included (single-threaded in liblzma).
void BM_read_svmlight_as_shipped(benchmark::State& state) {
    const Dataset& d = dataset();
    sparsereg::LabeledData<double, std::int32_t> result;
    for (auto _ : state) {
        result = sparsereg::read_svmlight<double, std::int32_t>(d.source, {.threads = 2});
        benchmark::DoNotOptimize(result.X.values().data());
    }
    set_counters(state, result);
}
BENCHMARK(BM_read_svmlight_as_shipped)->Unit(benchmark::kMillisecond)->UseRealTime();

// The CSC copy the solvers read X's columns from, made from the CSR the
// reader returns: the first step of every fit.
void BM_csc_from_csr(benchmark::State& state) {
    static const auto data = sparsereg::parse_svmlight<double, std::int32_t>(dataset().text, "bench", {.threads = 2});
    for (auto _ : state) {
        const auto csc = sparsereg::CscMatrix<double, std::int32_t>::from_csr(
            data.X.view(), {.threads = static_cast<int>(state.range(0))});
        benchmark::DoNotOptimize(csc.values().data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * data.X.nnz());
    state.counters["rows"] = static_cast<double>(data.X.rows());
    state.counters["cols"] = static_cast<double>(data.X.cols());
}
BENCHMARK(BM_csc_from_csr)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// scikit-learn's load_svmlight_file on the same uncompressed file, timed inside
// Python (interpreter start excluded), one call per iteration.
void BM_sklearn_load_svmlight_file(benchmark::State& state) {
    const Dataset& d = dataset();
    const std::string command = "/usr/bin/python3 " SPARSEREG_BENCH_DIR
                                "/sklearn_load_svmlight.py '" + d.plain.string() + "' 1";
    std::string shape;
    for (auto _ : state) {
        FILE* pipe = popen(command.c_str(), "r");
        if (!pipe) {
            state.SkipWithError("cannot start /usr/bin/python3");
            return;
        }
        char line[256];
        double seconds = -1;
        while (std::fgets(line, sizeof line, pipe)) {
            if (std::string_view(line).starts_with("shape")) {
                shape = line;
            } else {
                seconds = std::atof(line);
            }
        }
        if (pclose(pipe) != 0 || seconds <= 0) {
            state.SkipWithError("scikit-learn run failed (is python3-sklearn installed?)");
            return;
        }
        state.SetIterationTime(seconds);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(d.text.size()));
    state.SetLabel(shape.substr(0, shape.find('\n')));
}
BENCHMARK(BM_sklearn_load_svmlight_file)->Iterations(3)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
