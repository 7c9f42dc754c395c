#pragma once

#include <concepts>

namespace sparsereg {

// A datafit is a per-sample loss f(y, η) of the linear predictor
// η = b0 + x_iᵀβ; the data term of the objective is (1/n) Σ w_i f(y_i, η_i).
// A solver needs, per sample:
//   loss(y, η)             f
//   derivative(y, η)       ∂f/∂η: the true gradient, for KKT and the dual point
//   quadratic(y, η)        curvature and working residual of the second-order
//                          model f(y, η + d) ≈ f + ½ h (d − r)² + const,
//                          the IRLS step of the proximal-Newton outer loop
//   bregman(y, η, δ)       f(η + δ) − f(η) − ∂f/∂η δ, computed stably for tiny
//                          δ: the sufficient-decrease test of a gradient step
//   conjugate(y, u)        f*(u) per unit weight, for the duality gap, at a
//                          rescaled derivative u = t ∂f/∂η (0 < t ≤ 1)
// and `exact_quadratic` says whether the quadratic model is f itself, so one
// outer step suffices. Optionally, `curvature_change` = κ with
// |∂³f/∂η³| ≤ κ ∂²f/∂η² everywhere lets Newton's method on the intercept
// stop a step sooner. Adding a datafit touches one file and no solver.
template <class D>
concept Datafit = requires(double y, double eta, double& h, double& r) {
    { D::exact_quadratic } -> std::convertible_to<bool>;
    { D::loss(y, eta) } -> std::convertible_to<double>;
    { D::derivative(y, eta) } -> std::convertible_to<double>;
    { D::quadratic(y, eta, h, r) };
    { D::bregman(y, eta, eta) } -> std::convertible_to<double>;
    { D::conjugate(y, eta) } -> std::convertible_to<double>;
};

}  // namespace sparsereg
