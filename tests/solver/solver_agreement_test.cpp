// Coordinate descent and proximal gradient (FISTA) are two routes to one
// optimum: on every datafit × penalty × option set both must certify the same
// objective at every λ, and FISTA's points must pass the independent KKT check.
// So must plain coordinate descent: without the strong rule's working sets,
// support Newton steps and Anderson extrapolation.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/io/binary_labels.hpp"
#include "sparsereg/io/svmlight.hpp"

namespace sparsereg {
namespace {

using testing::check_optimality;
using testing::load_problem;
using testing::Problem;

enum class Variant { plain, raw_no_intercept, weighted_factors_limits };

struct Case {
    const char* file;
    Family family;
};

class SolverAgreement : public ::testing::TestWithParam<std::tuple<Case, double, Variant>> {};

FitOptions options_for(Family family, double alpha, Variant variant, const Problem& prob) {
    FitOptions o;
    o.family = family;
    o.alpha = alpha;
    o.nlambda = 20;
    o.lambda_min_ratio = 1e-2;
    o.tol = 1e-10;
    const std::size_t n = prob.y.size();
    const std::size_t p = prob.dense[0].size();
    switch (variant) {
        case Variant::plain: break;
        case Variant::raw_no_intercept:
            o.standardize = false;
            o.intercept = false;
            break;
        case Variant::weighted_factors_limits:
            o.weights.resize(n);
            for (std::size_t i = 0; i < n; ++i) o.weights[i] = 0.5 + static_cast<double>(i % 4);
            o.penalty_factors.assign(p, 1.0);
            o.penalty_factors[0] = 0.0;  // one unpenalized feature
            o.penalty_factors[1] = 3.0;
            o.lower_limits.assign(p, -0.3);
            o.upper_limits.assign(p, 0.4);
            break;
    }
    return o;
}

// Two paths over the same grid, both certified at every λ, whose objectives
// agree to `relative`.
void expect_certified_alike(const PathResult& a, const PathResult& b, double relative) {
    ASSERT_EQ(a.points.size(), b.points.size());
    for (std::size_t k = 0; k < a.points.size(); ++k) {
        ASSERT_EQ(a.points[k].status, Status::converged) << "first path, λ index " << k;
        ASSERT_EQ(b.points[k].status, Status::converged) << "second path, λ index " << k;
        EXPECT_NEAR(a.points[k].objective, b.points[k].objective, relative * std::abs(b.points[k].objective))
            << "λ index " << k;
    }
}

std::int64_t total_passes(const PathResult& path) {
    std::int64_t passes = 0;
    for (const auto& point : path.points) passes += point.epochs;
    return passes;
}

// rcv1's text with its labels coded 0/1.
struct Rcv1 {
    LabeledData<double, std::int32_t> data;
    std::vector<double> y;
};

Rcv1 load_rcv1() {
    auto data = read_svmlight<double, std::int32_t>(std::filesystem::path(SPARSEREG_DATASETS_DIR) /
                                                    "rcv1_vw_small_train.binary.svm.xz");
    std::vector<double> y = to_binary_labels(data.y).y;
    return {std::move(data), std::move(y)};
}

// rcv1's standardized logistic Lasso path of 40 λ, at the defaults and
// with one of FitOptions' solver switches off.
std::pair<PathResult, PathResult> rcv1_lasso_with_and_without(bool FitOptions::*switch_off) {
    const Rcv1 rcv1 = load_rcv1();
    FitOptions o;
    o.family = Family::binomial;
    o.nlambda = 40;
    o.early_stop = false;
    PathResult with = fit_path(rcv1.data.X.view(), rcv1.y, o);
    o.*switch_off = false;
    PathResult without = fit_path(rcv1.data.X.view(), rcv1.y, o);
    return {std::move(with), std::move(without)};
}

TEST_P(SolverAgreement, SameCertifiedOptimumAtEveryLambda) {
    const auto& [c, alpha, variant] = GetParam();
    const Problem prob = load_problem(c.file, c.family);
    FitOptions o = options_for(c.family, alpha, variant, prob);
    const PathResult cd = fit_path(prob.X.view(), prob.y, o);
    ASSERT_GE(cd.points.size(), 5u);
    // The same grid for both, whatever early stopping did.
    o.lambdas.clear();
    for (const auto& point : cd.points) o.lambdas.push_back(point.lambda);
    o.solver = Solver::proximal_gradient;
    const PathResult fista = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(fista.points.size(), cd.points.size());
    o.solver = Solver::coordinate_descent;
    o.screening = false;
    o.support_newton = false;
    o.anderson = false;
    const PathResult plain = fit_path(prob.X.view(), prob.y, o);
    expect_certified_alike(cd, plain, 1e-9);
    for (std::size_t k = 0; k < cd.points.size(); ++k) {
        const PathPoint& a = cd.points[k];
        const PathPoint& b = fista.points[k];
        ASSERT_EQ(a.status, Status::converged) << "cd, λ index " << k;
        ASSERT_EQ(b.status, Status::converged) << "fista, λ index " << k;
        EXPECT_NEAR(b.objective, a.objective, 1e-9 * std::abs(a.objective)) << "λ index " << k;
        const auto opt = check_optimality(prob, o, b);
        EXPECT_LE(opt.max_violation_over_lambda, 1e-4) << "λ index " << k;
        EXPECT_LE(opt.intercept_gradient, 1e-9) << "λ index " << k;
    }
}

std::string agreement_name(const ::testing::TestParamInfo<SolverAgreement::ParamType>& info) {
    const auto& [c, alpha, variant] = info.param;
    std::string name = c.file;
    name = name.substr(0, name.find('.'));
    const char* suffix = variant == Variant::plain              ? "plain"
                         : variant == Variant::raw_no_intercept ? "raw_noicpt"
                                                                : "weights_factors_limits";
    return name + "_alpha" + std::to_string(static_cast<int>(alpha * 100)) + "_" + suffix;
}

INSTANTIATE_TEST_SUITE_P(
    Solvers, SolverAgreement,
    ::testing::Combine(
        ::testing::Values(Case{"glmnet_quickstart_sim.regression.svm.xz", Family::gaussian},
                          Case{"prostate_lpsa.regression.svm.xz", Family::gaussian},
                          Case{"glmnet_binomial_sim.binary.svm.xz", Family::binomial},
                          Case{"heart_scale.binary.svm.xz", Family::binomial}),
        ::testing::Values(1.0, 0.5, 0.0),
        ::testing::Values(Variant::plain, Variant::raw_no_intercept,
                          Variant::weighted_factors_limits)),
    agreement_name);

// Sonar at small λ is nearly separable: coordinate passes crawl there, and
// the exact solves of the model must reach the same certified optimum with
// far fewer passes (counted, not timed).
TEST(SupportNewton, NearSeparableSameOptimumInFewerPasses) {
    const Problem prob = load_problem("sonar.binary.svm.xz", Family::binomial);
    FitOptions o;
    o.family = Family::binomial;
    o.nlambda = 60;
    o.lambda_min_ratio = 1e-3;
    o.early_stop = false;
    const PathResult newton = fit_path(prob.X.view(), prob.y, o);
    o.support_newton = false;
    const PathResult plain = fit_path(prob.X.view(), prob.y, o);
    // Both certified to a relative gap of 1e-7, so they agree to twice that.
    expect_certified_alike(newton, plain, 2e-7);
    for (std::size_t k = 0; k < newton.points.size(); ++k) {
        const auto opt = check_optimality(prob, o, newton.points[k]);
        EXPECT_LE(opt.max_violation_over_lambda, 1e-3) << "λ index " << k;
    }
    EXPECT_LT(2 * total_passes(newton), total_passes(plain));
}

// Bloodbrain's 134 molecular descriptors are strongly collinear: at small λ
// plain coordinate passes stalled at relative gaps up to 0.58. With the exact
// solves of the model every λ must be certified and pass the independent
// dense KKT check.
TEST(SupportNewton, CollinearGaussianCertifiedAtEveryLambda) {
    const Problem prob = load_problem("bloodbrain_logbbb.regression.svm.xz", Family::gaussian);
    FitOptions o;
    o.family = Family::gaussian;
    o.lambda_min_ratio = 1e-4;
    o.early_stop = false;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(path.points.size(), 100u);
    for (std::size_t k = 0; k < path.points.size(); ++k) {
        const PathPoint& point = path.points[k];
        ASSERT_EQ(point.status, Status::converged) << "λ index " << k;
        const auto opt = check_optimality(prob, o, point);
        EXPECT_LE(opt.max_violation_over_lambda, 1e-4) << "λ index " << k;
        EXPECT_LE(opt.intercept_gradient, 1e-9) << "λ index " << k;
    }
}

// rcv1's text at α 0.5 and small λ has a thousand nonzeros, more than one
// exact solve of the model takes (its duplicated columns also make that
// matrix singular): there the solves take blocks of the coordinates that
// moved the most, and passes over the active set go on between them. They
// must reach the optimum plain passes reach, at every λ; the two certified
// to a relative gap of 1e-7 agree to twice that.
TEST(SupportNewton, BlockSolvesOnLargeSupportsSameOptimumAsPlainPasses) {
    const Rcv1 rcv1 = load_rcv1();
    FitOptions o;
    o.family = Family::binomial;
    o.alpha = 0.5;
    o.nlambda = 30;
    o.lambda_min_ratio = 1e-2;
    o.early_stop = false;
    const PathResult newton = fit_path(rcv1.data.X.view(), rcv1.y, o);
    o.support_newton = false;
    const PathResult plain = fit_path(rcv1.data.X.view(), rcv1.y, o);
    ASSERT_EQ(newton.points.size(), 30u);
    // Far more nonzeros than a whole solve of these columns may have.
    EXPECT_GT(newton.points.back().df, 800);
    expect_certified_alike(newton, plain, 2e-7);
}

// finefoods' standardized Lasso at small λ: the passes over two thousand
// rare words crawl (one coordinate drifting towards 0 with the coordinates
// it is coupled to), a model's passes run out of a check's budget, and from
// then on the block solves grow (to 399 here). They must reach the
// optimum plain passes reach, at every λ. The grid's first 80 λ of 100
// (λ_max down to λ_max / 39) take in the first crawls. From
// ../shared/datasets, skipped where it is not.
TEST(SupportNewton, LargestBlocksAfterACrawlSameOptimumAsPlainPasses) {
    const auto file = std::filesystem::path(SPARSEREG_SHARED_DATASETS_DIR) / "finefoods_tfidf_train.binary.svm.xz";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " is not here";
    const auto data = read_svmlight<double, std::int32_t>(file);
    const std::vector<double> y = to_binary_labels(data.y).y;
    FitOptions o;
    o.family = Family::binomial;
    o.nlambda = 80;
    o.lambda_min_ratio = std::pow(1e-2, 79.0 / 99.0);
    o.early_stop = false;
    const PathResult newton = fit_path(data.X.view(), y, o);
    o.support_newton = false;
    const PathResult plain = fit_path(data.X.view(), y, o);
    ASSERT_EQ(newton.points.size(), 80u);
    expect_certified_alike(newton, plain, 2e-7);
}

// rcv1's standardized Lasso: passes over a few hundred rare, correlated
// words converge linearly and slowly, which Anderson extrapolation of their
// iterates cuts short. Same certified optimum, far fewer passes (counted,
// not timed; the race's path took 6,536 instead of 25,829).
TEST(AndersonExtrapolation, SameOptimumInFewerPasses) {
    const auto [anderson, plain] = rcv1_lasso_with_and_without(&FitOptions::anderson);
    ASSERT_EQ(anderson.points.size(), 40u);
    expect_certified_alike(anderson, plain, 2e-7);
    EXPECT_LT(2 * total_passes(anderson), total_passes(plain));
}

// Each λ starting on the secant through the last two solutions: the same
// certified optimum, in fewer passes than from the last solution alone
// (2,681 against 3,049 when written).
TEST(PathPrediction, SameOptimumInFewerPasses) {
    const auto [predicted, plain] = rcv1_lasso_with_and_without(&FitOptions::path_prediction);
    ASSERT_EQ(predicted.points.size(), 40u);
    expect_certified_alike(predicted, plain, 2e-7);
    EXPECT_LT(total_passes(predicted), total_passes(plain));
}

}  // namespace
}  // namespace sparsereg
