// Optimality of every point of every path, judged by an independent dense
// computation of the KKT conditions, over datafit × penalty × options.

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <string>
#include <tuple>

#include "path/path_test_support.hpp"
#include "sparsereg/api/fit.hpp"

namespace sparsereg {
namespace {

using testing::check_optimality;
using testing::load_problem;
using testing::Problem;

struct Case {
    const char* file;
    Family family;
};

// The certificate bounds the objective error by tol × P; coefficient and
// gradient errors are only O(sqrt(tol × P / μ)) for curvature μ, so the
// independent KKT check runs at a tighter tol and allows the square root.
constexpr double tight_tol = 1e-12;
constexpr double kkt_tolerance = 1e-4;

class PathOptimality
    : public ::testing::TestWithParam<std::tuple<Case, double, bool, bool>> {};

TEST_P(PathOptimality, EveryPointSatisfiesKktAndItsCertificate) {
    const auto& [c, alpha, standardize, intercept] = GetParam();
    const Problem prob = load_problem(c.file, c.family);
    FitOptions o;
    o.family = c.family;
    o.alpha = alpha;
    o.standardize = standardize;
    o.intercept = intercept;
    o.nlambda = 30;
    o.lambda_min_ratio = 1e-2;  // short of near-separation, where CD crawls (sonar)
    o.tol = tight_tol;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_GE(path.points.size(), 5u);
    if (alpha > 0) {
        EXPECT_TRUE(path.points.front().features.empty()) << "λ_max must give an all-zero fit";
    }
    for (std::size_t k = 0; k < path.points.size(); ++k) {
        const PathPoint& point = path.points[k];
        ASSERT_EQ(point.status, Status::converged) << "λ index " << k;
        ASSERT_TRUE(std::isfinite(point.objective));
        EXPECT_LE(point.duality_gap, tight_tol * point.objective) << "λ index " << k;
        const auto opt = check_optimality(prob, o, point);
        EXPECT_LE(opt.max_violation_over_lambda, kkt_tolerance) << "λ index " << k;
        EXPECT_LE(opt.intercept_gradient, 1e-9) << "λ index " << k;
        if (k > 0) {
            EXPECT_GE(point.dev_ratio, path.points[k - 1].dev_ratio - 1e-9) << "λ index " << k;
        }
    }
}

std::string path_case_name(const ::testing::TestParamInfo<PathOptimality::ParamType>& info) {
    const auto& [c, alpha, standardize, intercept] = info.param;
    std::string name = c.file;
    name = name.substr(0, name.find('.'));
    return name + "_alpha" + std::to_string(static_cast<int>(alpha * 100)) +
           (standardize ? "_std" : "_raw") + (intercept ? "_icpt" : "_noicpt");
}

INSTANTIATE_TEST_SUITE_P(
    Paths, PathOptimality,
    ::testing::Combine(
        ::testing::Values(Case{"glmnet_quickstart_sim.regression.svm.xz", Family::gaussian},
                          Case{"prostate_lpsa.regression.svm.xz", Family::gaussian},
                          Case{"glmnet_binomial_sim.binary.svm.xz", Family::binomial},
                          Case{"heart_scale.binary.svm.xz", Family::binomial},
                          Case{"sonar.binary.svm.xz", Family::binomial}),
        ::testing::Values(1.0, 0.5, 0.05, 0.0), ::testing::Bool(), ::testing::Bool()),
    path_case_name);

FitOptions small_path(Family family) {
    FitOptions o;
    o.family = family;
    o.nlambda = 25;
    o.lambda_min_ratio = 1e-2;
    o.tol = tight_tol;
    return o;
}

void expect_all_optimal(const Problem& prob, const FitOptions& o, const PathResult& path) {
    ASSERT_FALSE(path.points.empty());
    for (std::size_t k = 0; k < path.points.size(); ++k) {
        ASSERT_EQ(path.points[k].status, Status::converged) << "λ index " << k;
        const auto opt = check_optimality(prob, o, path.points[k]);
        EXPECT_LE(opt.max_violation_over_lambda, kkt_tolerance) << "λ index " << k;
        EXPECT_LE(opt.intercept_gradient, 1e-9) << "λ index " << k;
    }
}

TEST(PathOptions, SampleWeightsAndPenaltyFactors) {
    for (Family family : {Family::gaussian, Family::binomial}) {
        const Problem prob = load_problem(family == Family::gaussian
                                              ? "glmnet_quickstart_sim.regression.svm.xz"
                                              : "glmnet_binomial_sim.binary.svm.xz",
                                          family);
        FitOptions o = small_path(family);
        o.alpha = 0.7;
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> weight(0.2, 3.0);
        for (std::size_t i = 0; i < prob.y.size(); ++i) o.weights.push_back(weight(rng));
        o.weights[3] = 0.0;
        o.penalty_factors.assign(static_cast<std::size_t>(prob.X.cols()), 1.0);
        o.penalty_factors[0] = 0.0;  // unpenalized: in the model from λ_max on
        o.penalty_factors[1] = 2.5;
        const PathResult path = fit_path(prob.X.view(), prob.y, o);
        expect_all_optimal(prob, o, path);
        const auto& first = path.points.front();
        ASSERT_EQ(first.features.size(), 1u);
        EXPECT_EQ(first.features[0], 0);
        // The gap is undefined with an unpenalized feature; KKT certifies instead.
        EXPECT_TRUE(std::isnan(first.duality_gap));
        EXPECT_LE(first.kkt_violation, o.tol);
    }
}

TEST(PathOptions, IntegerWeightsEqualRepeatedRows) {
    // A row of weight 2 is the same row given twice: weights are normalized
    // to sum to n, so both objectives are identical up to a constant factor.
    for (Family family : {Family::gaussian, Family::binomial}) {
        const Problem prob = load_problem(family == Family::gaussian
                                              ? "prostate_lpsa.regression.svm.xz"
                                              : "heart_scale.binary.svm.xz",
                                          family);
        const auto v = prob.X.view();
        std::vector<std::int32_t> indptr{0}, indices;
        std::vector<double> values, y, weights;
        for (std::int32_t i = 0; i < v.rows(); ++i) {
            const int copies = 1 + i % 3;
            weights.push_back(copies);
            for (int c = 0; c < copies; ++c) {
                indices.insert(indices.end(), v.row_indices(i).begin(), v.row_indices(i).end());
                values.insert(values.end(), v.row_values(i).begin(), v.row_values(i).end());
                indptr.push_back(static_cast<std::int32_t>(indices.size()));
                y.push_back(prob.y[static_cast<std::size_t>(i)]);
            }
        }
        const CsrMatrix<double, std::int32_t> repeated(static_cast<std::int32_t>(y.size()),
                                                       v.cols(), indptr, indices, values);
        FitOptions o = small_path(family);
        o.alpha = 0.5;
        o.tol = 1e-10;
        const PathResult by_rows = fit_path(repeated.view(), y, o);
        o.weights = weights;
        const PathResult by_weights = fit_path(v, prob.y, o);
        ASSERT_EQ(by_rows.points.size(), by_weights.points.size());
        EXPECT_NEAR(by_rows.lambda_max, by_weights.lambda_max, 1e-12 * by_rows.lambda_max);
        for (std::size_t k = 0; k < by_rows.points.size(); ++k) {
            const auto a = testing::dense_beta(by_rows.points[k], v.cols());
            const auto b = testing::dense_beta(by_weights.points[k], v.cols());
            for (std::size_t j = 0; j < a.size(); ++j) {
                EXPECT_NEAR(a[j], b[j], 1e-5 * (1 + std::abs(a[j]))) << "λ " << k << " j " << j;
            }
            EXPECT_NEAR(by_rows.points[k].intercept, by_weights.points[k].intercept,
                        1e-5 * (1 + std::abs(by_rows.points[k].intercept)));
        }
    }
}

TEST(PathOptions, NonNegativeLassoAndBoxLimits) {
    const Problem prob = load_problem("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian);
    const auto p = static_cast<std::size_t>(prob.X.cols());
    FitOptions o = small_path(Family::gaussian);
    o.lower_limits.assign(p, 0.0);
    PathResult path = fit_path(prob.X.view(), prob.y, o);
    expect_all_optimal(prob, o, path);
    bool some_clamped = false;
    for (const auto& point : path.points) {
        for (double b : point.coefficients) EXPECT_GT(b, 0.0);
        some_clamped |= point.df < path.points.back().df;
    }
    EXPECT_TRUE(some_clamped);
    // A two-sided box that binds: |β_j| ≤ 0.3.
    o.lower_limits.assign(p, -0.3);
    o.upper_limits.assign(p, 0.3);
    path = fit_path(prob.X.view(), prob.y, o);
    expect_all_optimal(prob, o, path);
    bool hit_bound = false;
    for (const auto& point : path.points) {
        for (double b : point.coefficients) {
            EXPECT_LE(std::abs(b), 0.3 + 1e-12);
            hit_bound |= std::abs(b) == 0.3;
        }
    }
    EXPECT_TRUE(hit_bound);
}

TEST(PathOptions, ScreeningNeverChangesTheSolution) {
    for (Family family : {Family::gaussian, Family::binomial}) {
        const Problem prob = load_problem(family == Family::gaussian
                                              ? "glmnet_quickstart_sim.regression.svm.xz"
                                              : "sonar.binary.svm.xz",
                                          family);
        FitOptions o = small_path(family);
        o.tol = 1e-10;
        o.early_stop = false;
        const PathResult screened = fit_path(prob.X.view(), prob.y, o);
        o.screening = false;
        const PathResult full = fit_path(prob.X.view(), prob.y, o);
        ASSERT_EQ(screened.points.size(), full.points.size());
        for (std::size_t k = 0; k < full.points.size(); ++k) {
            EXPECT_EQ(screened.points[k].features, full.points[k].features) << "λ " << k;
            const double scale = std::abs(full.points[k].objective);
            EXPECT_NEAR(screened.points[k].objective, full.points[k].objective, 1e-9 * scale);
        }
    }
}

TEST(PathOptions, SameBitsForAnyThreadCount) {
    const Problem prob = load_problem("sonar.binary.svm.xz", Family::binomial);
    FitOptions o = small_path(Family::binomial);
    o.threads = 1;
    const PathResult one = fit_path(prob.X.view(), prob.y, o);
    for (int threads : {2, 8}) {
        o.threads = threads;
        const PathResult many = fit_path(prob.X.view(), prob.y, o);
        ASSERT_EQ(one.points.size(), many.points.size());
        for (std::size_t k = 0; k < one.points.size(); ++k) {
            EXPECT_EQ(one.points[k].coefficients, many.points[k].coefficients);
            EXPECT_EQ(one.points[k].intercept, many.points[k].intercept);
            EXPECT_EQ(one.points[k].objective, many.points[k].objective);
        }
    }
}

TEST(PathOptions, FloatStorageReachesTheSameOptimum) {
    const auto d = read_svmlight<float, std::int32_t>(std::filesystem::path(SPARSEREG_DATASETS_DIR) /
                                                      "glmnet_quickstart_sim.regression.svm.xz");
    const Problem prob = load_problem("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian);
    FitOptions o = small_path(Family::gaussian);
    const PathResult single = fit_path(d.X.view(), d.y, o);
    const PathResult dbl = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(single.points.size(), dbl.points.size());
    for (std::size_t k = 0; k < dbl.points.size(); ++k) {
        EXPECT_NEAR(single.points[k].objective, dbl.points[k].objective,
                    1e-5 * dbl.points[k].objective);
    }
}

TEST(PathOptions, UserGridIsFittedAsGivenWithoutEarlyStop) {
    const Problem prob = load_problem("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian);
    FitOptions o = small_path(Family::gaussian);
    o.lambdas = {2.0, 1.0, 0.5, 0.1, 0.01, 0.001, 1e-4, 1e-5};
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(path.points.size(), o.lambdas.size());
    EXPECT_TRUE(path.stopped_early.empty());
    EXPECT_TRUE(path.points[0].features.empty());  // 2.0 > λ_max
    expect_all_optimal(prob, o, path);
}

TEST(PathOptions, DfmaxStopsThePath) {
    const Problem prob = load_problem("glmnet_quickstart_sim.regression.svm.xz", Family::gaussian);
    FitOptions o = small_path(Family::gaussian);
    o.dfmax = 5;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    EXPECT_GT(path.points.back().df, 5);
    EXPECT_LE(path.points[path.points.size() - 2].df, 5);
    EXPECT_NE(path.stopped_early.find("dfmax"), std::string::npos);
}

// Ridge (α = 0) has a closed form: on the standardized, centred columns Z,
//   b = (ZᵀWZ/n + λ I)⁻¹ ZᵀW(y − ȳ)/n,   β_j = b_j / s_j.
TEST(PathClosedForm, RidgeMatchesTheNormalEquations) {
    const Problem prob = load_problem("prostate_lpsa.regression.svm.xz", Family::gaussian);
    const std::size_t n = prob.dense.size(), p = prob.dense[0].size();
    FitOptions o = small_path(Family::gaussian);
    o.alpha = 0.0;
    o.lambdas = {10.0, 1.0, 0.1, 0.01};
    o.tol = 1e-12;
    const PathResult path = fit_path(prob.X.view(), prob.y, o);
    ASSERT_EQ(path.points.size(), 4u);

    std::vector<double> mean(p, 0.0), sd(p, 0.0);
    double ybar = 0;
    for (std::size_t i = 0; i < n; ++i) {
        ybar += prob.y[i] / n;
        for (std::size_t j = 0; j < p; ++j) mean[j] += prob.dense[i][j] / n;
    }
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < p; ++j) sd[j] += std::pow(prob.dense[i][j] - mean[j], 2) / n;
    }
    for (double& s : sd) s = std::sqrt(s);
    Eigen::MatrixXd Z(n, p);
    Eigen::VectorXd centred_y(n);
    for (std::size_t i = 0; i < n; ++i) {
        centred_y(i) = prob.y[i] - ybar;
        for (std::size_t j = 0; j < p; ++j) Z(i, j) = (prob.dense[i][j] - mean[j]) / sd[j];
    }
    const Eigen::MatrixXd gram = Z.transpose() * Z / static_cast<double>(n);
    const Eigen::VectorXd rhs = Z.transpose() * centred_y / static_cast<double>(n);
    for (const PathPoint& point : path.points) {
        const Eigen::MatrixXd system =
            gram + point.lambda * Eigen::MatrixXd::Identity(static_cast<long>(p), static_cast<long>(p));
        const Eigen::VectorXd b = system.ldlt().solve(rhs);
        const auto beta = testing::dense_beta(point, p);
        double intercept = ybar;
        for (std::size_t j = 0; j < p; ++j) {
            const double expected = b(static_cast<long>(j)) / sd[j];
            EXPECT_NEAR(beta[j], expected, 1e-6 * (1 + std::abs(expected)))
                << "λ = " << point.lambda << ", j = " << j;
            intercept -= expected * mean[j];
        }
        EXPECT_NEAR(point.intercept, intercept, 1e-6 * (1 + std::abs(intercept)));
    }
}

}  // namespace
}  // namespace sparsereg
