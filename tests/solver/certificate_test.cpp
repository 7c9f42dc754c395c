// The certificate's duality gap against the same gap computed here from its
// definition, on explicit standardized columns: after a restricted check and
// a full one at the same point (which reuses the datafit's part of the dual),
// and after a check at another point (where nothing may be reused). And the
// intercept's Newton iterations, which may stop a step early, against a
// bisection of the same equation.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "parallel/executor.hpp"
#include "solver/certificate.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/data/design_matrix.hpp"
#include "sparsereg/datafit/logistic.hpp"
#include "sparsereg/penalty/elastic_net.hpp"

namespace sparsereg {
namespace {

using Matrix = DesignMatrix<double, std::int32_t>;

struct Problem {
    int n = 300, p = 20;
    std::vector<std::vector<double>> dense;  // rows
    std::vector<std::int32_t> indptr{0}, indices;
    std::vector<double> values, y;

    Problem() {
        std::mt19937_64 rng(5);
        std::uniform_real_distribution<double> unit(0.0, 1.0), value(-1.0, 2.0);
        dense.assign(static_cast<std::size_t>(n), std::vector<double>(static_cast<std::size_t>(p), 0.0));
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < p; ++j) {
                if (unit(rng) >= 0.3) continue;
                const double x = value(rng);
                dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = x;
                indices.push_back(j);
                values.push_back(x);
            }
            indptr.push_back(static_cast<std::int32_t>(indices.size()));
            y.push_back(unit(rng) < 0.4 ? 1.0 : 0.0);
        }
    }

    CsrView<double, std::int32_t> view() const { return {n, p, indptr, indices, values}; }

    // η = b0 + Σ_j z_ij b_j with z_ij = (x_ij − c_j) / d_j.
    std::vector<double> predictor(const Matrix& X, const std::vector<double>& beta, double b0) const {
        std::vector<double> eta(static_cast<std::size_t>(n), b0);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < p; ++j) {
                const double x = dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
                eta[static_cast<std::size_t>(i)] += (x - X.center(j)) / X.scale(j) * beta[static_cast<std::size_t>(j)];
            }
        }
        return eta;
    }

    // P(b) − D(t u) from the definitions, unit weights.
    double duality_gap(const Matrix& X, const ElasticNet& penalty, const std::vector<double>& beta,
                       const std::vector<double>& eta, double lambda) const {
        const double rows = n;
        std::vector<double> u(static_cast<std::size_t>(n));
        double primal = 0;
        for (std::size_t i = 0; i < u.size(); ++i) {
            u[i] = Logistic::derivative(y[i], eta[i]) / rows;
            primal += Logistic::loss(y[i], eta[i]) / rows;
        }
        std::vector<double> gradient(static_cast<std::size_t>(p), 0.0);
        double t = 1.0;
        for (int j = 0; j < p; ++j) {
            double g = 0;
            for (int i = 0; i < n; ++i) {
                const double x = dense[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
                g += (x - X.center(j)) / X.scale(j) * u[static_cast<std::size_t>(i)];
            }
            gradient[static_cast<std::size_t>(j)] = g;
            primal += penalty.value(j, lambda, beta[static_cast<std::size_t>(j)]);
            if (penalty.l2(j, lambda) == 0.0) t = std::min(t, penalty.l1(j, lambda) / std::abs(g));
        }
        double dual = 0;
        for (std::size_t i = 0; i < u.size(); ++i) dual -= Logistic::conjugate(y[i], t * u[i] * rows) / rows;
        for (int j = 0; j < p; ++j) dual -= penalty.conjugate(j, lambda, -t * gradient[static_cast<std::size_t>(j)]);
        return primal - dual;
    }
};

class CertificateGap : public ::testing::TestWithParam<double> {};

TEST_P(CertificateGap, IsTheDefinitionsAfterRestrictedFullAndNewPoints) {
    const double alpha = GetParam();
    const Problem prob;
    const Matrix X(prob.view(), {}, {.standardize = true, .intercept = true});
    const ElasticNet penalty(alpha, {}, {}, {});
    const detail::Executor executor(2);
    const double lambda = 0.02;

    std::vector<double> first(static_cast<std::size_t>(prob.p), 0.0);
    first[1] = 0.4;
    first[7] = -0.3;
    std::vector<double> second = first;
    second[3] = 0.2;
    second[7] = -0.1;
    const std::vector<std::int64_t> columns{1, 3, 7, 12};

    detail::Certificate<Logistic, double, std::int32_t> certificate(X, prob.y, penalty, executor);
    for (const auto* beta : {&first, &second}) {
        const std::vector<double> eta = prob.predictor(X, *beta, -0.3);
        const auto at = [&eta](std::size_t i) { return eta[i]; };
        certificate.sweep(at, columns);
        detail::PointStats restricted;
        certificate.evaluate(*beta, lambda, columns, restricted);
        certificate.sweep(at, true);
        detail::PointStats full;
        certificate.evaluate(*beta, lambda, full);
        const double expected = prob.duality_gap(X, penalty, *beta, eta, lambda);
        EXPECT_NEAR(full.duality_gap, expected, 1e-12 * std::abs(full.objective));

        // The same point checked by a certificate that saw nothing before.
        detail::Certificate<Logistic, double, std::int32_t> fresh(X, prob.y, penalty, executor);
        fresh.sweep(at);
        detail::PointStats alone;
        fresh.evaluate(*beta, lambda, alone);
        EXPECT_EQ(full.duality_gap, alone.duality_gap);
        EXPECT_EQ(full.objective, alone.objective);
    }
}

INSTANTIATE_TEST_SUITE_P(Alphas, CertificateGap, ::testing::Values(1.0, 0.5));

// Σ w (σ(η + s) − y) = 0 by bisection, far beyond the Newton iterations' tolerance.
double intercept_root(const std::vector<double>& y, const std::vector<double>& w, const std::vector<double>& eta) {
    const auto slope = [&](double s) {
        double g = 0;
        for (std::size_t i = 0; i < y.size(); ++i) g += w[i] * Logistic::derivative(y[i], eta[i] + s);
        return g;
    };
    double low = -50, high = 50;
    for (int it = 0; it < 200 && high - low > 1e-15 * (1.0 + std::abs(low)); ++it) {
        const double mid = 0.5 * (low + high);
        (slope(mid) > 0 ? high : low) = mid;
    }
    return 0.5 * (low + high);
}

TEST(OptimalInterceptShift, ReachesTheRootFromNearAndFar) {
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> unit(0.0, 1.0), spread(-3.0, 3.0);
    const detail::Executor executor(2);
    const std::size_t n = 5000;
    std::vector<double> y(n), w(n), eta(n);
    for (std::size_t i = 0; i < n; ++i) {
        eta[i] = spread(rng);
        y[i] = unit(rng) < 1.0 / (1.0 + std::exp(-eta[i])) ? 1.0 : 0.0;
        w[i] = 0.5 + unit(rng);
    }
    const double root = intercept_root(y, w, eta);
    // Starts from the root shifted by offsets from tiny (one step, which may
    // stop the iterations at once) to large (several steps).
    for (const double offset : {0.0, 1e-9, -3e-7, 1e-4, -0.05, 0.7, -4.0}) {
        std::vector<double> start(n);
        for (std::size_t i = 0; i < n; ++i) start[i] = eta[i] + root + offset;
        const double shift = detail::optimal_intercept_shift<Logistic>(y, w, start, executor);
        EXPECT_NEAR(shift, -offset, 2e-13 * (1.0 + std::abs(offset))) << "offset " << offset;
    }
}

}  // namespace
}  // namespace sparsereg
