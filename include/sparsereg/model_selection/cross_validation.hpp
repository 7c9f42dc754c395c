#pragma once

// k-fold cross-validation over the regularization path, as cv.glmnet does it:
// the λ grid comes from a fit on all the data; each fold is fitted on the
// other folds over that grid (no early stop) and predicts its own rows; per λ
// the measure of each fold (a weighted mean over its rows, or its AUC) is
// averaged over folds weighted by the folds' total weights, with
//     se = sqrt( Σ_k W_k (m_k − mean)² / Σ_k W_k / (K − 1) );
// lambda_min is the largest λ with the best mean, lambda_1se the largest λ
// whose mean is within one se of it (Friedman, Hastie & Tibshirani 2010).
// Folds run in parallel; the result does not depend on the thread count.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/data/csr_view.hpp"
#include "sparsereg/model/metrics.hpp"

namespace sparsereg {

struct CvOptions {
    int folds = 10;
    // Fold of each row, 1..K (cv.glmnet's foldid); when given, `folds`,
    // `seed` and `stratify` are not used.
    std::vector<int> foldid;
    std::uint64_t seed = 1;  // the random fold assignment is a function of it alone
    // Binomial: deal each class's rows over the folds separately, so every
    // fold has both classes in proportion.
    bool stratify = true;
    Measure measure = Measure::deviance;
    // Several α, each its own path on the same folds; empty: FitOptions::alpha.
    std::vector<double> alphas;
    // Called after each fold's path, one call at a time but from whichever
    // thread fitted the fold: (α index, folds done for it, folds).
    std::function<void(std::size_t, std::size_t, std::size_t)> progress;
};

// One α's curve.
struct CvCurve {
    double alpha = 1;
    PathResult full_fit;           // on all rows: its λ are the grid
    std::vector<double> lambdas;   // the grid
    std::vector<double> mean;      // per λ
    std::vector<double> se;        // per λ
    std::vector<std::int64_t> df;  // nonzero coefficients of the full fit, per λ
    std::size_t index_min = 0;
    std::size_t index_1se = 0;
    double lambda_min = 0;
    double lambda_1se = 0;
};

struct CvResult {
    Measure measure = Measure::deviance;
    int folds = 0;
    std::vector<int> foldid;       // the folds used, 1..K per row
    std::vector<CvCurve> curves;   // one per α, in the order given
    std::size_t best = 0;          // the curve with the best mean at its lambda_min
};

// The folds cv_path would use: 1..K per row, from `seed` alone (and the
// classes, when stratifying binomial labels y).
std::vector<int> make_folds(std::span<const double> y, Family family, const CvOptions& options);

// Throws InvalidArgument naming the option ("folds", "foldid", "measure",
// "alphas", ...) or, for a fold whose training rows cannot be fitted, the fold.
template <StorageValue T, StorageIndex I>
CvResult cv_path(CsrView<T, I> X, std::span<const double> y, const FitOptions& fit,
                 const CvOptions& cv);

#define SPARSEREG_DECLARE_CV(T, I)                                                      \
    extern template CvResult cv_path<T, I>(CsrView<T, I>, std::span<const double>,       \
                                           const FitOptions&, const CvOptions&);
SPARSEREG_DECLARE_CV(float, std::int32_t)
SPARSEREG_DECLARE_CV(float, std::int64_t)
SPARSEREG_DECLARE_CV(double, std::int32_t)
SPARSEREG_DECLARE_CV(double, std::int64_t)
#undef SPARSEREG_DECLARE_CV

}  // namespace sparsereg
