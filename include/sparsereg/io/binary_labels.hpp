#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sparsereg {

// Two-class labels recoded as the {0, 1} response a binomial fit needs.
struct BinaryLabels {
    std::vector<double> y;  // 1 where the label equals positive_label, else 0
    double negative_label = 0;
    double positive_label = 1;
    std::int64_t n_negative = 0;
    std::int64_t n_positive = 0;
};

// Maps a label column holding exactly two distinct values to {0, 1}. By
// default the larger value becomes 1 ({0,1} and {-1,+1} keep their meaning,
// {1,2} maps 2 to 1); `positive_label` picks it explicitly instead.
// Throws InvalidArgument("labels", ...) when the labels are empty, hold a
// NaN or infinity, or have one or more than two distinct values; and
// InvalidArgument("positive_label", ...) when that value is not among them.
BinaryLabels to_binary_labels(std::span<const double> labels,
                              std::optional<double> positive_label = std::nullopt);

// "1 -> 1 (120 rows), -1 -> 0 (150 rows)", for summaries and logs.
std::string describe(const BinaryLabels& labels);

}  // namespace sparsereg
