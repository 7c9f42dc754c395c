#pragma once

// The public entry point for fitting: one options struct, one function per
// task, and plain result structs. Runtime choices (family, solver) become
// template instantiations behind this boundary (DESIGN.md, "Core abstractions").
//
// Models, as glmnet defines them (so results compare one to one):
//   gaussian:  1/(2n) Σ w_i (y_i − b0 − x_iᵀβ)²                      + λ P(β)
//   binomial: −1/n  Σ w_i [ y_i (b0 + x_iᵀβ) − log(1 + e^{b0 + x_iᵀβ}) ] + λ P(β)
//   P(β) = Σ_j v_j [ (1−α)/2 (s_j β_j)² + α |s_j β_j| ]
// with weights w rescaled to sum to n, penalty factors v rescaled to sum to
// the number of columns, s_j the column's (1/n, weighted) standard deviation
// when standardizing and 1 otherwise; the intercept b0 is not penalized. α = 1
// is the Lasso, α = 0 Ridge, anything between the ElasticNet (Zou & Hastie 2005).

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sparsereg/data/csr_view.hpp"

namespace sparsereg {

enum class Family { gaussian, binomial };

// Why a fit at one λ ended.
enum class Status {
    converged,       // the stopping rule was met (see FitOptions::stopping)
    max_iterations,  // max_epochs ran out first; the point is the last iterate
    stalled,         // coordinate descent stopped making progress before the rule
                     // was met: nothing moves in floating point, or the gap did not
                     // shrink by 1% in 10 checks (1,000 epochs). Seen on duplicated
                     // columns and on rare features of near-separable logistic fits,
                     // whose loss is nearly flat. The point is kept with the gap it
                     // reached, and the path goes on
};

enum class StoppingRule {
    // Certified: the relative duality gap (P − D) / P ≤ tol at every λ; where
    // the gap is undefined (unpenalized features), max KKT violation / λ ≤ tol.
    duality_gap,
    // glmnet's rule, for like-for-like timing: stop when no coordinate moved
    // the objective by more than tol × null deviance in a pass (thresh).
    glmnet_thresh,
};

// How each λ is solved; both reach the same optimum, certified the same way.
enum class Solver {
    // Cyclic coordinate descent with active sets (glmnet's method, with
    // Anderson extrapolation): the fastest on sparse problems.
    coordinate_descent,
    // FISTA with backtracking and adaptive restart: every step is two
    // parallel passes over the working set, for many threads or many
    // correlated features.
    proximal_gradient,
};

const char* to_string(Family family) noexcept;
const char* to_string(Solver solver) noexcept;
const char* to_string(Status status) noexcept;

struct PathPoint;

struct PathProgress {
    std::size_t lambda_index;  // 0-based index of the λ just fitted
    std::size_t n_lambdas;     // grid size
};

struct FitOptions {
    Family family = Family::gaussian;
    double alpha = 1.0;  // mixing: 1 Lasso, 0 Ridge

    // λ grid: either user-given (strictly decreasing, > 0) or nlambda values
    // log-spaced from λ_max (the smallest λ with every penalized β_j = 0) down
    // to lambda_min_ratio × λ_max. lambda_min_ratio ≤ 0 means glmnet's default:
    // 1e-4 if n > p, else 1e-2.
    std::vector<double> lambdas;
    int nlambda = 100;
    double lambda_min_ratio = 0;

    bool standardize = true;
    bool intercept = true;
    std::vector<double> weights;          // per row, ≥ 0; empty: all 1
    std::vector<double> penalty_factors;  // per column, ≥ 0 (0: unpenalized); empty: all 1
    std::vector<double> lower_limits;     // per column (original scale), ≤ 0; empty: −∞
    std::vector<double> upper_limits;     // per column (original scale), ≥ 0; empty: +∞

    Solver solver = Solver::coordinate_descent;
    StoppingRule stopping = StoppingRule::duality_gap;
    // Relative duality gap, or glmnet's thresh. Unset: 1e-9 with a ridge term
    // (alpha < 1), whose gap is close to the true suboptimality, so 1e-9 keeps
    // the objective within 1e-9 of the optimum; 1e-7 for the Lasso, whose gap
    // overstates the suboptimality (1e3-1e5x on ill-conditioned fits), and for
    // glmnet_thresh (glmnet's default thresh). See effective_tol.
    std::optional<double> tol;
    // Per λ: coordinate passes (as glmnet's maxit) or proximal-gradient steps.
    std::int64_t max_epochs = 100000;

    // glmnet's early termination of the path: stop when the deviance ratio
    // gains less than 1e-5 (relative) or exceeds 0.999, or when more than
    // dfmax features are nonzero or more than pmax have ever been.
    bool early_stop = true;
    std::int64_t dfmax = -1;  // −1: no limit
    std::int64_t pmax = -1;   // −1: no limit

    // Sequential strong rule (Tibshirani et al. 2012) with KKT re-checks; the
    // solution does not depend on it, only the time does.
    bool screening = true;

    // Coordinate descent: when passes over the active features have cost as
    // much as an exact solve, solve the quadratic model exactly, as a small
    // dense lasso, on the working set, or its nonzero features, or else a
    // block of the features that moved the most (whichever first has
    // n × size² ≤ 2e7), and keep the result if it lowers the model. Same
    // solution; it resolves the ill-conditioned problems (collinear
    // features, near-separable logistic fits) where coordinate passes crawl.
    bool support_newton = true;

    // Coordinate descent: every sixth pass over the active features, jump to
    // the Anderson extrapolation of the last six iterates (Bertrand &
    // Massias, AISTATS 2021) when that lowers the quadratic model. Same
    // solution; it pays where passes converge linearly and slowly (rcv1
    // standardized: a quarter of the passes, 0.43x the time).
    bool anderson = true;

    // Coordinate descent, logistic loss, more features than samples: each
    // λ after the second starts on the secant through the last two
    // solutions, β₁ + r (β₁ − β₀) with r the ratio of the λ steps (only
    // nonzero coefficients move, none across 0), when the objective there
    // is lower than at the last solution. Same solution; the path moves β
    // along the directions passes crawl along (see the README).
    bool path_prediction = true;

    // Without limits, a column whose standardized values equal an earlier
    // column's (the same rows, and the same values or, when standardizing,
    // proportional ones) with the same penalty factor is fitted through the
    // earlier one. Under the Lasso it stays at 0 and the earlier one takes
    // the group's whole coefficient: the objective is the same at every λ
    // (the Lasso's solution is not unique there; this is the one glmnet's
    // passes usually reach). With α < 1 the optimum is unique and gives each
    // of the group's k columns the same standardized coefficient: the fit
    // solves for it on one column scaled by k, with k times the penalty
    // factor, and reports it on every member. Text data has many such
    // columns (news20's bigrams: 37% of them).
    bool merge_duplicate_columns = true;

    // A double X whose every value a float holds exactly (counts, genotypes,
    // 0/1 indicators) is fitted from a float copy of its values: the same
    // numbers, summed in double as before, with 4 bytes less per nonzero
    // read in every pass (genotype data: 0.9x the time). The copy and the
    // float CSC take no more memory than the double CSC alone would.
    bool exact_float_storage = true;

    // Rows equal to an earlier row (the same columns, exactly the same
    // values) are fitted as one row with the group's total weight and
    // weighted mean response: the same objective, solution and deviances
    // (a least-squares fit adds the within-group sum of squares back). Done
    // when it takes out at least a tenth of X's entries, at the cost of a
    // copy of the distinct rows for the fit. Data made of categories has
    // many (a9a: 32,561 rows, 24,947 distinct).
    bool merge_duplicate_rows = true;

    int threads = 0;  // 0: all cores; results are the same for any count

    // Called after each λ, from the calling thread.
    std::function<void(const PathProgress&)> progress;
    // Called after each λ with the point just fitted; returning false ends
    // the path there (PathResult::stopped_early says so). For early stopping
    // on a validation set, say.
    std::function<bool(const PathPoint&)> keep_going;
};

// The fit at one λ, coefficients on the original scale of X.
struct PathPoint {
    double lambda = 0;
    double intercept = 0;
    std::vector<std::int64_t> features;  // columns with a nonzero coefficient, ascending
    std::vector<double> coefficients;    // their values
    double objective = 0;     // the objective above at this solution
    double dev_ratio = 0;     // 1 − deviance / null deviance
    double duality_gap = 0;   // absolute P − D; NaN where undefined
    // Max over features of the KKT violation, divided by λ. Equal columns
    // merged under α < 1 count as their merged column, whose violation is k
    // times each member's: then an upper bound (merge_duplicate_columns).
    double kkt_violation = 0;
    std::int64_t df = 0;      // number of nonzero coefficients
    std::int64_t epochs = 0;  // coordinate passes (or proximal-gradient steps) at this λ
    Status status = Status::converged;
};

struct PathResult {
    Family family = Family::gaussian;
    double alpha = 1;
    double lambda_max = 0;
    double null_deviance = 0;
    std::vector<PathPoint> points;  // one per λ fitted, in grid order
    std::size_t n_lambdas_requested = 0;
    // Why the path ended before the last λ, or "" when it reached it.
    std::string stopped_early;
    // What the fit merged: the rows it ran on (the caller's count when no
    // equal rows were merged, FitOptions::merge_duplicate_rows) and the
    // columns it fitted through an earlier equal one (merge_duplicate_columns:
    // held at 0 under the Lasso, sharing its coefficient with α < 1).
    std::int64_t fitted_rows = 0;
    std::int64_t duplicate_columns = 0;
    // X was fitted from float values: given as float, or exact in float
    // (FitOptions::exact_float_storage).
    bool float_storage = false;
    // The tolerance the fit stopped by: FitOptions::tol, or its default.
    double tol = 0;
};

// FitOptions::tol if set, else its default for the options' alpha and
// stopping rule.
double effective_tol(const FitOptions& options) noexcept;

// Fits the regularization path. y holds the response (gaussian) or 0/1
// labels (binomial; see to_binary_labels). Throws InvalidArgument naming the
// option and index for any invalid input; a λ that does not converge is a
// Status in its PathPoint, and the path stops there with what it has.
template <StorageValue T, StorageIndex I>
PathResult fit_path(CsrView<T, I> X, std::span<const double> y, const FitOptions& options);

// The objective above for given original-scale coefficients (dense, one per
// column) at λ: to compare any solution, e.g. glmnet's, on equal terms.
template <StorageValue T, StorageIndex I>
double evaluate_objective(CsrView<T, I> X, std::span<const double> y, const FitOptions& options,
                          double lambda, double intercept, std::span<const double> beta);

#define SPARSEREG_DECLARE_FIT(T, I)                                                          \
    extern template PathResult fit_path<T, I>(CsrView<T, I>, std::span<const double>,        \
                                              const FitOptions&);                            \
    extern template double evaluate_objective<T, I>(CsrView<T, I>, std::span<const double>,  \
                                                    const FitOptions&, double, double,       \
                                                    std::span<const double>);
SPARSEREG_DECLARE_FIT(float, std::int32_t)
SPARSEREG_DECLARE_FIT(float, std::int64_t)
SPARSEREG_DECLARE_FIT(double, std::int32_t)
SPARSEREG_DECLARE_FIT(double, std::int64_t)
#undef SPARSEREG_DECLARE_FIT

}  // namespace sparsereg
