#include "sparsereg/io/binary_labels.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

// Shortest text that reads back as the same double: labels print as "1", "-1", "0.5".
std::string format_label(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

}  // namespace

BinaryLabels to_binary_labels(std::span<const double> labels,
                              std::optional<double> positive_label) {
    if (labels.empty()) {
        throw InvalidArgument("labels", "is empty; a binomial fit needs labels of two classes");
    }
    if (positive_label && !std::isfinite(*positive_label)) {
        throw InvalidArgument("positive_label",
                              "must be finite, got " + format_label(*positive_label));
    }
    // Distinct values in order of first appearance; -0.0 == 0.0 counts as one.
    double distinct[2] = {0, 0};
    int n_distinct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double v = labels[i];
        if (!std::isfinite(v)) {
            throw InvalidArgument("labels", "labels[" + std::to_string(i) + "] is " +
                                                format_label(v) +
                                                "; binomial labels must be finite");
        }
        if (n_distinct > 0 && v == distinct[0]) continue;
        if (n_distinct > 1 && v == distinct[1]) continue;
        if (n_distinct == 2) {
            throw InvalidArgument(
                "labels", "hold more than two distinct values (" + format_label(distinct[0]) +
                              ", " + format_label(distinct[1]) + ", " + format_label(v) +
                              ", ...; the first " + format_label(v) + " is labels[" +
                              std::to_string(i) + "]); a binomial fit needs exactly two classes");
        }
        distinct[n_distinct++] = v;
    }
    if (n_distinct == 1) {
        throw InvalidArgument("labels", "all " + std::to_string(labels.size()) + " labels equal " +
                                            format_label(distinct[0]) +
                                            "; a binomial fit needs two classes");
    }

    BinaryLabels result;
    if (positive_label) {
        if (*positive_label != distinct[0] && *positive_label != distinct[1]) {
            throw InvalidArgument("positive_label", format_label(*positive_label) +
                                                        " is not one of the labels (" +
                                                        format_label(distinct[0]) + ", " +
                                                        format_label(distinct[1]) + ")");
        }
        result.positive_label = *positive_label;
        result.negative_label = *positive_label == distinct[0] ? distinct[1] : distinct[0];
    } else {
        result.positive_label = std::max(distinct[0], distinct[1]);
        result.negative_label = std::min(distinct[0], distinct[1]);
    }
    result.y.resize(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const bool positive = labels[i] == result.positive_label;
        result.y[i] = positive ? 1.0 : 0.0;
        result.n_positive += positive ? 1 : 0;
    }
    result.n_negative = static_cast<std::int64_t>(labels.size()) - result.n_positive;
    return result;
}

std::string describe(const BinaryLabels& labels) {
    const auto rows = [](std::int64_t n) {
        return std::to_string(n) + (n == 1 ? " row" : " rows");
    };
    return format_label(labels.positive_label) + " -> 1 (" + rows(labels.n_positive) + "), " +
           format_label(labels.negative_label) + " -> 0 (" + rows(labels.n_negative) + ")";
}

}  // namespace sparsereg
