#include "cli/fit_cli.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "sparsereg/io/vector_file.hpp"

namespace sparsereg::cli {

namespace {

// A vector file given on the command line; an empty file is an error, since an
// empty vector means "the default" to the library and would be silently ignored.
std::vector<double> read_option_vector(const char* option, const std::string& path) {
    if (path.empty()) return {};
    std::vector<double> values = read_vector(path);
    if (values.empty()) throw InvalidArgument(option, path + " holds no numbers");
    return values;
}

}  // namespace

void add_fit_options(CLI::App& app, FitCliOptions& o) {
    CLI::App* command = &app;
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
        ->add_option_function<double>(
            "--tol", [&o](const double& value) { o.tol = value; },
            "Tolerance: relative duality gap (--stopping gap), or glmnet's thresh "
            "(default: 1e-9 with --alpha < 1 and the gap rule, else 1e-7)")
        ->check(number_check<double>("a positive number",
                                     [](double t) { return t > 0.0 && std::isfinite(t); }));
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
    command->add_flag("--no-support-newton", o.no_support_newton,
                      "cd: no Newton steps on the support when passes crawl (same solution)");
    command->add_flag("--no-anderson", o.no_anderson,
                      "cd: no Anderson extrapolation of the passes' iterates (same solution)");
    command->add_flag("--no-path-prediction", o.no_path_prediction,
                      "cd: start each lambda from the last solution, not the secant through the last two "
                      "(same solution)");
    command->add_flag("--no-merge-duplicates", o.no_merge_duplicates,
                      "Fit columns equal to an earlier one apart, not through it (same objective)");
    command->add_flag("--no-merge-rows", o.no_merge_rows,
                      "Fit rows equal to an earlier one apart, not as one weighted row (same fit)");
    command->add_flag("--no-exact-float", o.no_exact_float,
                      "Fit double X from double values even when every one is exact in float");
    command->add_flag("--verbose", o.verbose,
                      "Say on stderr how the fit runs: solver, threads, SIMD instruction set");
    command->add_flag("--float", o.use_float,
                      "Store X in single precision (half the memory; sums stay in double)");
}

FitOptions to_fit_options(const FitCliOptions& o) {
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
    fit.support_newton = !o.no_support_newton;
    fit.anderson = !o.no_anderson;
    fit.path_prediction = !o.no_path_prediction;
    fit.merge_duplicate_columns = !o.no_merge_duplicates;
    fit.merge_duplicate_rows = !o.no_merge_rows;
    fit.exact_float_storage = !o.no_exact_float;
    fit.threads = o.input.threads;
    return fit;
}

[[noreturn]] void rethrow_with_cli_names(const InvalidArgument& e, const FitCliOptions& o) {
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

}  // namespace sparsereg::cli
