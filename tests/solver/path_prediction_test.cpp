#include "solver/path_prediction.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace sparsereg::detail {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// Solutions at λ = 1 and 0.75 of four features, each recorded from the
// full set {0, 1, 2, 3}.
PathPrediction two_solutions() {
    PathPrediction prediction;
    const std::vector<std::int64_t> set{0, 1, 2, 3};
    prediction.record(1.0, 0.5, std::vector<double>{1.0, 0.0, -2.0, 0.25}, set);
    prediction.record(0.75, 0.7, std::vector<double>{1.5, 0.5, -1.0, -0.25}, set);
    return prediction;
}

TEST(PathPrediction, NoSecantBeforeTwoSolutions) {
    PathPrediction prediction;
    EXPECT_FALSE(prediction.aim(0.5));
    const std::vector<std::int64_t> set{0};
    prediction.record(1.0, 0.0, std::vector<double>{1.0}, set);
    EXPECT_FALSE(prediction.aim(0.5));
}

TEST(PathPrediction, NoSecantAtTheSameLambdaOrFarBeyondTheLastStep) {
    PathPrediction prediction = two_solutions();
    EXPECT_FALSE(prediction.aim(0.75));   // r = 0
    EXPECT_FALSE(prediction.aim(0.875));  // back towards the older solution: r = −0.5
    EXPECT_FALSE(prediction.aim(0.125));  // r = 2.5
    EXPECT_TRUE(prediction.aim(0.25));    // r = 2
}

TEST(PathPrediction, FollowsTheSecantInLambda) {
    PathPrediction prediction = two_solutions();
    ASSERT_TRUE(prediction.aim(0.625));  // r = 0.125 / 0.25 = 0.5
    EXPECT_DOUBLE_EQ(prediction.coefficient(0, 1.5, -inf, inf), 1.75);
    // Entered at the last λ: its older value is 0.
    EXPECT_DOUBLE_EQ(prediction.coefficient(1, 0.5, -inf, inf), 0.75);
    EXPECT_DOUBLE_EQ(prediction.coefficient(2, -1.0, -inf, inf), -0.5);
    EXPECT_DOUBLE_EQ(prediction.intercept(0.7), 0.8);
}

TEST(PathPrediction, NeitherCrossesZeroNorMovesAZeroNorLeavesTheBox) {
    PathPrediction prediction = two_solutions();
    ASSERT_TRUE(prediction.aim(0.25));  // r = 2
    // −0.25 + 2 (−0.25 − 0.25) = −1.25 keeps its sign; −1 + 2 (−1 + 2) = 1 would flip it.
    EXPECT_DOUBLE_EQ(prediction.coefficient(3, -0.25, -inf, inf), -1.25);
    EXPECT_EQ(prediction.coefficient(2, -1.0, -inf, inf), 0.0);
    EXPECT_EQ(prediction.coefficient(1, 0.0, -inf, inf), 0.0);
    EXPECT_DOUBLE_EQ(prediction.coefficient(0, 1.5, 0.0, 2.0), 2.0);  // 2.5 without the box
    EXPECT_DOUBLE_EQ(prediction.coefficient(3, -0.25, -1.0, 0.0), -1.0);
}

TEST(PathPrediction, KeepsOnlyTheSetsNonzeros) {
    PathPrediction prediction;
    // Feature 3 is outside the recorded set: whatever its entry, it counts as 0.
    prediction.record(1.0, 0.0, std::vector<double>{1.0, 0.0, 2.0, 9.0}, std::vector<std::int64_t>{2, 0});
    prediction.record(0.5, 0.0, std::vector<double>{2.0, 0.0, 2.0, 9.0}, std::vector<std::int64_t>{0, 2, 3});
    ASSERT_TRUE(prediction.aim(0.25));  // r = 0.5
    EXPECT_DOUBLE_EQ(prediction.coefficient(0, 2.0, -inf, inf), 2.5);
    EXPECT_DOUBLE_EQ(prediction.coefficient(2, 2.0, -inf, inf), 2.0);
    EXPECT_DOUBLE_EQ(prediction.coefficient(3, 9.0, -inf, inf), 13.5);
}

}  // namespace
}  // namespace sparsereg::detail
