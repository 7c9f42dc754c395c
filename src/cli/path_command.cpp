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
#include "cli/input_data.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/vector_file.hpp"
#include "sparsereg/runtime.hpp"

namespace sparsereg::cli {

namespace {

// Defaults come from FitOptions so the command and the library cannot disagree.
const FitOptions fit_defaults{};

struct PathCommandOptions {
    InputOptions input;
    std::string family = to_string(fit_defaults.family);
    double alpha = fit_defaults.alpha;
    int nlambda = fit_defaults.nlambda;
    double lambda_min_ratio = fit_defaults.lambda_min_ratio;
    std::string lambdas_path;
    bool no_standardize = !fit_defaults.standardize;
    bool no_intercept = !fit_defaults.intercept;
    std::string weights_path;
    std::string penalty_factors_path;
    std::string lower_limits_path;
    std::string upper_limits_path;
    double positive_label = 0;
    bool has_positive_label = false;
    double tol = fit_defaults.tol;
    std::string stopping = "gap";
    std::string solver = "cd";
    std::int64_t max_epochs = fit_defaults.max_epochs;
    bool no_early_stop = !fit_defaults.early_stop;
    std::int64_t dfmax = fit_defaults.dfmax;
    std::int64_t pmax = fit_defaults.pmax;
    bool no_screening = !fit_defaults.screening;
    bool use_float = false;
    bool verbose = false;
    std::string out;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A CLI11 check on a number with a message a user can act on:
// "--alpha: must be a number in [0, 1], got '2'".
template <class T, class Predicate>
CLI::Validator number_check(std::string description, Predicate ok) {
    return CLI::Validator(
        [description, ok](std::string& text) -> std::string {
            T value{};
            if (!CLI::detail::lexical_cast(text, value) || !ok(value)) {
                return "must be " + description + ", got '" + text + "'";
            }
            return {};
        },
        description);
}

// --- Output files -------------------------------------------------------------

struct OutputFiles {
    std::string path_csv;
    std::string coef_csv;
    std::string summary_json;
};

// Checked before any work, so a typo in --out does not cost a whole fit.
OutputFiles output_files(const std::string& prefix) {
    namespace fs = std::filesystem;
    const fs::path path(prefix);
    if (prefix.empty() || !path.has_filename()) {
        throw InvalidArgument("--out", "'" + prefix +
                                           "' has no file name part; give a prefix such as "
                                           "results/run1 (writes results/run1.path.csv, ...)");
    }
    const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code error;
    const fs::file_status status = fs::status(directory, error);
    if (!fs::exists(status)) {
        throw InvalidArgument("--out", "directory '" + directory.string() + "' does not exist");
    }
    if (!fs::is_directory(status)) {
        throw InvalidArgument("--out", "'" + directory.string() + "' is not a directory");
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
        throw InvalidArgument("--out", "directory '" + directory.string() +
                                           "' is not writable: " + std::strerror(errno));
    }
    OutputFiles files{prefix + ".path.csv", prefix + ".coef.csv", prefix + ".summary.json"};
    for (const std::string* file : {&files.path_csv, &files.coef_csv, &files.summary_json}) {
        if (fs::is_directory(fs::status(*file, error))) {
            throw InvalidArgument("--out", "'" + *file + "' is a directory");
        }
    }
    return files;
}

// Buffered text output that reports a full disk or a failed close as an error
// naming the file, instead of leaving a silently truncated result.
class OutputFile {
public:
    explicit OutputFile(std::string name) : name_(std::move(name)) {
        file_ = std::fopen(name_.c_str(), "wb");
        if (file_ == nullptr) throw IoError(name_, std::string("cannot create: ") + std::strerror(errno));
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (file_ != nullptr) std::fclose(file_);
    }

    OutputFile& text(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= flush_bytes) flush();
        return *this;
    }
    // %.17g: every double reads back as the same bits.
    OutputFile& number(double value) {
        char digits[32];
        const auto end = std::to_chars(digits, digits + sizeof digits, value,
                                       std::chars_format::general, 17).ptr;
        return text(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }
    OutputFile& integer(std::int64_t value) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        return text(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }

    void close() {
        flush();
        std::FILE* file = file_;
        file_ = nullptr;
        if (std::fclose(file) != 0) throw IoError(name_, std::string("cannot write: ") + std::strerror(errno));
    }

private:
    static constexpr std::size_t flush_bytes = std::size_t{1} << 20;

    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            throw IoError(name_, std::string("cannot write: ") + std::strerror(errno));
        }
        buffer_.clear();
    }

    std::string name_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
};

// --- Progress ------------------------------------------------------------------

// One status line on stderr, rewritten in place; only for a terminal, so logs
// and CI output stay clean. Cleared when the work is done or fails.
class ProgressLine {
public:
    ProgressLine() : enabled_(::isatty(STDERR_FILENO) == 1) {}
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    ~ProgressLine() { clear(); }

    void show(const std::string& message) {
        if (!enabled_) return;
        const std::size_t pad = width_ > message.size() ? width_ - message.size() : 0;
        std::fprintf(stderr, "\r%s%*s", message.c_str(), static_cast<int>(pad), "");
        std::fflush(stderr);
        width_ = std::max(width_, message.size());
    }
    void clear() {
        if (!enabled_ || width_ == 0) return;
        std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
        std::fflush(stderr);
        width_ = 0;
    }

private:
    bool enabled_;
    std::size_t width_ = 0;
};

// --- Options to FitOptions -----------------------------------------------------

// A vector file given on the command line; an empty file is an error, since an
// empty vector means "the default" to the library and would be silently ignored.
std::vector<double> read_option_vector(const char* option, const std::string& path) {
    if (path.empty()) return {};
    std::vector<double> values = read_vector(path);
    if (values.empty()) throw InvalidArgument(option, path + " holds no numbers");
    return values;
}

FitOptions to_fit_options(const PathCommandOptions& o) {
    FitOptions fit;
    fit.family = o.family == "binomial" ? Family::binomial : Family::gaussian;
    fit.alpha = o.alpha;
    fit.nlambda = o.nlambda;
    fit.lambda_min_ratio = o.lambda_min_ratio;
    fit.lambdas = read_option_vector("--lambdas", o.lambdas_path);
    fit.standardize = !o.no_standardize;
    fit.intercept = !o.no_intercept;
    fit.weights = read_option_vector("--weights", o.weights_path);
    fit.penalty_factors = read_option_vector("--penalty-factors", o.penalty_factors_path);
    fit.lower_limits = read_option_vector("--lower-limits", o.lower_limits_path);
    fit.upper_limits = read_option_vector("--upper-limits", o.upper_limits_path);
    fit.stopping = o.stopping == "glmnet" ? StoppingRule::glmnet_thresh : StoppingRule::duality_gap;
    fit.solver = o.solver == "fista" ? Solver::proximal_gradient : Solver::coordinate_descent;
    fit.tol = o.tol;
    fit.max_epochs = o.max_epochs;
    fit.early_stop = !o.no_early_stop;
    fit.dfmax = o.dfmax;
    fit.pmax = o.pmax;
    fit.screening = !o.no_screening;
    fit.threads = o.input.threads;
    return fit;
}

// The library names its arguments ("penalty_factors", "y"); a command-line
// user should read the option and file they typed instead.
// Call only from a catch block (it may rethrow the exception being handled).
[[noreturn]] void rethrow_with_cli_names(const InvalidArgument& e, const PathCommandOptions& o) {
    const std::string& argument = e.argument();
    const std::string labels_file = o.input.labels_path.empty() ? o.input.data_path : o.input.labels_path;
    const auto with_file = [](const char* option, const std::string& path) {
        return std::string(option) + " " + path;
    };
    std::string name;
    if (argument == "alpha") name = "--alpha";
    else if (argument == "nlambda") name = "--nlambda";
    else if (argument == "lambda_min_ratio") name = "--lambda-min-ratio";
    else if (argument == "lambdas") name = with_file("--lambdas", o.lambdas_path);
    else if (argument == "weights") name = with_file("--weights", o.weights_path);
    else if (argument == "penalty_factors") name = with_file("--penalty-factors", o.penalty_factors_path);
    else if (argument == "lower_limits") name = with_file("--lower-limits", o.lower_limits_path);
    else if (argument == "upper_limits") name = with_file("--upper-limits", o.upper_limits_path);
    else if (argument == "tol") name = "--tol";
    else if (argument == "max_epochs") name = "--max-epochs";
    else if (argument == "dfmax") name = "--dfmax";
    else if (argument == "pmax") name = "--pmax";
    else if (argument == "threads") name = "--threads";
    else if (argument == "positive_label") name = "--positive-label";
    else if (argument == "labels" || argument == "y") name = "labels in " + labels_file;
    else if (argument == "X") name = o.input.data_path;
    else throw;  // not an option of ours: the library's message stands
    std::string message = e.what();
    const std::string prefix = argument + ": ";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    throw InvalidArgument(name, message);
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

void write_path_csv(const std::string& name, const PathResult& result) {
    OutputFile out(name);
    out.text("lambda,df,objective,dev_ratio,duality_gap,intercept,iterations,status\n");
    for (const PathPoint& point : result.points) {
        out.number(point.lambda).text(",").integer(point.df).text(",");
        out.number(point.objective).text(",").number(point.dev_ratio).text(",");
        out.number(point.duality_gap).text(",").number(point.intercept).text(",");
        out.integer(point.epochs).text(",").text(to_string(point.status)).text("\n");
    }
    out.close();
}

void write_coef_csv(const std::string& name, const PathResult& result, std::int64_t feature_offset) {
    OutputFile out(name);
    out.text("lambda_index,feature,value\n");
    for (std::size_t k = 0; k < result.points.size(); ++k) {
        const PathPoint& point = result.points[k];
        for (std::size_t m = 0; m < point.features.size(); ++m) {
            out.integer(static_cast<std::int64_t>(k)).text(",");
            out.integer(point.features[m] + feature_offset).text(",");
            out.number(point.coefficients[m]).text("\n");
        }
    }
    out.close();
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
    j["index_bits"] = facts.index_bits;
    j["solver"] = to_string(fit.solver);
    j["stopping"] = fit.stopping == StoppingRule::glmnet_thresh ? "glmnet" : "gap";
    j["tol"] = fit.tol;
    j["read_seconds"] = facts.read_seconds;
    j["parse_seconds"] = facts.parse_seconds;
    j["fit_seconds"] = facts.fit_seconds;
    j["lambda_max"] = result.lambda_max;
    j["n_lambdas_requested"] = result.n_lambdas_requested;
    j["n_lambdas_fitted"] = result.points.size();
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

std::string format_g(double value, int digits = 4) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

void print_summary(const PathCommandOptions& o, const FitOptions& fit, const PathResult& result,
                   const PathSummary& s, const RunFacts& facts, const OutputFiles& files) {
    std::printf("data          %s: %lld rows, %lld columns, %lld nonzeros (%s, %zu-bit indices)\n",
                o.input.data_path.c_str(), static_cast<long long>(facts.rows),
                static_cast<long long>(facts.cols), static_cast<long long>(facts.nnz),
                facts.value_type, facts.index_bits);
    if (facts.binary) std::printf("labels        %s\n", describe(*facts.binary).c_str());
    std::printf("model         %s, alpha %s%s, %s, %s\n", to_string(fit.family),
                format_g(fit.alpha, 6).c_str(),
                fit.alpha == 1.0 ? " (lasso)" : fit.alpha == 0.0 ? " (ridge)" : " (elastic net)",
                fit.standardize ? "standardized" : "not standardized",
                fit.intercept ? "with intercept" : "no intercept");
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
                format_g(fit.tol, 3).c_str());
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

    command->add_option("--family", o.family, "Model: gaussian (least squares) or binomial (logistic)")
        ->check(CLI::IsMember({"gaussian", "binomial"}))
        ->capture_default_str();
    command->add_option("--alpha", o.alpha, "Mixing: 1 lasso, 0 ridge, between: elastic net")
        ->check(number_check<double>("a number in [0, 1]",
                                     [](double a) { return a >= 0.0 && a <= 1.0; }))
        ->capture_default_str();
    auto* nlambda =
        command->add_option("--nlambda", o.nlambda, "Number of λ values in the grid")
            ->check(number_check<int>("an integer >= 1", [](int n) { return n >= 1; }))
            ->capture_default_str();
    auto* min_ratio =
        command
            ->add_option("--lambda-min-ratio", o.lambda_min_ratio,
                         "Smallest λ as a fraction of λ_max (default: 1e-4 if rows > columns, "
                         "else 1e-2)")
            ->check(number_check<double>("a number in (0, 1)",
                                         [](double r) { return r > 0.0 && r < 1.0; }));
    command
        ->add_option("--lambdas", o.lambdas_path,
                     "λ grid, one number a line, strictly decreasing (instead of --nlambda)")
        ->check(CLI::ExistingFile)
        ->excludes(nlambda)
        ->excludes(min_ratio);
    command->add_flag("--no-standardize", o.no_standardize,
                      "Penalize coefficients on the columns' own scale");
    command->add_flag("--no-intercept", o.no_intercept, "Fit without an intercept");
    command->add_option("--weights", o.weights_path, "Row weights, one number a line (>= 0)")
        ->check(CLI::ExistingFile);
    command
        ->add_option("--penalty-factors", o.penalty_factors_path,
                     "Per-column penalty factors, one number a line (>= 0; 0: unpenalized)")
        ->check(CLI::ExistingFile);
    command
        ->add_option("--lower-limits", o.lower_limits_path,
                     "Per-column lower bounds on the coefficients, one number a line (<= 0)")
        ->check(CLI::ExistingFile);
    command
        ->add_option("--upper-limits", o.upper_limits_path,
                     "Per-column upper bounds on the coefficients, one number a line (>= 0)")
        ->check(CLI::ExistingFile);
    command
        ->add_option_function<double>(
            "--positive-label",
            [&o](const double& value) {
                o.positive_label = value;
                o.has_positive_label = true;
            },
            "binomial: the label value that becomes 1 (default: the larger one)")
        ->check(number_check<double>("a finite number", [](double v) { return std::isfinite(v); }));
    command
        ->add_option("--tol", o.tol,
                     "Tolerance: relative duality gap (--stopping gap), or glmnet's thresh")
        ->check(number_check<double>("a positive number",
                                     [](double t) { return t > 0.0 && std::isfinite(t); }))
        ->capture_default_str();
    command
        ->add_option("--stopping", o.stopping,
                     "Stopping rule: gap (certified duality gap) or glmnet (glmnet's thresh)")
        ->check(CLI::IsMember({"gap", "glmnet"}))
        ->capture_default_str();
    command
        ->add_option("--solver", o.solver,
                     "Solver: cd (coordinate descent) or fista (accelerated proximal gradient)")
        ->check(CLI::IsMember({"cd", "fista"}))
        ->capture_default_str();
    command->add_option("--max-epochs", o.max_epochs,
                        "Coordinate passes (cd) or proximal-gradient steps (fista) allowed per λ")
        ->check(number_check<std::int64_t>("an integer >= 1", [](std::int64_t n) { return n >= 1; }))
        ->capture_default_str();
    command->add_flag("--no-early-stop", o.no_early_stop,
                      "Fit every λ of the grid (no stop when the deviance ratio saturates)");
    command->add_option("--dfmax", o.dfmax, "Stop the path once more than N coefficients are nonzero")
        ->check(number_check<std::int64_t>("an integer >= 0", [](std::int64_t n) { return n >= 0; }));
    command->add_option("--pmax", o.pmax, "Stop the path once more than N features were ever nonzero")
        ->check(number_check<std::int64_t>("an integer >= 0", [](std::int64_t n) { return n >= 0; }));
    command->add_flag("--no-screening", o.no_screening,
                      "Do not use the strong rule (same solution, usually slower)");
    command->add_flag("--verbose", o.verbose,
                      "Say on stderr how the fit runs: solver, threads, SIMD instruction set");
    command->add_flag("--float", o.use_float,
                      "Store X in single precision (half the memory; sums stay in double)");
    command->add_option("--out", o.out, "Output prefix: writes PREFIX.path.csv, PREFIX.coef.csv, "
                                        "PREFIX.summary.json")
        ->required();

    command->callback([options] { run_path_command(*options); });
}

}  // namespace sparsereg::cli
