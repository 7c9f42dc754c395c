#pragma once

// A fitted model: the coefficients of one or more λ of a path, on the original
// scale of X, with what is needed to predict on new data and to save it to a
// file and read it back bit for bit.
//
// Prediction follows glmnet's predict():
//   link       η = b0 + xᵀβ
//   response   μ = η (gaussian), p = 1/(1 + e^−η) (binomial)
//   class      binomial only: the positive label where p > 0.5, else the negative
//              one (original label values when the model knows them, else 1/0)
// and at a λ between two fitted ones, coefficients and intercept are
// interpolated linearly in λ, as glmnet's predict(..., s = λ) does (lambda.interp).
//
// Model file (JSON, written by to_json/save_model, read by model_from_json/load_model):
//   {
//     "format": "sparsereg-model",
//     "format_version": 1,
//     "family": "binomial",                 "gaussian" or "binomial"
//     "alpha": 1.0,                         in [0, 1]
//     "standardize": true,
//     "intercept": true,
//     "n_features": 47117,                  ≥ 1: columns of X the model was fitted on
//     "feature_base": 1,                    1: features numbered from 1 (svmlight), 0: from 0
//     "labels": {"negative": -1.0, "positive": 1.0},   optional, binomial only
//     "selection": "lambda_1se (10-fold CV, deviance)", optional free text
//     "fits": [                             ≥ 1, λ strictly decreasing, > 0
//       {"lambda": 0.01, "intercept": -0.2, "features": [3, 17], "coefficients": [0.5, -1.25]}
//     ]
//   }
// Features are written in the file's numbering (feature_base), ascending, each
// in [feature_base, n_features − 1 + feature_base]; every number is finite and
// written so it reads back as the same bits. Unknown keys are errors, so a
// misspelt key is not silently ignored; a newer format_version is refused.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

// One λ of a model, coefficients on the original scale of X.
struct ModelFit {
    double lambda = 0;
    double intercept = 0;
    std::vector<std::int64_t> features;  // ascending, 0-based column indices
    std::vector<double> coefficients;    // one per feature
};

// The original label values coded 0 and 1 in a binomial fit (see to_binary_labels).
struct ClassLabels {
    double negative = 0;
    double positive = 1;
};

struct Model {
    static constexpr int format_version = 1;

    Family family = Family::gaussian;
    double alpha = 1;
    bool standardize = true;
    bool intercept = true;
    std::int64_t n_features = 0;
    // How features are numbered in the user's files: 1 for one-based svmlight,
    // 0 for zero-based. Features in memory are always 0-based; the model file
    // stores them in this numbering.
    int feature_base = 1;
    std::optional<ClassLabels> labels;  // binomial: which original label is 1
    std::vector<ModelFit> fits;         // ≥ 1, λ strictly decreasing
    std::string selection;              // free text, e.g. "lambda_1se (10-fold CV, deviance)"
};

// A model holding the given points of a path (indices into path.points,
// strictly increasing; all of them when `points` is empty). family and alpha
// come from the path, standardize and intercept from the options; labels,
// feature_base and selection are left for the caller to set. Throws
// InvalidArgument naming "path" (no points, or family different from the
// options'), "points" (index out of range or not increasing) or "n_features".
Model make_model(const PathResult& path, const FitOptions& options, std::int64_t n_features,
                 std::span<const std::size_t> points = {});

// Checks every rule of the file format above on a model in memory (features
// 0-based) and throws InvalidArgument("model", ...) naming the first broken one,
// e.g. "fits[2].features[5] = 1400 is beyond n_features = 1355".
void validate_model(const Model& model);

// The model file's text (validates first).
std::string to_json(const Model& model);
// Reads a model file's text; `source` names the file in errors. Throws
// ParseError (source, line, column) when the text is not JSON, and
// InvalidArgument with argument() == source and a message naming the key and
// value for anything else, e.g. "m.json: fits[0].lambda = -1: must be > 0".
Model model_from_json(std::string_view text, const std::string& source);

// Writes / reads a model file. IoError names the file when it cannot be
// written or read; load_model reads .gz, .bz2 and .xz too.
void save_model(const std::filesystem::path& file, const Model& model);
Model load_model(const std::filesystem::path& file);

// The model at λ as glmnet's predict(..., s = λ) makes it: the fit itself when λ
// is one of the model's, linear interpolation in λ between the two neighbouring
// fits, and the first (last) fit above (below) the fitted range. Throws
// InvalidArgument("lambda", ...) unless λ is finite and > 0.
ModelFit fit_at(const Model& model, double lambda);

enum class PredictionType {
    link,         // η = b0 + xᵀβ
    response,     // η (gaussian), probability of the positive class (binomial)
    class_label,  // binomial: the original label (or 1/0 without labels)
};

const char* to_string(PredictionType type) noexcept;
// "link", "response", "class"; throws InvalidArgument("type", ...) otherwise.
PredictionType parse_prediction_type(std::string_view name);

// One prediction per row of X at λ (default: the model's first fit, the only
// one of a single-fit model). Throws InvalidArgument naming "X" when X does
// not have n_features columns, "lambda" (see fit_at), "type" for class on a
// gaussian model, and "model" for an invalid model.
template <StorageValue T, StorageIndex I>
std::vector<double> predict(const Model& model, CsrView<T, I> X, PredictionType type,
                            std::optional<double> lambda = std::nullopt);

#define SPARSEREG_DECLARE_PREDICT(T, I)                                                     \
    extern template std::vector<double> predict<T, I>(const Model&, CsrView<T, I>,          \
                                                      PredictionType, std::optional<double>);
SPARSEREG_DECLARE_PREDICT(float, std::int32_t)
SPARSEREG_DECLARE_PREDICT(float, std::int64_t)
SPARSEREG_DECLARE_PREDICT(double, std::int32_t)
SPARSEREG_DECLARE_PREDICT(double, std::int64_t)
#undef SPARSEREG_DECLARE_PREDICT

}  // namespace sparsereg
