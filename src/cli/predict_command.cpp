// sparsereg predict: a saved model's predictions on a data file, one a line,
// and, when the file has labels, how good they are (cv.glmnet's measures).

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_output.hpp"
#include "cli/commands.hpp"
#include "cli/input_data.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/model/metrics.hpp"
#include "sparsereg/model/model.hpp"

namespace sparsereg::cli {

namespace {

struct PredictCommandOptions {
    InputOptions input;
    std::string model_path;
    std::string type = "response";
    std::optional<double> lambda;
    std::string out;
};

// Checked before any work, so a typo in --out does not cost reading the data.
void check_output_file(const std::string& out) {
    if (out.empty()) return;
    namespace fs = std::filesystem;
    const fs::path path(out);
    const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code error;
    if (!fs::is_directory(fs::status(directory, error))) {
        throw InvalidArgument("--out", "directory '" + directory.string() + "' does not exist");
    }
    if (fs::is_directory(fs::status(path, error))) {
        throw InvalidArgument("--out", "'" + out + "' is a directory");
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
        throw InvalidArgument("--out", "directory '" + directory.string() +
                                           "' is not writable: " + std::strerror(errno));
    }
}

// One prediction a line, %.17g-exact (shortest round-trip digits).
void write_predictions(const std::string& out, const std::vector<double>& predictions) {
    std::string text;
    text.reserve(predictions.size() * 20);
    char digits[32];
    for (double value : predictions) {
        const auto end = std::to_chars(digits, digits + sizeof digits, value,
                                       std::chars_format::general, 17).ptr;
        text.append(digits, end);
        text.push_back('\n');
    }
    const std::string name = out.empty() ? "standard output" : out;
    std::FILE* file = out.empty() ? stdout : std::fopen(out.c_str(), "wb");
    if (file == nullptr) throw IoError(name, std::string("cannot create: ") + std::strerror(errno));
    const bool written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    const int saved_errno = errno;
    const int closed = out.empty() ? std::fflush(file) : std::fclose(file);
    if (!written || closed != 0) {
        throw IoError(name, std::string("cannot write: ") + std::strerror(written ? errno : saved_errno));
    }
}

bool looks_like_matrix_market(std::string_view text) {
    constexpr std::string_view banner = "%%matrixmarket";
    if (text.size() < banner.size()) return false;
    for (std::size_t k = 0; k < banner.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(text[k])) != banner[k]) return false;
    }
    return true;
}

// The labels as the 0/1 response the model was fitted on.
std::vector<double> binary_response(const std::vector<double>& y, const ClassLabels& labels,
                                    const std::string& labels_file, bool known) {
    std::vector<double> response(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (y[i] == labels.positive) response[i] = 1.0;
        else if (y[i] == labels.negative) response[i] = 0.0;
        else {
            throw InvalidArgument(
                "labels in " + labels_file,
                "row " + std::to_string(i + 1) + " has label " + format_g(y[i], 17) +
                    ", but the model's labels are " + format_g(labels.negative, 17) +
                    " (negative) and " + format_g(labels.positive, 17) + " (positive)" +
                    (known ? "" : "; the model file has no \"labels\", so they are 0 and 1"));
        }
    }
    return response;
}

void print_measures(std::FILE* to, const Model& model, const std::vector<double>& y,
                    const std::vector<double>& eta, double lambda) {
    std::fprintf(to, "rows          %zu\n", y.size());
    std::fprintf(to, "lambda        %s\n", format_g(lambda, 6).c_str());
    if (model.family == Family::binomial) {
        // The share of rows whose predicted class (η > 0: positive, as the
        // --type class output) is their label. Not 1 − the "class" measure,
        // which follows cv.glmnet in counting η = 0 as wrong for both classes.
        std::size_t right = 0;
        for (std::size_t i = 0; i < y.size(); ++i) right += (eta[i] > 0.0) == (y[i] == 1.0) ? 1 : 0;
        std::fprintf(to, "accuracy      %s\n",
                     format_g(static_cast<double>(right) / static_cast<double>(y.size()), 6).c_str());
        std::fprintf(to, "auc           %s\n",
                     format_g(evaluate_measure(Measure::auc, model.family, y, eta), 6).c_str());
    } else {
        std::fprintf(to, "mse           %s\n",
                     format_g(evaluate_measure(Measure::mse, model.family, y, eta), 6).c_str());
        std::fprintf(to, "mae           %s\n",
                     format_g(evaluate_measure(Measure::mae, model.family, y, eta), 6).c_str());
    }
    std::fprintf(to, "deviance      %s\n",
                 format_g(evaluate_measure(Measure::deviance, model.family, y, eta), 6).c_str());
    std::fflush(to);
}

template <StorageIndex I>
void run_predict(const InputText& input, const PredictCommandOptions& o, const InputOptions& input_options,
                 const Model& model, PredictionType type) {
    InputData<double, I> data;
    try {
        data = parse_input<double, I>(input, input_options);
    } catch (const ParseError& e) {
        // The reader knows n_features only as a number; the user knows the model.
        if (std::string_view(e.what()).find("beyond n_features") == std::string_view::npos) throw;
        throw ParseError(e.file(), e.line(), e.column(), e.text(),
                         "feature index beyond the " + std::to_string(model.n_features) +
                             " features the model " + o.model_path + " was fitted on");
    }
    const std::string labels_file = o.input.labels_path.empty() ? o.input.data_path : o.input.labels_path;
    std::vector<double> predictions, eta;
    try {
        predictions = predict<double, I>(model, data.X.view(), type, o.lambda);
        if (!data.y.empty()) {
            eta = type == PredictionType::link ? predictions
                                               : predict<double, I>(model, data.X.view(),
                                                                    PredictionType::link, o.lambda);
        }
    } catch (const InvalidArgument& e) {
        const std::string& argument = e.argument();
        std::string name;
        if (argument == "X") name = o.input.data_path;
        else if (argument == "lambda") name = "--lambda";
        else if (argument == "type") name = "--type";
        else throw;
        std::string message = e.what();
        if (message.starts_with(argument + ": ")) message.erase(0, argument.size() + 2);
        throw InvalidArgument(name, message);
    }

    // Measures before writing, so bad labels leave no half-done output behind.
    std::vector<double> response;
    if (!data.y.empty()) {
        response = model.family == Family::binomial
                       ? binary_response(data.y, model.labels.value_or(ClassLabels{}), labels_file,
                                         model.labels.has_value())
                       : data.y;
    }
    write_predictions(o.out, predictions);
    if (!data.y.empty()) {
        const double lambda = o.lambda ? *o.lambda : model.fits.front().lambda;
        print_measures(o.out.empty() ? stderr : stdout, model, response, eta, lambda);
    }
}

void run_predict_command(const PredictCommandOptions& o) {
    const PredictionType type = parse_prediction_type(o.type);
    check_output_file(o.out);
    const Model model = load_model(o.model_path);
    if (type == PredictionType::class_label && model.family != Family::binomial) {
        throw InvalidArgument("--type", "class needs a binomial model; " + o.model_path +
                                            " is gaussian (use link or response)");
    }

    const InputText input = read_input_text(o.input);
    // The model fixes the columns and their numbering: a test file whose highest
    // feature is below the training file's still lines up, and one beyond it is an error.
    InputOptions input_options = o.input;
    input_options.index_base = model.feature_base == 0 ? IndexBase::zero : IndexBase::one;
    const bool matrix_market = o.input.format == InputFormat::matrix_market ||
                               (o.input.format == InputFormat::automatic &&
                                looks_like_matrix_market(input.file.text));
    // Matrix Market states its own column count; predict() compares it with the model's.
    input_options.n_features = matrix_market ? 0 : model.n_features;
    if (needs_64bit_indices(input)) run_predict<std::int64_t>(input, o, input_options, model, type);
    else run_predict<std::int32_t>(input, o, input_options, model, type);
}

}  // namespace

void register_predict_command(CLI::App& app) {
    auto options = std::make_shared<PredictCommandOptions>();
    PredictCommandOptions& o = *options;
    CLI::App* command = app.add_subcommand(
        "predict", "Predict with a saved model (JSON model file), one prediction a line; with "
                   "labels, also print accuracy/AUC/deviance (binomial) or MSE/MAE (gaussian)");
    command->add_option("--model", o.model_path, "Model file (JSON, see README \"Model files\")")
        ->required()
        ->check(CLI::ExistingFile);
    add_input_options(*command, o.input);
    // The model fixes the column count and the feature numbering.
    for (const char* fixed : {"--n-features", "--zero-based", "--one-based"}) {
        command->remove_option(command->get_option(fixed));
    }
    command
        ->add_option("--type", o.type,
                     "link (b0 + x'b), response (probability for binomial), or class (binomial: "
                     "the predicted label)")
        ->check(CLI::IsMember({"link", "response", "class"}))
        ->capture_default_str();
    command
        ->add_option_function<double>(
            "--lambda", [&o](const double& value) { o.lambda = value; },
            "Predict at this λ, interpolating between fitted ones (default: the model's first fit)")
        ->check(CLI::Validator(
            [](std::string& text) -> std::string {
                double value = 0;
                if (!CLI::detail::lexical_cast(text, value) || !std::isfinite(value) || !(value > 0)) {
                    return "must be a finite number > 0, got '" + text + "'";
                }
                return {};
            },
            "a finite number > 0"));
    command->add_option("--out", o.out, "Write the predictions to this file (default: standard output)");

    command->callback([options] { run_predict_command(*options); });
}

}  // namespace sparsereg::cli
