#pragma once

// The model and path options every fitting subcommand shares (path, cv):
// their registration on a CLI11 subcommand, their translation to FitOptions,
// and the library's argument names turned back into the options a user typed.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/input_data.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg::cli {

// Defaults come from FitOptions so the command and the library cannot disagree.
const FitOptions fit_defaults{};

struct FitCliOptions {
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
    std::optional<double> tol;  // unset: effective_tol's default
    std::string stopping = "gap";
    std::string solver = "cd";
    std::int64_t max_epochs = fit_defaults.max_epochs;
    bool no_early_stop = !fit_defaults.early_stop;
    std::int64_t dfmax = fit_defaults.dfmax;
    std::int64_t pmax = fit_defaults.pmax;
    bool no_screening = !fit_defaults.screening;
    bool no_support_newton = !fit_defaults.support_newton;
    bool no_anderson = !fit_defaults.anderson;
    bool no_path_prediction = !fit_defaults.path_prediction;
    bool no_merge_duplicates = !fit_defaults.merge_duplicate_columns;
    bool no_merge_rows = !fit_defaults.merge_duplicate_rows;
    bool no_exact_float = !fit_defaults.exact_float_storage;
    bool use_float = false;
    bool verbose = false;
};

// --family, --alpha, the λ grid, standardization, weights, penalty factors,
// limits, --positive-label, the solver and its stopping rule, --dfmax/--pmax,
// --no-screening, --no-support-newton, --no-anderson, --no-path-prediction,
// the merges, --verbose, --float and --no-exact-float.
void add_fit_options(CLI::App& app, FitCliOptions& o);

// Reads the vector files the options name; throws InvalidArgument naming the option.
FitOptions to_fit_options(const FitCliOptions& o);

// The library names its arguments ("penalty_factors", "y"); a command-line
// user should read the option and file they typed instead.
// Call only from a catch block (it may rethrow the exception being handled).
[[noreturn]] void rethrow_with_cli_names(const InvalidArgument& e, const FitCliOptions& o);

// A CLI11 check on a number with a message a user can act on:
// "--alpha: must be a number in [0, 1], got '2'".
template <class T, class Predicate>
inline CLI::Validator number_check(std::string description, Predicate ok) {
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

}  // namespace sparsereg::cli
