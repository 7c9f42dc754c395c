#include "sparsereg/data/design_matrix.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "sparsereg/data/column_stats.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

template <class T, class I>
void require_finite(CsrView<T, I> X) {
    const auto values = X.values();
    for (std::size_t k = 0; k < values.size(); ++k) {
        if (!std::isfinite(values[k])) {
            // Find the row for the message; only on the error path.
            const auto indptr = X.indptr();
            std::size_t row = 0;
            while (static_cast<std::size_t>(indptr[row + 1]) <= k) ++row;
            throw InvalidArgument("X", "non-finite value " + std::to_string(values[k]) +
                                           " at row " + std::to_string(row) + ", column " +
                                           std::to_string(X.indices()[k]) +
                                           "; a model cannot be fitted on NaN or infinity");
        }
    }
}

}  // namespace

template <StorageValue T, StorageIndex I>
DesignMatrix<T, I>::DesignMatrix(CsrView<T, I> X, std::span<const double> weights,
                                 DesignOptions options)
    : rows_(X.rows()),
      cols_(X.cols()),
      options_(options),
      csr_(X),
      csc_(CscMatrix<T, I>::from_csr(X, {.threads = options.threads})) {
    require_finite(X);
    const ColumnStats stats = compute_column_stats(csc_, weights, {.threads = options.threads});
    const auto n = static_cast<double>(rows_);
    const double normalize = n / stats.weight_sum;
    weights_.assign(static_cast<std::size_t>(rows_), normalize);
    for (std::size_t i = 0; i < weights.size(); ++i) weights_[i] = weights[i] * normalize;

    center_.assign(static_cast<std::size_t>(cols_), 0.0);
    scale_.assign(static_cast<std::size_t>(cols_), 1.0);
    fixed_.assign(static_cast<std::size_t>(cols_), 0);
    for (std::size_t j = 0; j < static_cast<std::size_t>(cols_); ++j) {
        // As glmnet: the scale is the centred standard deviation even without
        // an intercept, and a constant column never enters a model.
        if (options.intercept) center_[j] = stats.mean[j];
        if (stats.scale[j] == 0.0) {
            fixed_[j] = 1;
        } else if (options.standardize) {
            scale_[j] = stats.scale[j];
        }
    }
}

template <StorageValue T, StorageIndex I>
void DesignMatrix<T, I>::keep_columns(std::span<const std::int64_t> kept) {
    csc_.keep_columns(kept);  // validates kept
    const auto narrow = [kept]<class V>(std::vector<V>& values) {
        for (std::size_t k = 0; k < kept.size(); ++k) values[k] = values[static_cast<std::size_t>(kept[k])];
        values.resize(kept.size());
        values.shrink_to_fit();
    };
    narrow(center_);
    narrow(scale_);
    narrow(fixed_);
    std::vector<I> original(kept.size());
    for (std::size_t k = 0; k < kept.size(); ++k) original[k] = static_cast<I>(original_column(kept[k]));
    original_ = std::move(original);
    cols_ = static_cast<std::int64_t>(kept.size());
}

template class DesignMatrix<float, std::int32_t>;
template class DesignMatrix<float, std::int64_t>;
template class DesignMatrix<double, std::int32_t>;
template class DesignMatrix<double, std::int64_t>;

}  // namespace sparsereg
