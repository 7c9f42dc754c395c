// Models: from a path to JSON and back bit for bit, glmnet's λ interpolation,
// predictions against an independent dense computation, and every rule of the
// model file broken once, with the message naming the key and value.

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/model/model.hpp"
#include "support/dense_matrix.hpp"
#include "support/expect_invalid.hpp"
#include "support/storage_types.hpp"

namespace sparsereg {
namespace {

using testing::expect_invalid;

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Every number of two models compared as bits, not values: -0.0 ≠ 0.0 here.
void expect_identical(const Model& a, const Model& b) {
    EXPECT_EQ(a.family, b.family);
    EXPECT_EQ(bits(a.alpha), bits(b.alpha));
    EXPECT_EQ(a.standardize, b.standardize);
    EXPECT_EQ(a.intercept, b.intercept);
    EXPECT_EQ(a.n_features, b.n_features);
    EXPECT_EQ(a.feature_base, b.feature_base);
    ASSERT_EQ(a.labels.has_value(), b.labels.has_value());
    if (a.labels) {
        EXPECT_EQ(bits(a.labels->negative), bits(b.labels->negative));
        EXPECT_EQ(bits(a.labels->positive), bits(b.labels->positive));
    }
    EXPECT_EQ(a.selection, b.selection);
    ASSERT_EQ(a.fits.size(), b.fits.size());
    for (std::size_t k = 0; k < a.fits.size(); ++k) {
        EXPECT_EQ(bits(a.fits[k].lambda), bits(b.fits[k].lambda)) << "fit " << k;
        EXPECT_EQ(bits(a.fits[k].intercept), bits(b.fits[k].intercept)) << "fit " << k;
        EXPECT_EQ(a.fits[k].features, b.fits[k].features) << "fit " << k;
        ASSERT_EQ(a.fits[k].coefficients.size(), b.fits[k].coefficients.size());
        for (std::size_t m = 0; m < a.fits[k].coefficients.size(); ++m) {
            EXPECT_EQ(bits(a.fits[k].coefficients[m]), bits(b.fits[k].coefficients[m]))
                << "fit " << k << " coefficient " << m;
        }
    }
}

struct PathCase {
    LabeledData<double, std::int32_t> data;
    std::vector<double> y;
    FitOptions options;
    PathResult path;
};

PathCase fit_dataset(const std::string& file, Family family, double alpha) {
    PathCase c;
    c.data = read_svmlight<double, std::int32_t>(std::filesystem::path(SPARSEREG_DATASETS_DIR) / file);
    c.y = family == Family::binomial ? to_binary_labels(c.data.y).y : c.data.y;
    c.options.family = family;
    c.options.alpha = alpha;
    c.options.nlambda = 30;
    c.path = fit_path(c.data.X.view(), c.y, c.options);
    return c;
}

class TempFile {
public:
    explicit TempFile(const std::string& name)
        : path_(std::filesystem::temp_directory_path() /
                ("sparsereg_model_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                 "_" + name)) {}
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// --- make_model, JSON round trip, files -------------------------------------------

TEST(ModelRoundTrip, BinomialPathOfHeartKeepsEveryBit) {
    const PathCase c = fit_dataset("heart_scale.binary.svm.xz", Family::binomial, 1.0);
    ASSERT_GT(c.path.points.size(), 10u);
    Model model = make_model(c.path, c.options, c.data.X.cols());
    model.labels = ClassLabels{-1.0, 1.0};
    model.feature_base = 1;
    model.selection = "all λ of the path \"heart\"";
    EXPECT_EQ(model.family, Family::binomial);
    EXPECT_EQ(model.n_features, 13);
    ASSERT_EQ(model.fits.size(), c.path.points.size());
    for (std::size_t k = 0; k < model.fits.size(); ++k) {
        EXPECT_EQ(model.fits[k].lambda, c.path.points[k].lambda);
        EXPECT_EQ(model.fits[k].features, c.path.points[k].features);
    }
    const std::string text = to_json(model);
    EXPECT_NE(text.find("\"format\": \"sparsereg-model\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"labels\": {\"negative\": -1.0, \"positive\": 1.0}"), std::string::npos);
    expect_identical(model, model_from_json(text, "heart.json"));

    TempFile file("heart.json");
    save_model(file.path(), model);
    expect_identical(model, load_model(file.path()));
}

TEST(ModelRoundTrip, GaussianElasticNetSubsetZeroBased) {
    const PathCase c = fit_dataset("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian, 0.5);
    ASSERT_GT(c.path.points.size(), 5u);
    const std::vector<std::size_t> points{0, 3, c.path.points.size() - 1};
    Model model = make_model(c.path, c.options, c.data.X.cols(), points);
    model.feature_base = 0;
    ASSERT_EQ(model.fits.size(), 3u);
    EXPECT_EQ(model.fits[1].lambda, c.path.points[3].lambda);
    EXPECT_EQ(model.fits[2].coefficients, c.path.points.back().coefficients);
    EXPECT_FALSE(model.labels.has_value());
    EXPECT_EQ(model.alpha, 0.5);
    const std::string text = to_json(model);
    EXPECT_EQ(text.find("\"labels\""), std::string::npos);
    // Zero-based: the file holds the in-memory indices unchanged.
    const Model back = model_from_json(text, "quickstart.json");
    expect_identical(model, back);
}

TEST(ModelRoundTrip, ExtremeDoublesKeepTheirBits) {
    Model model;
    model.family = Family::binomial;
    model.alpha = 0.1;
    model.standardize = false;
    model.intercept = false;
    model.n_features = 12;
    model.labels = ClassLabels{-0.0, 5e-324};
    model.selection = "quotes \" and \\ and \n newline, ünïcode";
    const std::vector<double> awkward{-0.0,
                                      std::numeric_limits<double>::denorm_min(),
                                      -2.2250738585072009e-308,  // largest subnormal
                                      1e-300,
                                      std::numeric_limits<double>::max(),
                                      -std::numeric_limits<double>::max(),
                                      0.1,
                                      1.0 / 3.0,
                                      std::nextafter(1.0, 2.0),
                                      123456789012345678.0,
                                      0.0,
                                      -1.25};
    ModelFit fit{std::numeric_limits<double>::denorm_min() * 7, -0.0, {}, awkward};
    for (std::int64_t j = 0; j < 12; ++j) fit.features.push_back(j);
    model.fits.push_back({1e300, 1e-300, {0}, {-0.0}});
    model.fits.push_back(fit);
    const Model back = model_from_json(to_json(model), "extreme.json");
    expect_identical(model, back);
    EXPECT_TRUE(std::signbit(back.fits[1].intercept));
    EXPECT_TRUE(std::signbit(back.labels->negative));
}

TEST(ModelFiles, SaveToAMissingDirectoryAndLoadAMissingFileNameTheFile) {
    Model model;
    model.n_features = 1;
    model.fits.push_back({1.0, 0.0, {}, {}});
    const auto missing = std::filesystem::temp_directory_path() / "sparsereg-no-such-dir" / "m.json";
    try {
        save_model(missing, model);
        ADD_FAILURE() << "expected IoError";
    } catch (const IoError& e) {
        EXPECT_EQ(e.file(), missing.string());
    }
    EXPECT_THROW(load_model(missing), IoError);
}

TEST(MakeModel, RejectsBadPointsAndMismatchedOptions) {
    PathResult path;
    FitOptions options;
    expect_invalid([&] { make_model(path, options, 3); }, "path", {"no fitted points"});
    path.points.resize(3);
    for (std::size_t k = 0; k < 3; ++k) path.points[k].lambda = 1.0 / static_cast<double>(k + 1);
    const std::vector<std::size_t> beyond{0, 3};
    expect_invalid([&] { make_model(path, options, 3, beyond); }, "points", {"points[1] = 3", "3 points"});
    const std::vector<std::size_t> repeated{1, 1};
    expect_invalid([&] { make_model(path, options, 3, repeated); }, "points", {"points[1] = 1"});
    expect_invalid([&] { make_model(path, options, 0); }, "n_features", {"= 0"});
    path.points[1].features = {5};
    path.points[1].coefficients = {1.0};
    expect_invalid([&] { make_model(path, options, 3); }, "n_features", {"fits[1].features[0] = 5"});
    options.family = Family::binomial;
    expect_invalid([&] { make_model(path, options, 3); }, "path", {"gaussian", "binomial"});
}

// --- fit_at ----------------------------------------------------------------------------

Model three_fits() {
    Model model;
    model.n_features = 6;
    model.fits.push_back({1.0, 0.5, {1}, {2.0}});
    model.fits.push_back({0.5, 1.0, {1, 3}, {4.0, -1.0}});
    model.fits.push_back({0.25, 2.0, {0, 3, 5}, {1.0, -3.0, 0.5}});
    return model;
}

void expect_fit(const ModelFit& fit, double lambda, double intercept,
                const std::vector<std::int64_t>& features, const std::vector<double>& coefficients) {
    EXPECT_EQ(fit.lambda, lambda);
    EXPECT_NEAR(fit.intercept, intercept, 1e-15);
    EXPECT_EQ(fit.features, features);
    ASSERT_EQ(fit.coefficients.size(), coefficients.size());
    for (std::size_t m = 0; m < coefficients.size(); ++m) {
        EXPECT_NEAR(fit.coefficients[m], coefficients[m], 1e-15) << "coefficient " << m;
    }
}

TEST(FitAt, ExactAtFittedLambdas) {
    const Model model = three_fits();
    for (const ModelFit& f : model.fits) {
        const ModelFit at = fit_at(model, f.lambda);
        EXPECT_EQ(at.lambda, f.lambda);
        EXPECT_EQ(at.intercept, f.intercept);
        EXPECT_EQ(at.features, f.features);
        EXPECT_EQ(at.coefficients, f.coefficients);
    }
}

TEST(FitAt, LinearInLambdaBetweenNeighbours) {
    const Model model = three_fits();
    // λ = 0.75: halfway between 1 and 0.5, left weight (0.75 − 0.5)/(1 − 0.5) = 0.5.
    expect_fit(fit_at(model, 0.75), 0.75, 0.5 * 0.5 + 0.5 * 1.0, {1, 3},
               {0.5 * 2.0 + 0.5 * 4.0, 0.5 * -1.0});
    // λ = 0.3: left weight (0.3 − 0.25)/(0.5 − 0.25) = 0.2 on the 0.5 fit, 0.8 on the 0.25 fit.
    expect_fit(fit_at(model, 0.3), 0.3, 0.2 * 1.0 + 0.8 * 2.0, {0, 1, 3, 5},
               {0.8 * 1.0, 0.2 * 4.0, 0.2 * -1.0 + 0.8 * -3.0, 0.8 * 0.5});
}

TEST(FitAt, ClampedOutsideTheFittedRange) {
    const Model model = three_fits();
    const ModelFit above = fit_at(model, 7.0);
    EXPECT_EQ(above.lambda, 1.0);
    EXPECT_EQ(above.coefficients, model.fits[0].coefficients);
    const ModelFit below = fit_at(model, 1e-9);
    EXPECT_EQ(below.lambda, 0.25);
    EXPECT_EQ(below.features, model.fits[2].features);
    Model one;
    one.n_features = 2;
    one.fits.push_back({0.1, 3.0, {1}, {1.0}});
    EXPECT_EQ(fit_at(one, 5.0).intercept, 3.0);
    EXPECT_EQ(fit_at(one, 0.01).coefficients, std::vector<double>{1.0});
}

TEST(FitAt, RejectsLambdaThatIsNotPositiveAndFinite) {
    const Model model = three_fits();
    expect_invalid([&] { fit_at(model, 0.0); }, "lambda", {"= 0", "> 0"});
    expect_invalid([&] { fit_at(model, -1.0); }, "lambda", {"= -1"});
    expect_invalid([&] { fit_at(model, std::nan("")); }, "lambda", {"nan"});
    expect_invalid([&] { fit_at(model, std::numeric_limits<double>::infinity()); }, "lambda", {"inf"});
}

// --- predict -----------------------------------------------------------------------------

template <class Pair>
class Predict : public ::testing::Test {};
TYPED_TEST_SUITE(Predict, testing::StorageTypes);

testing::Dense random_dense(std::int64_t rows, std::int64_t cols, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> value(-2.0, 2.0);
    std::bernoulli_distribution nonzero(0.4);
    testing::Dense d{rows, cols, std::vector<double>(static_cast<std::size_t>(rows * cols), 0.0)};
    // Values exact in float, so float storage sees the same X.
    for (double& x : d.a) x = nonzero(rng) ? static_cast<float>(value(rng)) : 0.0;
    return d;
}

std::vector<double> dense_eta(const testing::Dense& d, const ModelFit& fit) {
    std::vector<double> beta(static_cast<std::size_t>(d.cols), 0.0);
    for (std::size_t m = 0; m < fit.features.size(); ++m) beta[fit.features[m]] = fit.coefficients[m];
    std::vector<double> eta(static_cast<std::size_t>(d.rows));
    for (std::int64_t i = 0; i < d.rows; ++i) {
        long double sum = fit.intercept;
        for (std::int64_t j = 0; j < d.cols; ++j) sum += static_cast<long double>(d.at(i, j)) * beta[j];
        eta[i] = static_cast<double>(sum);
    }
    return eta;
}

TYPED_TEST(Predict, MatchesDenseComputationForEveryType) {
    using T = typename TypeParam::first_type;
    using I = typename TypeParam::second_type;
    const testing::Dense d = random_dense(40, 9, 17);
    const auto csr = testing::csr_of<T, I>(d);
    Model model = three_fits();
    model.n_features = 9;
    model.family = Family::binomial;
    model.labels = ClassLabels{-1.0, 1.0};

    const std::vector<double> eta = dense_eta(d, model.fits[0]);
    const std::vector<double> link = predict(model, csr.view(), PredictionType::link);
    const std::vector<double> response = predict(model, csr.view(), PredictionType::response);
    const std::vector<double> classes = predict(model, csr.view(), PredictionType::class_label);
    ASSERT_EQ(link.size(), 40u);
    int positives = 0;
    for (std::size_t i = 0; i < eta.size(); ++i) {
        EXPECT_NEAR(link[i], eta[i], 1e-13) << "row " << i;
        EXPECT_NEAR(response[i], 1.0 / (1.0 + std::exp(-eta[i])), 1e-14) << "row " << i;
        EXPECT_EQ(classes[i], eta[i] > 0 ? 1.0 : -1.0) << "row " << i;
        positives += classes[i] == 1.0;
    }
    EXPECT_GT(positives, 0);
    EXPECT_LT(positives, 40);

    // Without labels, classes are the 0/1 the model was fitted on.
    model.labels.reset();
    const std::vector<double> coded = predict(model, csr.view(), PredictionType::class_label);
    for (std::size_t i = 0; i < eta.size(); ++i) EXPECT_EQ(coded[i], eta[i] > 0 ? 1.0 : 0.0);

    // At an interpolated λ: the dense computation with fit_at's coefficients.
    const std::vector<double> eta_mid = dense_eta(d, fit_at(model, 0.3));
    const std::vector<double> link_mid = predict(model, csr.view(), PredictionType::link, 0.3);
    for (std::size_t i = 0; i < eta.size(); ++i) EXPECT_NEAR(link_mid[i], eta_mid[i], 1e-13);

    // Gaussian: the response is η.
    model.family = Family::gaussian;
    EXPECT_EQ(predict(model, csr.view(), PredictionType::response, 0.5),
              predict(model, csr.view(), PredictionType::link, 0.5));
}

TEST(Predict, RealPathAgreesWithItsDenseLinearPredictor) {
    const PathCase c = fit_dataset("heart_scale.binary.svm.xz", Family::binomial, 1.0);
    const Model model = make_model(c.path, c.options, c.data.X.cols());
    const auto X = c.data.X.view();
    testing::Dense d{X.rows(), X.cols(), std::vector<double>(static_cast<std::size_t>(X.rows() * X.cols()), 0.0)};
    for (std::int32_t i = 0; i < X.rows(); ++i) {
        for (std::size_t k = 0; k < X.row_indices(i).size(); ++k) {
            d.a[static_cast<std::size_t>(i * X.cols() + X.row_indices(i)[k])] = X.row_values(i)[k];
        }
    }
    for (std::size_t k : {std::size_t{0}, model.fits.size() / 2, model.fits.size() - 1}) {
        const std::vector<double> eta = dense_eta(d, model.fits[k]);
        const std::vector<double> link = predict(model, X, PredictionType::link, model.fits[k].lambda);
        for (std::size_t i = 0; i < eta.size(); ++i) EXPECT_NEAR(link[i], eta[i], 1e-12);
    }
    // The last λ separates the classes well: most 0/1 predictions match y.
    const std::vector<double> classes =
        predict(model, X, PredictionType::class_label, model.fits.back().lambda);
    int right = 0;
    for (std::size_t i = 0; i < classes.size(); ++i) right += classes[i] == c.y[i];
    EXPECT_GT(right, 220);
}

TEST(Predict, RejectsMismatchedColumnsClassForGaussianAndBadLambda) {
    Model model;
    model.n_features = 1355;
    model.fits.push_back({0.5, 1.0, {1354}, {2.0}});
    const std::vector<std::int32_t> indptr{0, 0};
    const CsrView<double, std::int32_t> narrow(1, 1200, indptr, {}, {});
    expect_invalid([&] { predict(model, narrow, PredictionType::link); }, "X",
                   {"has 1,200 columns but the model was fitted on 1,355 features"});
    const CsrView<double, std::int32_t> right(1, 1355, indptr, {}, {});
    EXPECT_EQ(predict(model, right, PredictionType::link), std::vector<double>{1.0});
    expect_invalid([&] { predict(model, right, PredictionType::class_label); }, "type",
                   {"binomial", "gaussian"});
    expect_invalid([&] { predict(model, right, PredictionType::link, -2.0); }, "lambda", {"-2"});
    model.fits[0].coefficients[0] = std::numeric_limits<double>::infinity();
    expect_invalid([&] { predict(model, right, PredictionType::link); }, "model",
                   {"fits[0].coefficients[0] = inf"});
}

TEST(PredictionTypes, ParseAndName) {
    for (PredictionType t : {PredictionType::link, PredictionType::response, PredictionType::class_label}) {
        EXPECT_EQ(parse_prediction_type(to_string(t)), t);
    }
    expect_invalid([] { parse_prediction_type("probability"); }, "type", {"probability", "link"});
}

// --- Malformed model files -------------------------------------------------------------------

const std::string valid_model = R"({
  "format": "sparsereg-model",
  "format_version": 1,
  "family": "binomial",
  "alpha": 1.0,
  "standardize": true,
  "intercept": true,
  "n_features": 13,
  "feature_base": 1,
  "labels": {"negative": -1.0, "positive": 1.0},
  "selection": "hand made",
  "fits": [
    {"lambda": 0.1, "intercept": -0.2, "features": [3, 13], "coefficients": [0.5, -1.25]},
    {"lambda": 0.01, "intercept": -0.3, "features": [1, 3, 13], "coefficients": [0.25, 0.75, -2]}
  ]
}
)";

// valid_model with `from` replaced (once, and it must occur) by `to`.
std::string with(const std::string& from, const std::string& to, std::string text = valid_model) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos) {
        ADD_FAILURE() << "'" << from << "' not in the model text";
        return text;
    }
    return text.replace(at, from.size(), to);
}

void expect_bad_model(const std::string& text, const std::vector<std::string>& fragments) {
    expect_invalid([&] { model_from_json(text, "m.json"); }, "m.json", fragments);
}

// The column is that of the last byte nlohmann read: the end of the offending token.
void expect_not_json(const std::string& text, std::int64_t line, std::int64_t column,
                     const std::string& fragment) {
    try {
        model_from_json(text, "m.json");
        ADD_FAILURE() << "expected ParseError for:\n" << text;
    } catch (const ParseError& e) {
        EXPECT_EQ(e.file(), "m.json");
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.column(), column) << e.what();
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
}

TEST(ModelFromJson, TheValidModelReads) {
    const Model model = model_from_json(valid_model, "m.json");
    EXPECT_EQ(model.family, Family::binomial);
    ASSERT_EQ(model.fits.size(), 2u);
    EXPECT_EQ(model.fits[1].features, (std::vector<std::int64_t>{0, 2, 12}));  // 0-based in memory
    EXPECT_EQ(model.fits[1].coefficients[2], -2.0);
    EXPECT_EQ(model.labels->negative, -1.0);
    EXPECT_EQ(model.selection, "hand made");
    // labels and selection are optional.
    const Model bare = model_from_json(
        with("  \"labels\": {\"negative\": -1.0, \"positive\": 1.0},\n  \"selection\": \"hand made\",\n",
             ""),
        "m.json");
    EXPECT_FALSE(bare.labels.has_value());
    EXPECT_EQ(bare.selection, "");
}

TEST(ModelFromJson, NotJsonGivesLineAndColumn) {
    expect_not_json("", 1, 1, "end of input");
    expect_not_json("{\"format\": \"sparsereg-model\",\n  \"alpha\": tru,\n}", 2, 15, "invalid literal");
    expect_not_json(with("\"coefficients\": [0.5, -1.25]", "\"coefficients\": [0.5 -1.25]"), 13, 86,
                    "expected ']'");
    expect_not_json(with("\"alpha\": 1.0", "\"alpha\": 1e400"), 5, 12, "overflow");
    expect_not_json(with("\"alpha\": 1.0", "\"alpha\": NaN"), 5, 12, "invalid literal");
}

TEST(ModelFromJson, WrongFormatOrVersion) {
    expect_bad_model("[1, 2]", {"must be a JSON object"});
    expect_bad_model(with("\"sparsereg-model\"", "\"glmnet-model\""), {"format = \"glmnet-model\"", "not a sparsereg model"});
    expect_bad_model(with("  \"format\": \"sparsereg-model\",\n", ""), {"missing key \"format\""});
    expect_bad_model(with("\"format_version\": 1", "\"format_version\": 2"),
                     {"format_version = 2", "newer sparsereg", "upgrade"});
    expect_bad_model(with("\"format_version\": 1", "\"format_version\": 0"), {"format_version = 0"});
    expect_bad_model(with("\"format_version\": 1", "\"format_version\": \"1\""),
                     {"format_version = \"1\"", "integer"});
}

TEST(ModelFromJson, MissingUnknownAndMistypedKeys) {
    expect_bad_model(with("  \"alpha\": 1.0,\n", ""), {"missing key \"alpha\""});
    expect_bad_model(with("\"lambda\": 0.1, ", ""), {"missing key \"fits[0].lambda\""});
    expect_bad_model(with("{\"negative\": -1.0, ", "{"), {"missing key \"labels.negative\""});
    expect_bad_model(with("\"alpha\": 1.0", "\"alpha\": 1.0, \"aplha\": 1"), {"unknown key \"aplha\""});
    expect_bad_model(with("\"lambda\": 0.01", "\"lamda\": 0.2, \"lambda\": 0.01"),
                     {"unknown key \"fits[1].lamda\""});
    expect_bad_model(with("\"alpha\": 1.0", "\"alpha\": \"1\""), {"alpha = \"1\"", "must be a number"});
    expect_bad_model(with("\"standardize\": true", "\"standardize\": 1"), {"standardize = 1", "true or false"});
    expect_bad_model(with("\"n_features\": 13", "\"n_features\": 13.5"), {"n_features = 13.5", "integer"});
    expect_bad_model(with("\"selection\": \"hand made\"", "\"selection\": 3"), {"selection = 3", "string"});
    expect_bad_model(with("\"features\": [3, 13]", "\"features\": 3"), {"fits[0].features = 3", "array"});
    expect_bad_model(with("\"features\": [3, 13]", "\"features\": [3, \"13\"]"),
                     {"fits[0].features[1] = \"13\"", "integer"});
    expect_bad_model(with("\"features\": [3, 13]", "\"features\": [3, 13.0]"),
                     {"fits[0].features[1] = 13.0", "integer"});
    expect_bad_model(with("[0.5, -1.25]", "[0.5, null]"), {"fits[0].coefficients[1] = null", "number"});
    expect_bad_model(with("\"fits\": [", "\"fits\": [7, "), {"fits[0] = 7", "object"});
    expect_bad_model(with("{\"negative\": -1.0, \"positive\": 1.0}", "[1]"), {"labels = [1]", "object"});
}

TEST(ModelFromJson, ValuesOutsideTheirRules) {
    expect_bad_model(with("\"binomial\"", "\"poisson\""), {"family = \"poisson\"", "unknown family"});
    expect_bad_model(with("\"alpha\": 1.0", "\"alpha\": 1.5"), {"alpha = 1.5", "[0, 1]"});
    expect_bad_model(with("\"alpha\": 1.0", "\"alpha\": -0.1"), {"alpha = -0.1"});
    expect_bad_model(with("\"n_features\": 13", "\"n_features\": 0"), {"n_features = 0", ">= 1"});
    expect_bad_model(with("\"feature_base\": 1", "\"feature_base\": 2"), {"feature_base = 2", "0 or 1"});
    expect_bad_model(with("[3, 13]", "[3, 14]"),
                     {"fits[0].features[1] = 14", "outside [1, 13]", "n_features = 13"});
    expect_bad_model(with("[1, 3, 13]", "[0, 3, 13]"), {"fits[1].features[0] = 0", "outside [1, 13]"});
    expect_bad_model(with("\"feature_base\": 1", "\"feature_base\": 0"),
                     {"fits[0].features[1] = 13", "outside [0, 12]"});
    expect_bad_model(with("[3, 13]", "[3, 3]"), {"fits[0].features[1] = 3", "increase strictly"});
    expect_bad_model(with("[3, 13]", "[13, 3]"), {"fits[0].features[1] = 3", "not above", "13"});
    expect_bad_model(with("[0.5, -1.25]", "[0.5]"), {"fits[0]: 2 features but 1 coefficients"});
    expect_bad_model(with("\"fits\": [\n    {\"lambda\": 0.1, \"intercept\": -0.2, \"features\": [3, 13], "
                          "\"coefficients\": [0.5, -1.25]},\n    {\"lambda\": 0.01, \"intercept\": -0.3, "
                          "\"features\": [1, 3, 13], \"coefficients\": [0.25, 0.75, -2]}\n  ]",
                          "\"fits\": []"),
                     {"fits: empty"});
    expect_bad_model(with("\"lambda\": 0.01", "\"lambda\": 0.1"),
                     {"fits[1].lambda = 0.1", "not below fits[0].lambda = 0.1", "decrease strictly"});
    expect_bad_model(with("\"lambda\": 0.01", "\"lambda\": 0.5"), {"fits[1].lambda = 0.5"});
    expect_bad_model(with("\"lambda\": 0.1", "\"lambda\": 0"), {"fits[0].lambda = 0", "> 0"});
    expect_bad_model(with("\"lambda\": 0.1", "\"lambda\": -3"), {"fits[0].lambda = -3"});
    expect_bad_model(with("\"binomial\"", "\"gaussian\""), {"labels", "gaussian"});
    expect_bad_model(with("\"negative\": -1.0", "\"negative\": 1"), {"labels", "both 1"});
}

TEST(ValidateModel, InMemoryRulesNameTheKey) {
    Model model = three_fits();
    EXPECT_NO_THROW(validate_model(model));
    model.fits[2].coefficients[1] = std::nan("");
    expect_invalid([&] { validate_model(model); }, "model", {"fits[2].coefficients[1] = nan"});
    expect_invalid([&] { to_json(model); }, "model", {"fits[2].coefficients[1]"});
    model = three_fits();
    model.fits[1].intercept = -std::numeric_limits<double>::infinity();
    expect_invalid([&] { validate_model(model); }, "model", {"fits[1].intercept = -inf"});
    model = three_fits();
    model.fits[0].features[0] = 6;
    expect_invalid([&] { validate_model(model); }, "model", {"fits[0].features[0] = 6", "outside [0, 5]"});
    model = three_fits();
    model.fits.clear();
    expect_invalid([&] { validate_model(model); }, "model", {"fits: empty"});
    model = three_fits();
    model.labels = ClassLabels{0.0, std::numeric_limits<double>::infinity()};
    expect_invalid([&] { validate_model(model); }, "model", {"labels"});
}

}  // namespace
}  // namespace sparsereg
