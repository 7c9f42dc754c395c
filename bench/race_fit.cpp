// sparsereg's side of the glmnet race (bench/race.sh): reads one data set
// once, then times fit_path on it as often as asked, through the public API
// only, so the time is the fit alone (no reading, no process start).
//
//   race_fit --data FILE --family gaussian|binomial --lambdas FILE --out PREFIX
//            [--alpha A] [--no-standardize] [--labels FILE] [--threads N] [--tol T]
//            [--repeats N]
//
// --lambdas is the grid (one λ a line, decreasing), --labels replaces the
// file's labels (the race gives gaussian cases y scaled as glmnet scales it).
// With --repeats N it fits N times and prints one JSON object. Without it, it
// serves: each line "fit" (or "fit K": K fits in a row, timed together and
// reported per fit, for paths of a few milliseconds) on standard input runs
// and answers one JSON line on standard output (so bench/race_glmnet.R can alternate it with
// glmnet while both keep the data in memory); "quit" or end of input ends it
// with a last JSON line. After the first fit it writes PREFIX.path.csv
// (lambda,intercept,df,objective,duality_gap,relative_gap,kkt_violation,
// epochs,status) and PREFIX.coef.csv (lambda_index,feature,value; features
// 1-based as in the file).
//
// Memory: "peak_rss_kb" of a fit is the process's peak resident set while it
// ran (VmHWM, reset before the fit through /proc/self/clear_refs; the data
// already loaded counts, as in R), "process_peak_rss_kb" the peak of the
// whole process, reading included.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/release_freed_memory.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/io/vector_file.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Peak resident set (kB) since the last reset, or -1 where /proc is not there.
long vm_hwm_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

long vm_rss_kb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    return -1;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0); false where not allowed.
bool reset_peak_rss() {
    std::ofstream clear("/proc/self/clear_refs");
    if (!clear) return false;
    clear << "5" << std::flush;
    return static_cast<bool>(clear);
}

long process_peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

struct Arguments {
    std::string data, labels, lambdas, out;
    sparsereg::Family family = sparsereg::Family::gaussian;
    double alpha = 1;
    double tol = 0;  // 0: FitOptions's default
    bool standardize = true;
    int threads = 0;
    int repeats = 0;  // 0: serve commands from stdin
};

[[noreturn]] void usage(const std::string& message) {
    std::cerr << "race_fit: " << message
              << "\nusage: race_fit --data FILE --family gaussian|binomial --lambdas FILE"
                 " --out PREFIX [--alpha A] [--no-standardize] [--labels FILE]"
                 " [--threads N] [--repeats N] [--tol T]\n";
    std::exit(2);
}

Arguments parse(int argc, char** argv) {
    Arguments a;
    bool family_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--data") a.data = value();
        else if (arg == "--labels") a.labels = value();
        else if (arg == "--lambdas") a.lambdas = value();
        else if (arg == "--out") a.out = value();
        else if (arg == "--alpha") a.alpha = std::stod(value());
        else if (arg == "--tol") a.tol = std::stod(value());
        else if (arg == "--threads") a.threads = std::stoi(value());
        else if (arg == "--repeats") a.repeats = std::stoi(value());
        else if (arg == "--no-standardize") a.standardize = false;
        else if (arg == "--family") {
            const std::string f = value();
            if (f == "gaussian") a.family = sparsereg::Family::gaussian;
            else if (f == "binomial") a.family = sparsereg::Family::binomial;
            else usage("unknown family " + f);
            family_given = true;
        } else usage("unknown argument " + arg);
    }
    if (a.data.empty() || a.lambdas.empty() || a.out.empty() || !family_given) {
        usage("--data, --family, --lambdas and --out are required");
    }
    return a;
}

void write_path(const std::string& prefix, const sparsereg::PathResult& path) {
    std::FILE* p = std::fopen((prefix + ".path.csv").c_str(), "w");
    std::FILE* c = std::fopen((prefix + ".coef.csv").c_str(), "w");
    if (!p || !c) throw std::runtime_error("cannot write " + prefix + ".path.csv / .coef.csv");
    std::fprintf(p, "lambda,intercept,df,objective,duality_gap,relative_gap,kkt_violation,epochs,status\n");
    std::fprintf(c, "lambda_index,feature,value\n");
    for (std::size_t k = 0; k < path.points.size(); ++k) {
        const auto& point = path.points[k];
        std::fprintf(p, "%.17g,%.17g,%lld,%.17g,%.17g,%.17g,%.17g,%lld,%s\n", point.lambda,
                     point.intercept, static_cast<long long>(point.df), point.objective,
                     point.duality_gap, point.duality_gap / std::abs(point.objective),
                     point.kkt_violation, static_cast<long long>(point.epochs),
                     sparsereg::to_string(point.status));
        for (std::size_t i = 0; i < point.features.size(); ++i) {
            std::fprintf(c, "%zu,%lld,%.17g\n", k, static_cast<long long>(point.features[i] + 1),
                         point.coefficients[i]);
        }
    }
    std::fclose(p);
    std::fclose(c);
}

}  // namespace

int main(int argc, char** argv) try {
    sparsereg::detail::keep_large_arrays_mapped();  // as the CLI does
    const Arguments args = parse(argc, argv);

    const auto read_start = Clock::now();
    auto data = sparsereg::read_svmlight<double, std::int32_t>(args.data, {.threads = args.threads});
    std::vector<double> y = args.labels.empty() ? data.y : sparsereg::read_vector(args.labels);
    if (y.size() != static_cast<std::size_t>(data.X.rows())) {
        throw std::runtime_error(args.labels + ": " + std::to_string(y.size()) + " labels for " +
                                 std::to_string(data.X.rows()) + " rows");
    }
    if (args.family == sparsereg::Family::binomial) y = sparsereg::to_binary_labels(y).y;
    const double read_seconds = seconds_since(read_start);

    sparsereg::FitOptions options;
    options.family = args.family;
    options.alpha = args.alpha;
    options.standardize = args.standardize;
    options.threads = args.threads;
    options.lambdas = sparsereg::read_vector(args.lambdas);
    if (args.tol > 0) options.tol = args.tol;

    const long rss_loaded_kb = vm_rss_kb();
    // The whole process's peak: reading's, then each fit's (getrusage's
    // ru_maxrss follows the resets of VmHWM, so it is not used after one).
    long process_peak_kb = std::max(vm_hwm_kb(), process_peak_rss_kb());
    bool written = false;
    int fits = 0;
    // One measurement: `batch` fits in a row (for paths that take
    // milliseconds, where one fit is below the clock's resolution), timed
    // together and reported per fit.
    auto measure = [&](int batch) {
        const bool reset = reset_peak_rss();
        sparsereg::PathResult path;
        const auto start = Clock::now();
        for (int b = 0; b < batch; ++b) {
            path = sparsereg::fit_path(data.X.view(), std::span<const double>(y), options);
        }
        const double seconds = seconds_since(start) / batch;
        const long peak = reset ? vm_hwm_kb() : process_peak_rss_kb();
        ++fits;
        process_peak_kb = std::max(process_peak_kb, peak);
        if (!written) {
            write_path(args.out, path);
            written = true;
        }
        double worst_gap = 0;
        int converged = 0;
        for (const auto& point : path.points) {
            const double relative = point.duality_gap / std::abs(point.objective);
            if (std::isfinite(relative)) worst_gap = std::max(worst_gap, relative);
            converged += point.status == sparsereg::Status::converged;
        }
        std::printf("{\"fit\": %d, \"batch\": %d, \"fit_seconds\": %.9f, \"peak_rss_kb\": %ld, "
                    "\"peak_rss_reset\": %s, \"n_lambda\": %zu, \"converged\": %d, "
                    "\"max_relative_gap\": %.6g, \"stopped_early\": \"%s\"}\n",
                    fits, batch, seconds, peak, reset ? "true" : "false", path.points.size(),
                    converged, worst_gap, path.stopped_early.c_str());
        std::fflush(stdout);
    };

    if (args.repeats > 0) {
        for (int r = 0; r < args.repeats; ++r) measure(1);
    } else {
        std::string command;
        while (std::getline(std::cin, command)) {
            if (command == "fit") measure(1);
            else if (command.rfind("fit ", 0) == 0) measure(std::max(1, std::stoi(command.substr(4))));
            else if (command == "quit") break;
            else if (!command.empty()) throw std::runtime_error("unknown command '" + command + "'");
        }
    }
    std::printf("{\"done\": true, \"fits\": %d, \"read_seconds\": %.6f, \"rows\": %lld, "
                "\"cols\": %lld, \"rss_loaded_kb\": %ld, \"process_peak_rss_kb\": %ld}\n",
                fits, read_seconds, static_cast<long long>(data.X.rows()),
                static_cast<long long>(data.X.cols()), rss_loaded_kb, process_peak_kb);
    std::fflush(stdout);
    return 0;
} catch (const std::exception& error) {
    std::cerr << "race_fit: error: " << error.what() << "\n";
    return 1;
}
