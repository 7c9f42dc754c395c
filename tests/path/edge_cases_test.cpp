// Degenerate data and bad options: the path must end with a clear status or
// a clear error, never NaN, a hang or an exception from deep inside.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"
#include "sparsereg/error.hpp"
#include "support/dense_matrix.hpp"

namespace sparsereg {
namespace {

using testing::expect_finite;

// A dense n x p matrix as CSR, dropping zeros.
CsrMatrix<double, std::int32_t> csr_from_dense(const std::vector<std::vector<double>>& rows) {
    return testing::csr_from_rows(rows, rows[0].size());
}

TEST(PathEdgeCases, PerfectlySeparableBinomialStopsEarlyWithoutNaN) {
    std::mt19937 rng(1);
    std::normal_distribution<double> normal;
    std::vector<std::vector<double>> rows(60, std::vector<double>(3));
    std::vector<double> y(60);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (double& x : rows[i]) x = normal(rng);
        y[i] = rows[i][0] > 0 ? 1.0 : 0.0;  // separated by the first feature
    }
    const auto X = csr_from_dense(rows);
    FitOptions o;
    o.family = Family::binomial;
    o.lambda_min_ratio = 1e-8;  // far enough for the fit to separate the classes
    const PathResult path = fit_path(X.view(), y, o);
    expect_finite(path);
    EXPECT_EQ(path.stopped_early, "the deviance ratio exceeded 0.999");
    EXPECT_GT(path.points.back().dev_ratio, 0.999);
    for (const auto& point : path.points) EXPECT_NE(point.status, Status::max_iterations);
}

TEST(PathEdgeCases, ExhaustedEpochsKeepThePathSoFarWithAStatus) {
    const auto prob = testing::load_problem("sonar.binary.svm.xz", Family::binomial);
    FitOptions o;
    o.family = Family::binomial;
    o.max_epochs = 5;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_FALSE(path.points.empty());
    EXPECT_EQ(path.points.back().status, Status::max_iterations);
    EXPECT_NE(path.stopped_early.find("max_epochs"), std::string::npos);
    EXPECT_LT(path.points.size(), path.n_lambdas_requested);
    expect_finite(path);
}

TEST(PathEdgeCases, ConstantAndEmptyColumnsNeverEnter) {
    std::mt19937 rng(2);
    std::normal_distribution<double> normal;
    std::vector<std::vector<double>> rows(50, std::vector<double>(4));
    std::vector<double> y(50);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = {normal(rng), 3.0, 0.0, normal(rng)};  // column 1 constant, 2 empty
        y[i] = rows[i][0] - rows[i][3] + 0.1 * normal(rng);
    }
    const auto X = csr_from_dense(rows);
    for (bool intercept : {true, false}) {
        FitOptions o;
        o.intercept = intercept;
        o.early_stop = false;
        const PathResult path = fit_path(X.view(), y, o);
        for (const auto& point : path.points) {
            for (auto j : point.features) EXPECT_TRUE(j == 0 || j == 3) << "feature " << j;
        }
    }
}

TEST(PathEdgeCases, WideDataPGreaterThanN) {
    std::mt19937 rng(3);
    std::normal_distribution<double> normal;
    std::bernoulli_distribution present(0.05);
    std::vector<std::vector<double>> rows(40, std::vector<double>(2000, 0.0));
    std::vector<double> y(40);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (double& x : rows[i]) x = present(rng) ? normal(rng) : 0.0;
        rows[i][7] = normal(rng);
        y[i] = 2 * rows[i][7] + 0.1 * normal(rng);
    }
    testing::Problem prob{csr_from_dense(rows), y, rows};
    FitOptions o;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    EXPECT_EQ(path.points.size() > 1, true);
    expect_finite(path);
    for (const auto& point : path.points) {
        EXPECT_NE(point.status, Status::max_iterations);
        EXPECT_LE(testing::check_optimality(prob, o, point).max_violation_over_lambda, 1e-2);
    }
    EXPECT_EQ(path.points[1].features, std::vector<std::int64_t>{7});
}


TEST(PathEdgeCases, EveryBadOptionNamesItself) {
    const auto prob = testing::load_problem("heart_scale.binary.svm.xz", Family::binomial);
    const auto X = prob.X.view();
    const std::size_t n = prob.y.size(), p = static_cast<std::size_t>(X.cols());
    struct Bad {
        std::string argument;
        std::function<void(FitOptions&, std::vector<double>&)> spoil;
    };
    const std::vector<Bad> cases = {
        {"alpha", [](FitOptions& o, auto&) { o.alpha = 1.5; }},
        {"alpha", [](FitOptions& o, auto&) { o.alpha = std::nan(""); }},
        {"nlambda", [](FitOptions& o, auto&) { o.nlambda = 0; }},
        {"lambda_min_ratio", [](FitOptions& o, auto&) { o.lambda_min_ratio = 1.0; }},
        {"lambdas", [](FitOptions& o, auto&) { o.lambdas = {1.0, 0.5, 0.5}; }},
        {"lambdas", [](FitOptions& o, auto&) { o.lambdas = {1.0, -0.5}; }},
        {"weights", [n](FitOptions& o, auto&) { o.weights.assign(n, 1.0); o.weights[4] = -1; }},
        {"weights", [n](FitOptions& o, auto&) { o.weights.assign(n, 0.0); }},
        {"weights", [n](FitOptions& o, auto&) { o.weights.assign(n - 1, 1.0); }},
        {"penalty_factors", [p](FitOptions& o, auto&) { o.penalty_factors.assign(p, 0.0); }},
        {"penalty_factors", [p](FitOptions& o, auto&) { o.penalty_factors.assign(p, -1.0); }},
        {"lower_limits", [p](FitOptions& o, auto&) { o.lower_limits.assign(p, 0.5); }},
        {"upper_limits", [p](FitOptions& o, auto&) { o.upper_limits.assign(p, -0.5); }},
        {"tol", [](FitOptions& o, auto&) { o.tol = 0.0; }},
        {"max_epochs", [](FitOptions& o, auto&) { o.max_epochs = 0; }},
        {"threads", [](FitOptions& o, auto&) { o.threads = -2; }},
        {"y", [](FitOptions&, std::vector<double>& y) { y[3] = 2.0; }},
        {"y", [](FitOptions&, std::vector<double>& y) { y.assign(y.size(), 1.0); }},
        {"y", [](FitOptions&, std::vector<double>& y) { y.pop_back(); }},
        {"y", [](FitOptions&, std::vector<double>& y) { y[0] = std::nan(""); }},
    };
    for (const Bad& bad : cases) {
        FitOptions o;
        o.family = Family::binomial;
        std::vector<double> y = prob.y;
        bad.spoil(o, y);
        try {
            (void)fit_path(X, y, o);
            ADD_FAILURE() << "no error for a bad " << bad.argument;
        } catch (const InvalidArgument& e) {
            EXPECT_EQ(e.argument(), bad.argument) << e.what();
        }
    }
}

TEST(PathEdgeCases, ConstantResponseIsAClearError) {
    const auto prob = testing::load_problem("diabetes.regression.svm.xz", Family::gaussian);
    const std::vector<double> y(prob.y.size(), 4.0);
    try {
        (void)fit_path(prob.X.view(), y, FitOptions{});
        FAIL() << "expected InvalidArgument";
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(e.argument(), "y");
        EXPECT_NE(std::string(e.what()).find("constant"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace sparsereg
