// sparsereg cv: picks λ (and α) by k-fold cross-validation, or by early
// stopping on a held-out validation file, and writes the curve, the full-data
// path and the chosen model:
//   PREFIX.cv.csv      lambda,mean,se,df         the curve of the best α
//   PREFIX.cv.json     measure, lambda_min, lambda_1se, folds, ... (plot cv reads it)
//   PREFIX.cv_alphas.csv  alpha,lambda,mean,se,df  every α (with --alphas)
//   PREFIX.path.csv, PREFIX.coef.csv  the full-data path (plot path reads them)
//   PREFIX.model.json  the model at lambda_1se (or --select min)
//   PREFIX.foldid.txt  the fold of each row (k-fold), for rerunning the same folds
// and prints the chosen λ on stdout.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_output.hpp"
#include "cli/commands.hpp"
#include "cli/fit_cli.hpp"
#include "cli/input_data.hpp"
#include "cli/path_files.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/vector_file.hpp"
#include "sparsereg/model/metrics.hpp"
#include "sparsereg/model/model.hpp"
#include "sparsereg/model_selection/cross_validation.hpp"

namespace sparsereg::cli {

namespace {

struct CvCommandOptions : FitCliOptions {
    std::vector<double> alphas;
    int folds = CvOptions{}.folds;
    std::string foldid_path;
    std::string measure;  // empty: the family's default
    std::uint64_t seed = CvOptions{}.seed;
    std::string select = "1se";
    std::string validation_path;
    int patience = 10;
    std::string out;
};

struct CvFiles {
    std::string cv_csv, cv_json, alphas_csv, path_csv, coef_csv, model_json, foldid_txt;
};

CvFiles cv_files(const std::string& prefix) {
    const auto f = output_files(prefix, {".cv.csv", ".cv.json", ".cv_alphas.csv", ".path.csv",
                                         ".coef.csv", ".model.json", ".foldid.txt"});
    return {f[0], f[1], f[2], f[3], f[4], f[5], f[6]};
}

std::vector<int> read_foldid(const std::string& path) {
    const std::vector<double> values = read_vector(path);
    std::vector<int> foldid;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!(v >= 1) || v != std::floor(v) || v > 1e6) {
            throw InvalidArgument("--foldid", path + ":" + std::to_string(i + 1) + ": fold '" +
                                                  format_g(v, 17) + "' is not an integer >= 1");
        }
        foldid.push_back(static_cast<int>(v));
    }
    return foldid;
}

void write_curve(OutputFile& out, const CvCurve& curve, bool with_alpha) {
    for (std::size_t l = 0; l < curve.lambdas.size(); ++l) {
        if (with_alpha) out.number(curve.alpha).text(",");
        out.number(curve.lambdas[l]).text(",").number(curve.mean[l]).text(",");
        out.number(curve.se[l]).text(",").integer(curve.df[l]).text("\n");
    }
}

// Held-out rows of a validation file, scored at each point of a path as it
// is fitted; ends the path after `patience` points without improvement.
template <StorageValue T, StorageIndex I>
CvCurve validation_curve(CsrView<T, I> X, std::span<const double> y, CsrView<T, I> valid_X,
                         std::span<const double> valid_y, FitOptions fit, Measure measure,
                         int patience) {
    CvCurve curve;
    curve.alpha = fit.alpha;
    const double sign = higher_is_better(measure) ? -1.0 : 1.0;
    double best = std::numeric_limits<double>::infinity();
    int since_best = 0;
    std::vector<double> beta(static_cast<std::size_t>(X.cols()), 0.0);
    std::vector<double> eta(static_cast<std::size_t>(valid_X.rows()));
    fit.keep_going = [&](const PathPoint& point) {
        for (std::size_t k = 0; k < point.features.size(); ++k) {
            beta[static_cast<std::size_t>(point.features[k])] = point.coefficients[k];
        }
        for (I i = 0; i < valid_X.rows(); ++i) {
            const auto cols = valid_X.row_indices(i);
            const auto vals = valid_X.row_values(i);
            double e = point.intercept;
            for (std::size_t k = 0; k < cols.size(); ++k) {
                e += static_cast<double>(vals[k]) * beta[static_cast<std::size_t>(cols[k])];
            }
            eta[static_cast<std::size_t>(i)] = e;
        }
        for (auto j : point.features) beta[static_cast<std::size_t>(j)] = 0.0;
        const double value = evaluate_measure(measure, fit.family, valid_y, eta);
        curve.lambdas.push_back(point.lambda);
        curve.mean.push_back(value);
        curve.se.push_back(0.0);  // one validation set: no spread to report
        curve.df.push_back(point.df);
        if (sign * value < best) {
            best = sign * value;
            curve.index_min = curve.lambdas.size() - 1;
            since_best = 0;
            return true;
        }
        return ++since_best < patience;
    };
    curve.full_fit = fit_path(X, y, fit);
    curve.index_1se = curve.index_min;
    curve.lambda_min = curve.lambda_1se = curve.lambdas[curve.index_min];
    return curve;
}

template <StorageValue T, StorageIndex I>
void run_cv(const InputText& input, const CvCommandOptions& o, FitOptions fit, const CvFiles& files,
            ProgressLine& progress) {
    progress.show("parsing " + o.input.data_path);
    auto data = parse_input<T, I>(input, o.input);
    if (data.y.empty()) {
        throw InvalidArgument("--labels", o.input.data_path +
                                              " holds no labels (Matrix Market); give them with --labels FILE");
    }
    CvOptions cv;
    cv.folds = o.folds;
    cv.seed = o.seed;
    cv.alphas = o.alphas;
    cv.measure = o.measure.empty() ? default_measure(fit.family) : parse_measure(o.measure);
    if (!o.foldid_path.empty()) cv.foldid = read_foldid(o.foldid_path);
    const std::size_t n_alphas = std::max<std::size_t>(o.alphas.size(), 1);
    cv.progress = [&](std::size_t alpha, std::size_t done, std::size_t folds) {
        progress.show("alpha " + std::to_string(alpha + 1) + "/" + std::to_string(n_alphas) + ": fold " +
                      std::to_string(done) + "/" + std::to_string(folds) + " done");
    };
    fit.progress = [&](const PathProgress& p) {
        progress.show("full-data path: λ " + std::to_string(p.lambda_index + 1) + "/" +
                      std::to_string(p.n_lambdas));
    };

    std::optional<BinaryLabels> binary;
    std::span<const double> y = data.y;
    CvResult result;
    const auto start = std::chrono::steady_clock::now();
    try {
        if (fit.family == Family::binomial) {
            binary = to_binary_labels(data.y, o.has_positive_label ? std::optional<double>(o.positive_label)
                                                                   : std::nullopt);
            y = binary->y;
        }
        if (!o.validation_path.empty()) {
            InputOptions valid_options = o.input;
            valid_options.data_path = o.validation_path;
            valid_options.labels_path.clear();
            valid_options.n_features = data.X.cols();
            valid_options.index_base = data.index_base;
            const auto valid = parse_input<T, I>(read_input_text(valid_options), valid_options);
            std::vector<double> valid_y = valid.y;
            if (binary) {
                for (double& label : valid_y) {
                    if (label != binary->positive_label && label != binary->negative_label) {
                        throw InvalidArgument("--validation", o.validation_path + ": label '" +
                                                                  format_g(label, 17) +
                                                                  "' is neither class of the training labels");
                    }
                    label = label == binary->positive_label ? 1.0 : 0.0;
                }
            }
            result.measure = cv.measure;
            result.curves.push_back(validation_curve(data.X.view(), y, valid.X.view(), valid_y, fit,
                                                     cv.measure, o.patience));
        } else {
            result = cv_path(data.X.view(), y, fit, cv);
        }
    } catch (const InvalidArgument& e) {
        rethrow_with_cli_names(e, o);
    }
    const double seconds = seconds_since(start);
    progress.clear();
    const CvCurve& best = result.curves[result.best];
    const bool select_min = o.select == "min";
    const std::size_t chosen = select_min ? best.index_min : best.index_1se;

    OutputFile csv(files.cv_csv);
    csv.text("lambda,mean,se,df\n");
    write_curve(csv, best, false);
    csv.close();
    if (result.curves.size() > 1) {
        OutputFile all(files.alphas_csv);
        all.text("alpha,lambda,mean,se,df\n");
        for (const auto& curve : result.curves) write_curve(all, curve, true);
        all.close();
    }
    if (!result.foldid.empty()) {
        OutputFile folds(files.foldid_txt);  // to rerun the same folds elsewhere (cv.glmnet's foldid)
        for (int f : result.foldid) folds.integer(f).text("\n");
        folds.close();
    }
    write_path_csv(files.path_csv, best.full_fit);
    const std::int64_t feature_base = data.index_base == IndexBase::one ? 1 : 0;
    write_coef_csv(files.coef_csv, best.full_fit, feature_base);

    FitOptions chosen_fit = fit;
    chosen_fit.alpha = best.alpha;
    const std::size_t points[] = {chosen};
    Model model = make_model(best.full_fit, chosen_fit, data.X.cols(), points);
    model.feature_base = static_cast<int>(feature_base);
    if (binary) model.labels = ClassLabels{binary->negative_label, binary->positive_label};
    const std::string how = o.validation_path.empty()
                                ? std::to_string(result.folds) + "-fold CV"
                                : "validation on " + o.validation_path;
    model.selection = std::string(select_min ? "lambda_min" : "lambda_1se") + " (" + how + ", " +
                      to_string(result.measure) + ")";
    save_model(files.model_json, model);

    nlohmann::ordered_json j;
    j["mode"] = o.validation_path.empty() ? "k-fold" : "validation";
    j["measure"] = to_string(result.measure);
    j["family"] = to_string(fit.family);
    j["alpha"] = best.alpha;
    j["tol"] = best.full_fit.tol;  // the chosen α's: --tol, or its default
    if (o.validation_path.empty()) {
        j["folds"] = result.folds;
        j["foldid_file"] = o.foldid_path.empty() ? nlohmann::ordered_json(nullptr)
                                                 : nlohmann::ordered_json(o.foldid_path);
        j["seed"] = o.seed;
    } else {
        j["validation_file"] = o.validation_path;
        j["patience"] = o.patience;
        j["stopped_early"] = best.full_fit.stopped_early;
    }
    j["lambda_min"] = best.lambda_min;
    j["lambda_1se"] = best.lambda_1se;
    j["index_min"] = best.index_min;
    j["index_1se"] = best.index_1se;
    j["mean_min"] = best.mean[best.index_min];
    j["se_min"] = best.se[best.index_min];
    j["df_min"] = best.df[best.index_min];
    j["df_1se"] = best.df[best.index_1se];
    j["select"] = select_min ? "min" : "1se";
    j["model_lambda"] = best.lambdas[chosen];
    if (result.curves.size() > 1) {
        auto& alphas = j["alphas"];
        for (const auto& curve : result.curves) {
            alphas.push_back({{"alpha", curve.alpha},
                              {"lambda_min", curve.lambda_min},
                              {"lambda_1se", curve.lambda_1se},
                              {"mean_min", curve.mean[curve.index_min]}});
        }
    }
    j["threads"] = fit.threads > 0 ? static_cast<unsigned>(fit.threads)
                                   : std::max(1u, std::thread::hardware_concurrency());
    j["read_seconds"] = input.read_seconds;
    j["parse_seconds"] = data.parse_seconds;
    j["cv_seconds"] = seconds;
    j["data_file"] = o.input.data_path;
    j["model_file"] = files.model_json;
    OutputFile json(files.cv_json);
    json.text(j.dump(2)).text("\n");
    json.close();

    std::printf("alpha         %s%s\n", format_g(best.alpha, 6).c_str(),
                result.curves.size() > 1 ? " (best of --alphas)" : "");
    std::printf("lambda_min    %s  (%s %s, df %lld)\n", format_g(best.lambda_min, 6).c_str(),
                to_string(result.measure), format_g(best.mean[best.index_min], 6).c_str(),
                static_cast<long long>(best.df[best.index_min]));
    std::printf("lambda_1se    %s  (%s %s, df %lld)\n", format_g(best.lambda_1se, 6).c_str(),
                to_string(result.measure), format_g(best.mean[best.index_1se], 6).c_str(),
                static_cast<long long>(best.df[best.index_1se]));
    std::printf("time          %.3f s (%s)\n", seconds, how.c_str());
    std::printf("wrote         %s (λ = %s), %s, %s\n", files.model_json.c_str(),
                format_g(best.lambdas[chosen], 6).c_str(), files.cv_csv.c_str(), files.cv_json.c_str());
}

void run_cv_command(const CvCommandOptions& o) {
    const CvFiles files = cv_files(o.out);
    FitOptions fit = to_fit_options(o);
    ProgressLine progress;
    progress.show("reading " + o.input.data_path);
    const InputText input = read_input_text(o.input);
    if (o.use_float) {
        if (needs_64bit_indices(input)) run_cv<float, std::int64_t>(input, o, fit, files, progress);
        else run_cv<float, std::int32_t>(input, o, fit, files, progress);
    } else {
        if (needs_64bit_indices(input)) run_cv<double, std::int64_t>(input, o, fit, files, progress);
        else run_cv<double, std::int32_t>(input, o, fit, files, progress);
    }
}

}  // namespace

void register_cv_command(CLI::App& app) {
    auto options = std::make_shared<CvCommandOptions>();
    CvCommandOptions& o = *options;
    CLI::App* command = app.add_subcommand(
        "cv", "Choose λ (and α) by k-fold cross-validation or a validation file; write the curve "
              "and the chosen model");
    add_input_options(*command, o.input);
    add_fit_options(*command, o);
    command
        ->add_option("--alphas", o.alphas, "Several α, comma-separated: each its own path on the "
                                           "same folds; the best (α, λ) wins")
        ->delimiter(',')
        ->check(number_check<double>("a number in [0, 1]", [](double a) { return a >= 0 && a <= 1; }))
        ->excludes(command->get_option("--alpha"));
    auto* folds = command->add_option("--folds", o.folds, "Number of folds")
                      ->check(number_check<int>("an integer >= 2", [](int k) { return k >= 2; }))
                      ->capture_default_str();
    auto* foldid = command->add_option("--foldid", o.foldid_path,
                                       "Fold of each row, 1..K, one a line (instead of --folds/--seed)")
                       ->check(CLI::ExistingFile)
                       ->excludes(folds);
    command
        ->add_option("--measure", o.measure,
                     "mse, mae, deviance (gaussian); deviance, class, auc (binomial); default deviance")
        ->check(CLI::IsMember({"mse", "mae", "deviance", "class", "auc"}));
    command->add_option("--seed", o.seed, "Seed of the random fold assignment")->capture_default_str();
    command->add_option("--select", o.select, "The λ of PREFIX.model.json: 1se or min")
        ->check(CLI::IsMember({"1se", "min"}))
        ->capture_default_str();
    command
        ->add_option("--validation", o.validation_path,
                     "A held-out file instead of folds: the path stops after --patience λ "
                     "without improvement on it")
        ->check(CLI::ExistingFile)
        ->excludes(folds)
        ->excludes(foldid);
    command->add_option("--patience", o.patience, "λ values without improvement before stopping")
        ->check(number_check<int>("an integer >= 1", [](int k) { return k >= 1; }))
        ->capture_default_str();
    command->add_option("--out", o.out, "Output prefix: writes PREFIX.cv.csv, PREFIX.cv.json, "
                                        "PREFIX.model.json, PREFIX.path.csv, PREFIX.coef.csv")
        ->required();
    command->callback([options] { run_cv_command(*options); });
}

}  // namespace sparsereg::cli
