#pragma once

// Anderson extrapolation of coordinate-descent iterates (Anderson, J. ACM
// 1965; for CD: Bertrand & Massias, "Anderson acceleration of coordinate
// descent", AISTATS 2021). Given the last K+1 iterates x_0..x_K of a
// fixed-point map, it finds the affine combination Σ c_k x_k (Σ c_k = 1) whose
// residuals U c, U = [x_1 − x_0, …, x_K − x_{K−1}], are smallest:
//     c = z / Σ z,   (UᵀU) z = 1.
// The caller keeps the extrapolated point only if it lowers the objective,
// so the method stays a descent method.

#include <Eigen/Dense>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

namespace sparsereg::detail {

class AndersonExtrapolation {
public:
    explicit AndersonExtrapolation(std::size_t depth) : depth_(depth) {}

    void reset(std::size_t dimension) {
        dimension_ = dimension;
        iterates_.clear();
    }

    // Stores an iterate; true once depth + 1 are stored and extrapolate() may run.
    bool record(std::span<const double> x) {
        iterates_.emplace_back(x.begin(), x.end());
        return iterates_.size() == depth_ + 1;
    }

    // Writes Σ c_k x_k into `out` and forgets the iterates. False when the
    // residuals are (numerically) dependent and no combination is defined.
    bool extrapolate(std::vector<double>& out) {
        const auto K = static_cast<Eigen::Index>(depth_);
        const auto d = static_cast<Eigen::Index>(dimension_);
        Eigen::MatrixXd U(d, K);
        for (Eigen::Index k = 0; k < K; ++k) {
            for (Eigen::Index i = 0; i < d; ++i) {
                U(i, k) = iterates_[static_cast<std::size_t>(k + 1)][static_cast<std::size_t>(i)] -
                          iterates_[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)];
            }
        }
        const Eigen::MatrixXd gram = U.transpose() * U;
        const Eigen::VectorXd z = gram.ldlt().solve(Eigen::VectorXd::Ones(K));
        const double total = z.sum();
        const bool defined = z.allFinite() && std::isfinite(total) && std::abs(total) > 1e-300;
        if (defined) {
            // The combination of x_1..x_K, whose residuals are the columns of U.
            out.assign(dimension_, 0.0);
            for (Eigen::Index k = 0; k < K; ++k) {
                const double c = z(k) / total;
                const std::vector<double>& x = iterates_[static_cast<std::size_t>(k + 1)];
                for (std::size_t i = 0; i < dimension_; ++i) out[i] += c * x[i];
            }
        }
        iterates_.clear();
        return defined;
    }

private:
    std::size_t depth_;
    std::size_t dimension_ = 0;
    std::vector<std::vector<double>> iterates_;
};

}  // namespace sparsereg::detail
