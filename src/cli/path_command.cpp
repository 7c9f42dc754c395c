// sparsereg path: fits the regularization path on a data file and writes it
// out — one CSV row a λ, one CSV row a nonzero coefficient, and a JSON summary
// — so a run can be plotted, compared with glmnet, or checked by a script.

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/commands.hpp"
#include "cli/cli_output.hpp"
#include "cli/fit_cli.hpp"
#include "cli/input_data.hpp"
#include "cli/path_files.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/vector_file.hpp"
#include "sparsereg/runtime.hpp"

namespace sparsereg::cli {

namespace {

struct PathCommandOptions : FitCliOptions {
    std::string out;
};

struct OutputFiles {
    std::string path_csv;
    std::string coef_csv;
    std::string summary_json;
};

OutputFiles output_files(const std::string& prefix) {
    const auto files = cli::output_files(prefix, {".path.csv", ".coef.csv", ".summary.json"});
    return {files[0], files[1], files[2]};
}

// --- Results ------------------------------------------------------------------

struct PathSummary {
    double max_relative_gap = std::numeric_limits<double>::quiet_NaN();  // NaN: none defined
    double max_kkt = 0;
    const PathPoint* first_unconverged = nullptr;
    std::size_t first_unconverged_index = 0;
};

PathSummary summarize(const PathResult& result) {
    PathSummary s;
    for (std::size_t k = 0; k < result.points.size(); ++k) {
        const PathPoint& point = result.points[k];
        if (std::isfinite(point.duality_gap) && point.objective > 0) {
            const double relative = point.duality_gap / point.objective;
            if (std::isnan(s.max_relative_gap) || relative > s.max_relative_gap) {
                s.max_relative_gap = relative;
            }
        }
        if (std::isfinite(point.kkt_violation)) s.max_kkt = std::max(s.max_kkt, point.kkt_violation);
        if (point.status != Status::converged && s.first_unconverged == nullptr) {
            s.first_unconverged = &point;
            s.first_unconverged_index = k;
        }
    }
    return s;
}

struct RunFacts {
    std::int64_t rows = 0, cols = 0, nnz = 0;
    const char* value_type = "double";
    std::size_t index_bits = 32;
    InputFormat format = InputFormat::svmlight;
    IndexBase index_base = IndexBase::one;
    double read_seconds = 0, parse_seconds = 0, fit_seconds = 0;
    unsigned threads = 1;
    std::optional<BinaryLabels> binary;  // binomial only (y not kept)
};

nlohmann::ordered_json summary_json(const PathCommandOptions& o, const FitOptions& fit,
                                    const PathResult& result, const PathSummary& s,
                                    const RunFacts& facts, const OutputFiles& files) {
    nlohmann::ordered_json j;
    j["n"] = facts.rows;
    j["p"] = facts.cols;
    j["nnz"] = facts.nnz;
    j["family"] = to_string(fit.family);
    j["alpha"] = fit.alpha;
    j["standardize"] = fit.standardize;
    j["intercept"] = fit.intercept;
    j["threads"] = facts.threads;
    j["instruction_set"] = instruction_set();
    j["value_type"] = facts.value_type;
    j["fitted_value_type"] = result.float_storage ? "float" : "double";
    j["index_bits"] = facts.index_bits;
    j["solver"] = to_string(fit.solver);
    j["stopping"] = fit.stopping == StoppingRule::glmnet_thresh ? "glmnet" : "gap";
    j["tol"] = result.tol;
    j["read_seconds"] = facts.read_seconds;
    j["parse_seconds"] = facts.parse_seconds;
    j["fit_seconds"] = facts.fit_seconds;
    j["lambda_max"] = result.lambda_max;
    j["n_lambdas_requested"] = result.n_lambdas_requested;
    j["n_lambdas_fitted"] = result.points.size();
    j["fitted_rows"] = result.fitted_rows;
    j["duplicate_columns"] = result.duplicate_columns;
    j["stopped_early"] = result.stopped_early.empty() ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(result.stopped_early);
    j["status"] = s.first_unconverged ? to_string(s.first_unconverged->status) : "converged";
    j["max_relative_duality_gap"] = std::isnan(s.max_relative_gap)
                                        ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(s.max_relative_gap);
    j["max_kkt_violation"] = s.max_kkt;
    if (facts.binary) {
        j["positive_label"] = facts.binary->positive_label;
        j["negative_label"] = facts.binary->negative_label;
    }
    j["data_file"] = o.input.data_path;
    j["labels_file"] = o.input.labels_path.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json(o.input.labels_path);
    j["format"] = to_string(facts.format);
    j["feature_numbering"] = facts.index_base == IndexBase::zero ? "zero-based" : "one-based";
    j["path_file"] = files.path_csv;
    j["coef_file"] = files.coef_csv;
    j["summary_file"] = files.summary_json;
    return j;
}

void print_summary(const PathCommandOptions& o, const FitOptions& fit, const PathResult& result,
                   const PathSummary& s, const RunFacts& facts, const OutputFiles& files) {
    const bool exact_float = result.float_storage && std::strcmp(facts.value_type, "float") != 0;
    std::printf("data          %s: %lld rows, %lld columns, %lld nonzeros (%s%s, %zu-bit indices)\n",
                o.input.data_path.c_str(), static_cast<long long>(facts.rows),
                static_cast<long long>(facts.cols), static_cast<long long>(facts.nnz),
                facts.value_type, exact_float ? ", every value exact in float: fitted as float" : "",
                facts.index_bits);
    if (facts.binary) std::printf("labels        %s\n", describe(*facts.binary).c_str());
    std::printf("model         %s, alpha %s%s, %s, %s\n", to_string(fit.family),
                format_g(fit.alpha, 6).c_str(),
                fit.alpha == 1.0 ? " (lasso)" : fit.alpha == 0.0 ? " (ridge)" : " (elastic net)",
                fit.standardize ? "standardized" : "not standardized",
                fit.intercept ? "with intercept" : "no intercept");
    if (result.fitted_rows != facts.rows || result.duplicate_columns > 0) {
        std::string merged;
        if (result.fitted_rows != facts.rows) {
            merged = std::to_string(result.fitted_rows) + " distinct rows fitted for " +
                     std::to_string(facts.rows) + " (equal rows as one)";
        }
        if (result.duplicate_columns > 0) {
            merged += (merged.empty() ? "" : "; ") + std::to_string(result.duplicate_columns) +
                      (fit.alpha == 1.0 ? " columns equal to an earlier one held at 0"
                                         : " columns equal to an earlier one sharing its coefficient");
        }
        std::printf("merged        %s\n", merged.c_str());
    }
    if (result.points.empty()) {
        std::printf("lambda        none fitted of %zu (lambda_max %s)\n", result.n_lambdas_requested,
                    format_g(result.lambda_max).c_str());
    } else {
        const PathPoint& last = result.points.back();
        std::printf("lambda        %zu of %zu fitted, %s down to %s (lambda_max %s)\n",
                    result.points.size(), result.n_lambdas_requested,
                    format_g(result.points.front().lambda).c_str(), format_g(last.lambda).c_str(),
                    format_g(result.lambda_max).c_str());
        std::printf("path end      df %lld, deviance ratio %s\n", static_cast<long long>(last.df),
                    format_g(last.dev_ratio, 6).c_str());
    }
    if (!result.stopped_early.empty()) std::printf("stopped       %s\n", result.stopped_early.c_str());
    std::printf("optimality    worst relative duality gap %s, max KKT violation %s (%s, tol %s)\n",
                std::isnan(s.max_relative_gap) ? "undefined" : format_g(s.max_relative_gap, 3).c_str(),
                format_g(s.max_kkt, 3).c_str(),
                fit.stopping == StoppingRule::glmnet_thresh ? "glmnet's rule" : "gap rule",
                format_g(result.tol, 3).c_str());
    if (s.first_unconverged) {
        std::printf("status        λ[%zu] = %s ended %s (not certified)\n",
                    s.first_unconverged_index, format_g(s.first_unconverged->lambda).c_str(),
                    to_string(s.first_unconverged->status));
    } else {
        std::printf("status        every λ converged\n");
    }
    std::printf("time          read %.3f s, parse %.3f s, fit %.3f s on %u thread%s\n",
                facts.read_seconds, facts.parse_seconds, facts.fit_seconds, facts.threads,
                facts.threads == 1 ? "" : "s");
    std::printf("wrote         %s, %s, %s\n", files.path_csv.c_str(), files.coef_csv.c_str(),
                files.summary_json.c_str());
}

// --- The command -----------------------------------------------------------------

template <StorageValue T, StorageIndex I>
void run_path(const InputText& input, const PathCommandOptions& o, FitOptions fit,
              const OutputFiles& files, ProgressLine& progress) {
    RunFacts facts;
    facts.read_seconds = input.read_seconds;
    facts.value_type = std::is_same_v<T, float> ? "float" : "double";
    facts.index_bits = sizeof(I) * 8;
    facts.threads = fit.threads > 0 ? static_cast<unsigned>(fit.threads)
                                    : std::max(1u, std::thread::hardware_concurrency());

    progress.show("parsing " + std::filesystem::path(o.input.data_path).filename().string());
    auto data = parse_input<T, I>(input, o.input);
    facts.parse_seconds = data.parse_seconds;
    facts.rows = data.X.rows();
    facts.cols = data.X.cols();
    facts.nnz = data.X.nnz();
    facts.format = data.format;
    facts.index_base = data.index_base;
    if (data.y.empty()) {
        throw InvalidArgument("--labels", o.input.data_path +
                                              " holds no labels (Matrix Market); give them with "
                                              "--labels FILE");
    }

    std::span<const double> y = data.y;
    PathResult result;
    try {
        if (fit.family == Family::binomial) {
            facts.binary = to_binary_labels(
                data.y, o.has_positive_label ? std::optional<double>(o.positive_label) : std::nullopt);
            y = facts.binary->y;
        }
        fit.progress = [&progress](const PathProgress& p) {
            progress.show("fitting λ " + std::to_string(p.lambda_index + 1) + "/" +
                          std::to_string(p.n_lambdas));
        };
        progress.show("fitting");
        if (o.verbose) {
            std::fprintf(stderr, "sparsereg: fitting with %s on %u thread%s, %s kernels, %s values, %zu-bit indices\n",
                         fit.solver == Solver::proximal_gradient ? "FISTA" : "coordinate descent",
                         facts.threads, facts.threads == 1 ? "" : "s", instruction_set(),
                         facts.value_type, facts.index_bits);
        }
        const auto start = std::chrono::steady_clock::now();
        result = fit_path<T, I>(data.X.view(), y, fit);
        facts.fit_seconds = seconds_since(start);
    } catch (const InvalidArgument& e) {
        rethrow_with_cli_names(e, o);
    }
    progress.clear();

    const PathSummary s = summarize(result);
    // Pipelines read stderr: an uncertified point must not pass unnoticed.
    if (s.first_unconverged) {
        std::size_t count = 0;
        for (const auto& point : result.points) count += point.status != Status::converged ? 1 : 0;
        std::fprintf(stderr,
                     "sparsereg: warning: %zu of %zu λ not certified (first: λ[%zu] = %s, %s)%s\n",
                     count, result.points.size(), s.first_unconverged_index,
                     format_g(s.first_unconverged->lambda).c_str(),
                     to_string(s.first_unconverged->status),
                     s.first_unconverged->status == Status::max_iterations
                         ? "; the path stops there, raise --max-epochs to go on"
                         : "");
    }
    write_path_csv(files.path_csv, result);
    write_coef_csv(files.coef_csv, result, data.index_base == IndexBase::one ? 1 : 0);
    OutputFile summary(files.summary_json);
    summary.text(summary_json(o, fit, result, s, facts, files).dump(2)).text("\n");
    summary.close();
    print_summary(o, fit, result, s, facts, files);
}

void run_path_command(const PathCommandOptions& o) {
    if (o.has_positive_label && o.family != "binomial") {
        throw InvalidArgument("--positive-label", "applies to --family binomial only");
    }
    const OutputFiles files = output_files(o.out);
    const FitOptions fit = to_fit_options(o);

    ProgressLine progress;
    progress.show("reading " + std::filesystem::path(o.input.data_path).filename().string());
    const InputText input = read_input_text(o.input);
    const bool wide = needs_64bit_indices(input);
    if (o.use_float) {
        if (wide) run_path<float, std::int64_t>(input, o, fit, files, progress);
        else run_path<float, std::int32_t>(input, o, fit, files, progress);
    } else {
        if (wide) run_path<double, std::int64_t>(input, o, fit, files, progress);
        else run_path<double, std::int32_t>(input, o, fit, files, progress);
    }
}

}  // namespace

void register_path_command(CLI::App& app) {
    auto options = std::make_shared<PathCommandOptions>();
    PathCommandOptions& o = *options;
    CLI::App* command = app.add_subcommand(
        "path", "Fit the regularization path and write PREFIX.path.csv, PREFIX.coef.csv and "
                "PREFIX.summary.json");
    add_input_options(*command, o.input);

    add_fit_options(*command, o);
    command->add_option("--out", o.out, "Output prefix: writes PREFIX.path.csv, PREFIX.coef.csv, "
                                        "PREFIX.summary.json")
        ->required();

    command->callback([options] { run_path_command(*options); });
}

}  // namespace sparsereg::cli
