#pragma once

// Least squares (family "gaussian"):
//     f(y, η) = ½ (y − η)²,   data term 1/(2n) Σ w_i (y_i − η_i)².
// Its quadratic model is exact, so coordinate descent on it is glmnet's
// "naive" algorithm (Friedman, Hastie & Tibshirani, "Regularization paths for
// generalized linear models via coordinate descent", J. Stat. Softw. 2010).

namespace sparsereg {

struct Quadratic {
    static constexpr bool exact_quadratic = true;

    static double loss(double y, double eta) noexcept {
        const double r = y - eta;
        return 0.5 * r * r;
    }
    static double derivative(double y, double eta) noexcept { return eta - y; }
    static void quadratic(double y, double eta, double& curvature, double& residual) noexcept {
        curvature = 1.0;
        residual = y - eta;
    }
    // f(η + δ) − f(η) − f'(η) δ, exactly.
    static double bregman(double, double, double delta) noexcept { return 0.5 * delta * delta; }
    // f*(u) = sup_η uη − ½(y − η)² = u y + ½ u².
    static double conjugate(double y, double u) noexcept { return u * y + 0.5 * u * u; }
};

}  // namespace sparsereg
