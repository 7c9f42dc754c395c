// cv_path beyond the cv.glmnet comparison: folds from a seed, stratification,
// thread-count independence, the α grid, lambda_min / lambda_1se by
// definition, and errors that name their option.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/model_selection/cross_validation.hpp"
#include "support/expect_invalid.hpp"

namespace sparsereg {
namespace {

struct Data {
    LabeledData<double, std::int32_t> raw;
    std::vector<double> y;
};

Data load(const char* file, Family family) {
    Data d{read_svmlight<double, std::int32_t>(std::filesystem::path(SPARSEREG_DATASETS_DIR) / file), {}};
    d.y = family == Family::binomial ? to_binary_labels(d.raw.y).y : d.raw.y;
    return d;
}

TEST(Folds, SeededBalancedAndStratified) {
    const Data d = load("heart_scale.binary.svm.xz", Family::binomial);
    CvOptions cv;
    cv.folds = 7;
    cv.seed = 42;
    const auto a = make_folds(d.y, Family::binomial, cv);
    EXPECT_EQ(a, make_folds(d.y, Family::binomial, cv)) << "same seed, same folds";
    cv.seed = 43;
    EXPECT_NE(a, make_folds(d.y, Family::binomial, cv)) << "another seed, other folds";
    std::vector<int> size(8, 0), positives(8, 0);
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_GE(a[i], 1);
        ASSERT_LE(a[i], 7);
        ++size[static_cast<std::size_t>(a[i])];
        if (d.y[i] == 1.0) ++positives[static_cast<std::size_t>(a[i])];
    }
    const auto [small, large] = std::minmax_element(size.begin() + 1, size.end());
    EXPECT_LE(*large - *small, 1);
    const auto [few, many] = std::minmax_element(positives.begin() + 1, positives.end());
    EXPECT_LE(*many - *few, 1) << "each class dealt evenly over the folds";
}

TEST(CrossValidation, SameResultForAnyThreadCount) {
    const Data d = load("glmnet_binomial_sim.binary.svm.xz", Family::binomial);
    FitOptions fit;
    fit.family = Family::binomial;
    fit.nlambda = 30;
    CvOptions cv;
    cv.folds = 5;
    cv.measure = Measure::auc;
    fit.threads = 1;
    const CvResult one = cv_path(d.raw.X.view(), d.y, fit, cv);
    for (int threads : {2, 8}) {
        fit.threads = threads;
        const CvResult many = cv_path(d.raw.X.view(), d.y, fit, cv);
        EXPECT_EQ(one.foldid, many.foldid);
        EXPECT_EQ(one.curves[0].mean, many.curves[0].mean) << threads << " threads";
        EXPECT_EQ(one.curves[0].se, many.curves[0].se) << threads << " threads";
        EXPECT_EQ(one.curves[0].lambda_1se, many.curves[0].lambda_1se);
    }
}

TEST(CrossValidation, ChoicesFollowTheirDefinitions) {
    const Data d = load("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian);
    FitOptions fit;
    CvOptions cv;
    cv.measure = Measure::mse;
    const CvResult r = cv_path(d.raw.X.view(), d.y, fit, cv);
    const CvCurve& c = r.curves[0];
    const double best = *std::min_element(c.mean.begin(), c.mean.end());
    EXPECT_EQ(c.mean[c.index_min], best);
    for (std::size_t l = 0; l < c.index_min; ++l) EXPECT_GT(c.mean[l], best) << "largest λ at the minimum";
    const double bound = best + c.se[c.index_min];
    EXPECT_LE(c.mean[c.index_1se], bound);
    for (std::size_t l = 0; l < c.index_1se; ++l) EXPECT_GT(c.mean[l], bound) << "largest λ within 1 se";
    EXPECT_GE(c.lambda_1se, c.lambda_min);
    EXPECT_EQ(c.lambdas.size(), c.full_fit.points.size());
}

TEST(CrossValidation, AlphaGridPicksTheBestPair) {
    const Data d = load("glmnet_binomial_sim.binary.svm.xz", Family::binomial);
    FitOptions fit;
    fit.family = Family::binomial;
    fit.nlambda = 20;
    CvOptions cv;
    cv.folds = 5;
    cv.alphas = {1.0, 0.5, 0.1};
    const CvResult r = cv_path(d.raw.X.view(), d.y, fit, cv);
    ASSERT_EQ(r.curves.size(), 3u);
    for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(r.curves[c].alpha, cv.alphas[c]);
        const auto& best = r.curves[r.best];
        EXPECT_LE(best.mean[best.index_min], r.curves[c].mean[r.curves[c].index_min]);
    }
}

TEST(CrossValidation, BadOptionsNameThemselves) {
    const Data d = load("heart_scale.binary.svm.xz", Family::binomial);
    FitOptions fit;
    fit.family = Family::binomial;
    CvOptions cv;
    cv.measure = Measure::mse;
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "measure", {"does not apply"});
    cv = {};
    cv.folds = 1;
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "folds", {"between 2"});
    cv = {};
    cv.foldid.assign(d.y.size(), 1);
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "foldid", {"single fold"});
    cv.foldid.assign(d.y.size(), 1);
    cv.foldid[0] = 3;
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "foldid", {"no row in fold 2"});
    cv.foldid.assign(d.y.size() - 1, 1);
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "foldid", {"rows"});
    cv = {};
    cv.alphas = {0.5, 2.0};
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "alphas", {"alphas[1]"});
    // A fold whose training rows hold one class only cannot be fitted.
    cv = {};
    for (double label : d.y) cv.foldid.push_back(label == 1.0 ? 1 : 2);
    testing::expect_invalid([&] { cv_path(d.raw.X.view(), d.y, fit, cv); }, "folds", {"fold 1 cannot be fitted"});
}

}  // namespace
}  // namespace sparsereg
