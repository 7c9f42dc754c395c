// Models from paths, their rules, and glmnet's interpolation between fitted λ.

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "model/model_rules.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/model/model.hpp"

namespace sparsereg {

namespace detail {

void check_model(const Model& model, const std::string& argument, int shown_base) {
    const auto fail = [&argument](const std::string& message) {
        throw InvalidArgument(argument, message);
    };
    if (model.family != Family::gaussian && model.family != Family::binomial) {
        fail("family = " + std::to_string(static_cast<int>(model.family)) +
             ": not gaussian or binomial");
    }
    if (!(model.alpha >= 0.0 && model.alpha <= 1.0)) {
        fail("alpha = " + format_number(model.alpha) + ": must be in [0, 1]");
    }
    if (model.n_features < 1) {
        fail("n_features = " + std::to_string(model.n_features) + ": must be >= 1");
    }
    if (model.feature_base != 0 && model.feature_base != 1) {
        fail("feature_base = " + std::to_string(model.feature_base) + ": must be 0 or 1");
    }
    if (model.labels) {
        const ClassLabels& labels = *model.labels;
        if (model.family != Family::binomial) {
            fail("labels: only a binomial model has class labels; this one is gaussian");
        }
        if (!std::isfinite(labels.negative)) {
            fail("labels.negative = " + format_number(labels.negative) + ": not a finite number");
        }
        if (!std::isfinite(labels.positive)) {
            fail("labels.positive = " + format_number(labels.positive) + ": not a finite number");
        }
        if (labels.negative == labels.positive) {
            fail("labels: negative and positive are both " + format_number(labels.positive) +
                 "; they must differ");
        }
    }
    if (model.fits.empty()) fail("fits: empty; a model holds at least one fit");

    const std::int64_t lowest = shown_base;
    const std::int64_t highest = model.n_features - 1 + shown_base;
    for (std::size_t k = 0; k < model.fits.size(); ++k) {
        const ModelFit& fit = model.fits[k];
        const std::string at = "fits[" + std::to_string(k) + "]";
        if (!(std::isfinite(fit.lambda) && fit.lambda > 0.0)) {
            fail(at + ".lambda = " + format_number(fit.lambda) + ": must be a finite number > 0");
        }
        if (k > 0 && !(fit.lambda < model.fits[k - 1].lambda)) {
            fail(at + ".lambda = " + format_number(fit.lambda) + ": not below fits[" +
                 std::to_string(k - 1) + "].lambda = " + format_number(model.fits[k - 1].lambda) +
                 "; lambda must decrease strictly from fit to fit");
        }
        if (!std::isfinite(fit.intercept)) {
            fail(at + ".intercept = " + format_number(fit.intercept) + ": not a finite number");
        }
        if (fit.features.size() != fit.coefficients.size()) {
            fail(at + ": " + std::to_string(fit.features.size()) + " features but " +
                 std::to_string(fit.coefficients.size()) + " coefficients; they pair up one to one");
        }
        for (std::size_t m = 0; m < fit.features.size(); ++m) {
            const std::int64_t feature = fit.features[m];
            const std::string name = at + ".features[" + std::to_string(m) + "] = ";
            if (feature < 0 || feature >= model.n_features) {
                // In the caller's numbering: a file's feature f is f − shown_base
                // here, so adding it back cannot overflow.
                fail(name + std::to_string(feature + shown_base) + ": outside [" + std::to_string(lowest) + ", " + std::to_string(highest) +
                     "] (n_features = " + std::to_string(model.n_features) +
                     ", feature_base = " + std::to_string(shown_base) + ")");
            }
            if (m > 0 && !(feature > fit.features[m - 1])) {
                fail(name + std::to_string(feature + shown_base) + ": not above the feature before it, " +
                     std::to_string(fit.features[m - 1] + shown_base) +
                     "; features must increase strictly");
            }
            if (!std::isfinite(fit.coefficients[m])) {
                fail(at + ".coefficients[" + std::to_string(m) + "] = " +
                     format_number(fit.coefficients[m]) + ": not a finite number");
            }
        }
    }
}

}  // namespace detail

void validate_model(const Model& model) { detail::check_model(model, "model", 0); }

Model make_model(const PathResult& path, const FitOptions& options, std::int64_t n_features,
                 std::span<const std::size_t> points) {
    if (path.points.empty()) {
        throw InvalidArgument("path", "has no fitted points; there is nothing to make a model of");
    }
    if (path.family != options.family) {
        throw InvalidArgument("path", std::string("was fitted as ") + to_string(path.family) +
                                          " but the options say " + to_string(options.family));
    }
    if (n_features < 1) {
        throw InvalidArgument("n_features", "= " + std::to_string(n_features) + ": must be >= 1");
    }
    Model model;
    model.family = path.family;
    model.alpha = path.alpha;
    model.standardize = options.standardize;
    model.intercept = options.intercept;
    model.n_features = n_features;
    const auto add = [&model](const PathPoint& point) {
        model.fits.push_back({point.lambda, point.intercept, point.features, point.coefficients});
    };
    if (points.empty()) {
        for (const PathPoint& point : path.points) add(point);
    } else {
        for (std::size_t m = 0; m < points.size(); ++m) {
            if (points[m] >= path.points.size()) {
                throw InvalidArgument("points", "points[" + std::to_string(m) + "] = " +
                                                    std::to_string(points[m]) +
                                                    " is beyond the path's " +
                                                    std::to_string(path.points.size()) + " points");
            }
            if (m > 0 && !(points[m] > points[m - 1])) {
                throw InvalidArgument("points", "points[" + std::to_string(m) + "] = " +
                                                    std::to_string(points[m]) +
                                                    " is not above the point before it; give "
                                                    "indices in increasing order, each once");
            }
            add(path.points[points[m]]);
        }
    }
    // A path's features beyond n_features would be the caller's mistake in n_features.
    detail::check_model(model, "n_features", 0);
    return model;
}

ModelFit fit_at(const Model& model, double lambda) {
    if (!(std::isfinite(lambda) && lambda > 0.0)) {
        throw InvalidArgument("lambda", "= " + detail::format_number(lambda) +
                                            ": must be a finite number > 0");
    }
    if (model.fits.empty()) throw InvalidArgument("model", "fits: empty; a model holds at least one fit");
    const std::vector<ModelFit>& fits = model.fits;
    if (lambda >= fits.front().lambda) return fits.front();
    if (lambda <= fits.back().lambda) return fits.back();
    // fits[k].lambda > lambda >= fits[k + 1].lambda (λ strictly decreasing).
    const auto right_it = std::partition_point(
        fits.begin(), fits.end(), [lambda](const ModelFit& f) { return f.lambda > lambda; });
    const ModelFit& right = *right_it;
    if (right.lambda == lambda) return right;
    const ModelFit& left = *(right_it - 1);
    // glmnet's lambda.interp: the left fit weighs (λ − λ_right) / (λ_left − λ_right).
    const double w = (lambda - right.lambda) / (left.lambda - right.lambda);
    ModelFit out;
    out.lambda = lambda;
    out.intercept = left.intercept * w + right.intercept * (1.0 - w);
    std::size_t a = 0, b = 0;
    const auto push = [&out](std::int64_t feature, double value) {
        if (value != 0.0) {
            out.features.push_back(feature);
            out.coefficients.push_back(value);
        }
    };
    while (a < left.features.size() || b < right.features.size()) {
        if (b == right.features.size() ||
            (a < left.features.size() && left.features[a] < right.features[b])) {
            push(left.features[a], left.coefficients[a] * w);
            ++a;
        } else if (a == left.features.size() || right.features[b] < left.features[a]) {
            push(right.features[b], right.coefficients[b] * (1.0 - w));
            ++b;
        } else {
            push(left.features[a], left.coefficients[a] * w + right.coefficients[b] * (1.0 - w));
            ++a;
            ++b;
        }
    }
    return out;
}

const char* to_string(PredictionType type) noexcept {
    switch (type) {
        case PredictionType::link: return "link";
        case PredictionType::response: return "response";
        case PredictionType::class_label: return "class";
    }
    return "?";
}

PredictionType parse_prediction_type(std::string_view name) {
    for (PredictionType t : {PredictionType::link, PredictionType::response, PredictionType::class_label}) {
        if (name == to_string(t)) return t;
    }
    throw InvalidArgument("type", "unknown prediction type '" + std::string(name) +
                                      "'; one of link, response, class");
}

}  // namespace sparsereg
