#include "sparsereg/model/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

const char* to_string(Measure measure) noexcept {
    switch (measure) {
        case Measure::mse: return "mse";
        case Measure::mae: return "mae";
        case Measure::deviance: return "deviance";
        case Measure::misclassification: return "class";
        case Measure::auc: return "auc";
    }
    return "?";
}

Measure parse_measure(std::string_view name) {
    for (Measure m : {Measure::mse, Measure::mae, Measure::deviance, Measure::misclassification,
                      Measure::auc}) {
        if (name == to_string(m)) return m;
    }
    throw InvalidArgument("measure", "unknown measure '" + std::string(name) +
                                         "'; one of mse, mae, deviance (gaussian), deviance, "
                                         "class, auc (binomial)");
}

bool measure_applies(Measure measure, Family family) noexcept {
    switch (measure) {
        case Measure::mse:
        case Measure::mae: return family == Family::gaussian;
        case Measure::deviance: return true;
        case Measure::misclassification:
        case Measure::auc: return family == Family::binomial;
    }
    return false;
}

namespace {

// Pairs (positive, negative) ordered by score, each weighted w_i w_j, ties ½.
double weighted_auc(std::span<const double> y, std::span<const double> eta,
                    std::span<const double> w) {
    std::vector<std::size_t> order(y.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return eta[a] < eta[b]; });
    double negatives_below = 0, total_positive = 0, total_negative = 0, pairs = 0;
    for (std::size_t start = 0; start < order.size();) {
        // One group of tied scores at a time.
        std::size_t end = start;
        double group_positive = 0, group_negative = 0;
        while (end < order.size() && eta[order[end]] == eta[order[start]]) {
            const std::size_t i = order[end];
            (y[i] == 1.0 ? group_positive : group_negative) += w.empty() ? 1.0 : w[i];
            ++end;
        }
        pairs += group_positive * (negatives_below + 0.5 * group_negative);
        negatives_below += group_negative;
        total_positive += group_positive;
        total_negative += group_negative;
        start = end;
    }
    if (!(total_positive > 0 && total_negative > 0)) return std::numeric_limits<double>::quiet_NaN();
    return pairs / (total_positive * total_negative);
}

double per_sample_loss(Measure measure, Family family, double y, double eta) {
    switch (measure) {
        case Measure::mse: return (y - eta) * (y - eta);
        case Measure::mae: return std::abs(y - eta);
        case Measure::deviance: {
            if (family == Family::gaussian) return (y - eta) * (y - eta);
            const double p = std::clamp(Logistic::probability(eta), Logistic::min_probability,
                                        1.0 - Logistic::min_probability);
            return -2.0 * (y * std::log(p) + (1.0 - y) * std::log1p(-p));
        }
        case Measure::misclassification: {
            const double p = Logistic::probability(eta);
            return (y == 1.0 ? p <= 0.5 : p >= 0.5) ? 1.0 : 0.0;
        }
        case Measure::auc: break;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double evaluate_measure(Measure measure, Family family, std::span<const double> y,
                        std::span<const double> eta, std::span<const double> weights) {
    if (!measure_applies(measure, family)) {
        throw InvalidArgument("measure", std::string("'") + to_string(measure) +
                                             "' does not apply to family " + to_string(family));
    }
    if (eta.size() != y.size()) {
        throw InvalidArgument("y", "has " + std::to_string(y.size()) + " values but there are " +
                                       std::to_string(eta.size()) + " predictions");
    }
    if (!weights.empty() && weights.size() != y.size()) {
        throw InvalidArgument("weights", "has " + std::to_string(weights.size()) +
                                             " values but there are " + std::to_string(y.size()) +
                                             " responses");
    }
    double total_weight = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (!(weights[i] >= 0) || !std::isfinite(weights[i])) {
            throw InvalidArgument("weights", "weights[" + std::to_string(i) + "] = " +
                                                 std::to_string(weights[i]) + " must be finite and >= 0");
        }
        total_weight += weights[i];
    }
    if (weights.empty()) total_weight = static_cast<double>(y.size());
    if (!(total_weight > 0)) {
        throw InvalidArgument("weights", y.empty() ? "there are no samples to measure"
                                                   : "are all 0: nothing to measure");
    }
    if (measure == Measure::auc) return weighted_auc(y, eta, weights);
    double sum = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (w != 0.0) sum += w * per_sample_loss(measure, family, y[i], eta[i]);
    }
    return sum / total_weight;
}

}  // namespace sparsereg
