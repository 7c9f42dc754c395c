#include "sparsereg/io/binary_labels.hpp"

#include <gtest/gtest.h>

#include "support/expect_invalid.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sparsereg/error.hpp"

namespace sparsereg {
namespace {

using testing::expect_invalid;

TEST(BinaryLabels, LargerValueBecomesOne) {
    const std::vector<double> pm{1, -1, -1, 1, -1};
    const BinaryLabels a = to_binary_labels(pm);
    EXPECT_EQ(a.y, (std::vector<double>{1, 0, 0, 1, 0}));
    EXPECT_EQ(a.positive_label, 1);
    EXPECT_EQ(a.negative_label, -1);
    EXPECT_EQ(a.n_positive, 2);
    EXPECT_EQ(a.n_negative, 3);

    const std::vector<double> zero_one{0, 1, 1};
    EXPECT_EQ(to_binary_labels(zero_one).y, (std::vector<double>{0, 1, 1}));
    const std::vector<double> one_two{2, 1, 2};
    EXPECT_EQ(to_binary_labels(one_two).y, (std::vector<double>{1, 0, 1}));
    const std::vector<double> any{-0.5, 7.25};
    EXPECT_EQ(to_binary_labels(any).positive_label, 7.25);
}

TEST(BinaryLabels, NegativeZeroAndZeroAreOneClass) {
    const std::vector<double> labels{-0.0, 1, 0.0};
    const BinaryLabels b = to_binary_labels(labels);
    EXPECT_EQ(b.y, (std::vector<double>{0, 1, 0}));
    EXPECT_EQ(b.n_negative, 2);
}

TEST(BinaryLabels, ExplicitPositiveLabel) {
    const std::vector<double> labels{1, -1, -1};
    const BinaryLabels b = to_binary_labels(labels, -1.0);
    EXPECT_EQ(b.y, (std::vector<double>{0, 1, 1}));
    EXPECT_EQ(b.positive_label, -1);
    EXPECT_EQ(b.negative_label, 1);
    EXPECT_EQ(b.n_positive, 2);
    EXPECT_EQ(b.n_negative, 1);
    expect_invalid([&] { (void)to_binary_labels(labels, 2.0); }, "positive_label",
                   {"2 is not one of the labels", "1, -1"});
    expect_invalid([&] { (void)to_binary_labels(labels, std::nan("")); }, "positive_label",
                   {"finite"});
}

TEST(BinaryLabels, Describe) {
    std::vector<double> labels(270, -1.0);
    for (int i = 0; i < 120; ++i) labels[static_cast<std::size_t>(i) * 2] = 1.0;
    EXPECT_EQ(describe(to_binary_labels(labels)), "1 -> 1 (120 rows), -1 -> 0 (150 rows)");
    const std::vector<double> halves{0.5, 2.5};
    EXPECT_EQ(describe(to_binary_labels(halves, 0.5)), "0.5 -> 1 (1 row), 2.5 -> 0 (1 row)");
}

TEST(BinaryLabels, Errors) {
    expect_invalid([] { (void)to_binary_labels({}); }, "labels", {"is empty"});
    const std::vector<double> one{3, 3, 3};
    expect_invalid([&] { (void)to_binary_labels(one); }, "labels",
                   {"all 3 labels equal 3", "binomial", "two classes"});
    const std::vector<double> three{1, -1, 1, 1, 0, 2};
    expect_invalid([&] { (void)to_binary_labels(three); }, "labels",
                   {"more than two distinct values", "1, -1, 0", "labels[4]"});
    const std::vector<double> nan{1, -1, std::nan("")};
    expect_invalid([&] { (void)to_binary_labels(nan); }, "labels", {"labels[2] is nan"});
    const std::vector<double> inf{1, std::numeric_limits<double>::infinity()};
    expect_invalid([&] { (void)to_binary_labels(inf); }, "labels", {"labels[1] is inf"});
}

}  // namespace
}  // namespace sparsereg
