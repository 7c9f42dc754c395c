// FitOptions::tol unset: 1e-9 with a ridge term, where the duality gap is
// close to the true suboptimality, so every λ's objective is within 1e-9
// (relative) of the optimum; 1e-7 for the Lasso and for glmnet's rule.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"

namespace sparsereg {
namespace {

TEST(DefaultTol, DependsOnTheRidgeTermAndTheStoppingRule) {
    FitOptions o;
    EXPECT_EQ(effective_tol(o), 1e-7);
    o.alpha = 0.5;
    EXPECT_EQ(effective_tol(o), 1e-9);
    o.alpha = 0.0;
    EXPECT_EQ(effective_tol(o), 1e-9);
    o.stopping = StoppingRule::glmnet_thresh;
    EXPECT_EQ(effective_tol(o), 1e-7);
    o.tol = 3e-6;
    EXPECT_EQ(effective_tol(o), 3e-6);
    o.stopping = StoppingRule::duality_gap;
    EXPECT_EQ(effective_tol(o), 3e-6);
}

class DefaultTolPath : public ::testing::TestWithParam<std::tuple<std::string, Family, bool>> {};

TEST_P(DefaultTolPath, ElasticNetObjectiveIsWithinOneInABillionOfTheOptimum) {
    const auto& [file, family, standardize] = GetParam();
    const testing::Problem prob = testing::load_problem(file, family);
    FitOptions o;
    o.family = family;
    o.alpha = 0.5;
    o.standardize = standardize;
    o.nlambda = 40;
    o.lambda_min_ratio = 1e-3;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    EXPECT_EQ(path.tol, 1e-9);
    ASSERT_GE(path.points.size(), 10u);

    FitOptions tight = o;
    tight.tol = 1e-13;
    for (const auto& point : path.points) tight.lambdas.push_back(point.lambda);
    const PathResult optimum = fit_path(prob.X.view(), prob.y, tight);
    ASSERT_EQ(optimum.points.size(), path.points.size());

    for (std::size_t k = 0; k < path.points.size(); ++k) {
        const PathPoint& point = path.points[k];
        ASSERT_EQ(point.status, Status::converged) << "λ index " << k;
        EXPECT_LE(point.duality_gap, 1e-9 * point.objective) << "λ index " << k;
        // Recomputed from the coefficients, not the solver's own bookkeeping.
        const double objective = evaluate_objective(prob.X.view(), prob.y, o, point.lambda,
                                                    point.intercept,
                                                    testing::dense_beta(point, prob.dense[0].size()));
        const double best = optimum.points[k].objective;
        EXPECT_LE(objective - best, 1e-9 * std::abs(best)) << "λ index " << k;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Data, DefaultTolPath,
    ::testing::Values(std::make_tuple("diabetes.regression.svm.xz", Family::gaussian, true),
                      std::make_tuple("diabetes.regression.svm.xz", Family::gaussian, false),
                      std::make_tuple("heart_scale.binary.svm.xz", Family::binomial, true),
                      std::make_tuple("sonar.binary.svm.xz", Family::binomial, false)),
    [](const auto& param_info) {
        const std::string file = std::get<0>(param_info.param);
        return file.substr(0, file.find('.')) + (std::get<2>(param_info.param) ? "_std" : "_raw");
    });

TEST(DefaultTol, LassoKeepsTheGlmnetLikeTolerance) {
    const testing::Problem prob = testing::load_problem("diabetes.regression.svm.xz", Family::gaussian);
    FitOptions o;
    o.nlambda = 20;
    EXPECT_EQ(fit_path(prob.X.view(), prob.y, o).tol, 1e-7);
    o.tol = 1e-11;
    EXPECT_EQ(fit_path(prob.X.view(), prob.y, o).tol, 1e-11);
}

}  // namespace
}  // namespace sparsereg
