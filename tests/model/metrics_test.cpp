// The measures of sparsereg/model/metrics.hpp against their definitions,
// written out directly: AUC as a brute-force count over every (positive,
// negative) pair, the losses as plain weighted means.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "sparsereg/model/metrics.hpp"
#include "support/expect_invalid.hpp"

namespace sparsereg {
namespace {

using testing::expect_invalid;

struct Sample {
    std::vector<double> y, eta, w;
};

// Binary labels and scores rounded to a coarse grid, so many scores tie.
Sample binary_sample(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> weight(0.1, 3.0);
    Sample s;
    for (std::size_t i = 0; i < n; ++i) {
        const double y = i % 3 == 0 ? 1.0 : 0.0;
        s.y.push_back(y);
        s.eta.push_back(std::round(2.0 * (noise(rng) + y)) / 2.0);
        s.w.push_back(i % 7 == 0 ? 0.0 : weight(rng));  // some zero weights too
    }
    return s;
}

double brute_force_auc(const Sample& s, bool weighted) {
    double pairs = 0, total = 0;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        if (s.y[i] != 1.0) continue;
        for (std::size_t j = 0; j < s.y.size(); ++j) {
            if (s.y[j] != 0.0) continue;
            const double w = weighted ? s.w[i] * s.w[j] : 1.0;
            total += w;
            pairs += w * (s.eta[i] > s.eta[j] ? 1.0 : s.eta[i] == s.eta[j] ? 0.5 : 0.0);
        }
    }
    return pairs / total;
}

double probability(double eta) { return 1.0 / (1.0 + std::exp(-eta)); }

double weighted_mean(const Sample& s, bool weighted, auto loss) {
    double sum = 0, total = 0;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        const double w = weighted ? s.w[i] : 1.0;
        sum += w * loss(s.y[i], s.eta[i]);
        total += w;
    }
    return sum / total;
}

TEST(Metrics, AucMatchesBruteForcePairCountWithTiesAndWeights) {
    for (unsigned seed : {1u, 2u, 3u}) {
        const Sample s = binary_sample(157, seed);
        // Ties happen: fewer distinct scores than rows.
        std::vector<double> distinct = s.eta;
        std::sort(distinct.begin(), distinct.end());
        ASSERT_LT(std::unique(distinct.begin(), distinct.end()) - distinct.begin(), 40);
        EXPECT_NEAR(evaluate_measure(Measure::auc, Family::binomial, s.y, s.eta),
                    brute_force_auc(s, false), 1e-13);
        EXPECT_NEAR(evaluate_measure(Measure::auc, Family::binomial, s.y, s.eta, s.w),
                    brute_force_auc(s, true), 1e-13);
    }
}

TEST(Metrics, AucEdgeCases) {
    const std::vector<double> y{0, 1, 0, 1};
    EXPECT_EQ(evaluate_measure(Measure::auc, Family::binomial, y, std::vector<double>{0, 1, 0, 1}), 1.0);
    EXPECT_EQ(evaluate_measure(Measure::auc, Family::binomial, y, std::vector<double>{1, 0, 1, 0}), 0.0);
    EXPECT_EQ(evaluate_measure(Measure::auc, Family::binomial, y, std::vector<double>{5, 5, 5, 5}), 0.5);
    // One class only, or one class with no weight: undefined.
    EXPECT_TRUE(std::isnan(evaluate_measure(Measure::auc, Family::binomial, std::vector<double>{1, 1},
                                            std::vector<double>{0, 1})));
    EXPECT_TRUE(std::isnan(evaluate_measure(Measure::auc, Family::binomial, y,
                                            std::vector<double>{0, 1, 0, 1},
                                            std::vector<double>{0, 1, 0, 1})));
}

TEST(Metrics, BinomialDevianceAndClassMatchDirectFormulas) {
    Sample s = binary_sample(120, 9);
    s.eta[0] = 40.0;   // p clamped to 1 − 1e-5
    s.eta[1] = -40.0;  // p clamped to 1e-5
    const auto deviance = [](double y, double eta) {
        const double p = std::clamp(probability(eta), 1e-5, 1.0 - 1e-5);
        return -2.0 * (y * std::log(p) + (1.0 - y) * std::log(1.0 - p));
    };
    const auto misclassified = [](double y, double eta) {
        return (probability(eta) > 0.5) != (y == 1.0) ? 1.0 : 0.0;
    };
    // Scores off the grid for the class measure: p = 0.5 exactly (η = 0) is a
    // tie whose convention is not what this test is about.
    Sample off_grid = s;
    for (double& eta : off_grid.eta) eta += 0.25;
    for (bool weighted : {false, true}) {
        const std::vector<double> w = weighted ? s.w : std::vector<double>{};
        EXPECT_NEAR(evaluate_measure(Measure::deviance, Family::binomial, s.y, s.eta, w),
                    weighted_mean(s, weighted, deviance), 1e-12);
        EXPECT_NEAR(evaluate_measure(Measure::misclassification, Family::binomial, off_grid.y,
                                     off_grid.eta, w),
                    weighted_mean(off_grid, weighted, misclassified), 1e-14);
    }
}

TEST(Metrics, GaussianMeasuresMatchDirectFormulas) {
    std::mt19937 rng(4);
    std::normal_distribution<double> noise(0.0, 2.0);
    Sample s;
    for (int i = 0; i < 90; ++i) {
        s.y.push_back(noise(rng));
        s.eta.push_back(s.y.back() + noise(rng));
        s.w.push_back(1.0 + (i % 4));
    }
    const auto squared = [](double y, double eta) { return (y - eta) * (y - eta); };
    const auto absolute = [](double y, double eta) { return std::abs(y - eta); };
    for (bool weighted : {false, true}) {
        const std::vector<double> w = weighted ? s.w : std::vector<double>{};
        const double mse = evaluate_measure(Measure::mse, Family::gaussian, s.y, s.eta, w);
        EXPECT_NEAR(mse, weighted_mean(s, weighted, squared), 1e-12);
        EXPECT_EQ(evaluate_measure(Measure::deviance, Family::gaussian, s.y, s.eta, w), mse);
        EXPECT_NEAR(evaluate_measure(Measure::mae, Family::gaussian, s.y, s.eta, w),
                    weighted_mean(s, weighted, absolute), 1e-12);
    }
    // Integer weights are repeated rows.
    Sample repeated;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
        for (int r = 0; r < static_cast<int>(s.w[i]); ++r) {
            repeated.y.push_back(s.y[i]);
            repeated.eta.push_back(s.eta[i]);
        }
    }
    EXPECT_NEAR(evaluate_measure(Measure::mae, Family::gaussian, s.y, s.eta, s.w),
                evaluate_measure(Measure::mae, Family::gaussian, repeated.y, repeated.eta), 1e-12);
}

TEST(Metrics, NamesFamiliesAndDirection) {
    for (Measure m : {Measure::mse, Measure::mae, Measure::deviance, Measure::misclassification, Measure::auc}) {
        EXPECT_EQ(parse_measure(to_string(m)), m);
        EXPECT_EQ(higher_is_better(m), m == Measure::auc);
    }
    EXPECT_STREQ(to_string(Measure::misclassification), "class");
    expect_invalid([] { parse_measure("accuracy"); }, "measure", {"accuracy", "deviance"});
    EXPECT_TRUE(measure_applies(Measure::mse, Family::gaussian));
    EXPECT_FALSE(measure_applies(Measure::mse, Family::binomial));
    EXPECT_FALSE(measure_applies(Measure::auc, Family::gaussian));
    EXPECT_TRUE(measure_applies(Measure::deviance, Family::binomial));
    EXPECT_TRUE(measure_applies(Measure::deviance, Family::gaussian));
    EXPECT_EQ(default_measure(Family::binomial), Measure::deviance);
}

TEST(Metrics, ErrorsNameTheArgument) {
    const std::vector<double> y{0, 1, 1}, eta{0.1, 0.2, 0.3};
    expect_invalid([&] { evaluate_measure(Measure::auc, Family::gaussian, y, eta); }, "measure",
                   {"'auc'", "gaussian"});
    expect_invalid([&] { evaluate_measure(Measure::mse, Family::binomial, y, eta); }, "measure",
                   {"'mse'", "binomial"});
    expect_invalid([&] { evaluate_measure(Measure::mse, Family::gaussian, y, std::vector<double>{1, 2}); },
                   "y", {"3 values", "2 predictions"});
    expect_invalid([&] { evaluate_measure(Measure::mse, Family::gaussian, y, eta, std::vector<double>{1}); },
                   "weights", {"1 values", "3 responses"});
    expect_invalid([&] { evaluate_measure(Measure::mae, Family::gaussian, y, eta, std::vector<double>{1, -1, 1}); },
                   "weights", {"weights[1]", ">= 0"});
    expect_invalid([&] { evaluate_measure(Measure::mae, Family::gaussian, y, eta, std::vector<double>{1, NAN, 1}); },
                   "weights", {"weights[1]", "finite"});
    expect_invalid([&] { evaluate_measure(Measure::deviance, Family::binomial, y, eta, std::vector<double>{0, 0, 0}); },
                   "weights", {"all 0"});
    expect_invalid([&] { evaluate_measure(Measure::deviance, Family::gaussian, {}, {}); }, "weights",
                   {"no samples"});
}

}  // namespace
}  // namespace sparsereg
