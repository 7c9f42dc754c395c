#pragma once

// Logistic loss (family "binomial") for labels y ∈ {0, 1}:
//     f(y, η) = log(1 + e^η) − y η,   data term −1/n Σ w_i [y_i η_i − log(1 + e^η_i)].
// Its quadratic model at η is the IRLS step: curvature p(1 − p) and working
// residual (y − p) / (p(1 − p)), with p = 1/(1 + e^−η); the curvature is
// floored (p clamped to [1e-8, 1 − 1e-8]) so perfectly separated samples
// cannot make the step infinite (Friedman, Hastie & Tibshirani, J. Stat.
// Softw. 2010, section 3). glmnet floors at 1e-5; on near-separable data
// that overstates the curvature of well-fitted samples by orders of
// magnitude, so each Newton step falls short and the iterations crawl
// (sonar's certified path: 24,131 passes at 1e-5, 5,835 at 1e-8); the
// solvers' line searches guard the longer steps.

#include <algorithm>
#include <cmath>

namespace sparsereg {

struct Logistic {
    static constexpr bool exact_quadratic = false;
    // glmnet's clamp of fitted probabilities, for deviance measures (cv.glmnet).
    static constexpr double min_probability = 1e-5;
    // The clamp of the quadratic model's curvature (see the top).
    static constexpr double model_min_probability = 1e-8;
    // |∂³f/∂η³| ≤ this × ∂²f/∂η², as p(1 − p)|1 − 2p| ≤ p(1 − p): lets
    // Newton's method on the intercept stop a step sooner.
    static constexpr double curvature_change = 1.0;

    static double probability(double eta) noexcept {
        return eta >= 0 ? 1.0 / (1.0 + std::exp(-eta)) : std::exp(eta) / (1.0 + std::exp(eta));
    }
    // log(1 + e^η) without overflow for large |η|.
    static double log1p_exp(double eta) noexcept {
        return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta));
    }
    static double loss(double y, double eta) noexcept { return log1p_exp(eta) - y * eta; }
    static double derivative(double y, double eta) noexcept { return probability(eta) - y; }
    static void quadratic(double y, double eta, double& curvature, double& residual) noexcept {
        const double p = probability(eta);
        const double clamped = std::clamp(p, model_min_probability, 1.0 - model_min_probability);
        curvature = clamped * (1.0 - clamped);
        residual = (y - p) / curvature;
    }
    // f(η + δ) − f(η) − f'(η) δ without the cancellation of subtracting
    // losses (y drops out): a Taylor series to δ⁴ for small steps, where
    // the difference of losses would be rounding noise, the losses beyond.
    static double bregman(double, double eta, double delta) noexcept {
        const double p = probability(eta);
        if (std::abs(delta) < 1e-3) {
            const double h = p * (1.0 - p);
            return delta * delta *
                   (0.5 * h + delta * (h * (1.0 - 2.0 * p) / 6.0 + delta * h * (1.0 - 6.0 * h) / 24.0));
        }
        return log1p_exp(eta + delta) - log1p_exp(eta) - p * delta;
    }
    // f*(u) = q log q + (1 − q) log(1 − q) with q = y + u ∈ [0, 1] (negative
    // entropy); u = t (p − y) with 0 < t ≤ 1 always lies in the domain.
    static double conjugate(double y, double u) noexcept {
        const double q = y + u;
        const auto xlogx = [](double x) { return x > 0 ? x * std::log(x) : 0.0; };
        return xlogx(q) + xlogx(1.0 - q);
    }
};

}  // namespace sparsereg
