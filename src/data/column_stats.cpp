#include "sparsereg/data/column_stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

constexpr std::size_t weights_per_block = std::size_t{1} << 16;
// Columns per task: columns differ wildly in length, so many small tasks let
// the scheduler balance them. Each column is summed alone, so this cannot
// change any bit of the result.
constexpr std::size_t cols_per_block = 256;

// Shortest text that reads back as the same double, so a message shows 1e-300 as such.
std::string format_double(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

struct WeightTotals {
    double sum = 0.0;
    std::size_t positive = 0;  // rows of positive weight
};

WeightTotals check_weights(std::span<const double> weights, std::size_t rows,
                           const detail::Executor& executor) {
    if (weights.size() != rows) {
        throw InvalidArgument("weights",
                              "has " + std::to_string(weights.size()) + " entries but X has " +
                                  std::to_string(rows) +
                                  " rows; pass one weight per row, or none for unit weights");
    }
    const std::size_t n_blocks = detail::Executor::block_count(rows, weights_per_block);
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    std::vector<std::size_t> first_bad(n_blocks, none);
    std::vector<WeightTotals> partial(n_blocks);
    executor.for_each_range(rows, weights_per_block, [&](std::size_t begin, std::size_t end) {
        WeightTotals totals;
        for (std::size_t i = begin; i < end; ++i) {
            const double w = weights[i];
            if (!(std::isfinite(w) && w >= 0.0)) {
                first_bad[begin / weights_per_block] = i;
                return;
            }
            totals.sum += w;
            totals.positive += w > 0.0 ? 1 : 0;
        }
        partial[begin / weights_per_block] = totals;
    });
    // The lowest bad index, whatever the thread count, so the message is reproducible.
    const auto bad =
        std::find_if(first_bad.begin(), first_bad.end(), [](std::size_t i) { return i != none; });
    if (bad != first_bad.end()) {
        const double w = weights[*bad];
        throw InvalidArgument("weights",
                              "weights[" + std::to_string(*bad) + "] = " + format_double(w) +
                                  (std::isfinite(w) ? " is negative" : " is not finite") +
                                  "; every weight must be finite and >= 0");
    }
    WeightTotals totals;
    for (const WeightTotals& p : partial) {
        totals.sum += p.sum;
        totals.positive += p.positive;
    }
    if (totals.positive == 0) {
        throw InvalidArgument("weights", "sum to 0 (all " + std::to_string(rows) +
                                             " are 0); at least one weight must be positive");
    }
    if (!std::isfinite(totals.sum)) {
        throw InvalidArgument("weights",
                              "sum to more than the largest double; rescale them "
                              "(the means and scales depend only on their ratios)");
    }
    return totals;
}

// Fills the statistics of columns [begin, end). weight(row) gives w_row.
template <class T, class I, class Weight>
void column_range_stats(const CscMatrix<T, I>& X, Weight weight, WeightTotals all,
                        std::size_t begin, std::size_t end, ColumnStats& stats) {
    for (std::size_t col = begin; col < end; ++col) {
        const auto j = static_cast<I>(col);
        const auto rows = X.col_rows(j);
        const auto values = X.col_values(j);

        double stored_weight = 0.0;
        double weighted_sum = 0.0;
        double weighted_squares = 0.0;
        std::size_t stored_positive = 0;
        // Whether every stored entry of positive weight equals the first such one.
        bool all_equal = true;
        double first = 0.0;
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const double w = weight(rows[k]);
            const double x = static_cast<double>(values[k]);
            stored_weight += w;
            weighted_sum += w * x;
            weighted_squares += w * x * x;
            if (w > 0.0) {
                if (stored_positive == 0) first = x;
                all_equal = all_equal && x == first;
                ++stored_positive;
            }
        }
        stats.squared_norm[col] = weighted_squares;

        // Implicit zeros of positive weight exist exactly when some row of positive
        // weight is not stored; counting decides that, the weight sums would round.
        const bool has_implicit_zeros = stored_positive < all.positive;
        // Detected, not computed: summation round-off would turn the exact 0 of a
        // constant column (say 0.1 in every row) into a tiny positive scale, and a
        // solver would then divide by it.
        if (stored_positive == 0 || (all_equal && (!has_implicit_zeros || first == 0.0))) {
            stats.mean[col] = has_implicit_zeros ? 0.0 : first + 0.0;  // + 0.0 turns -0 into 0
            stats.scale[col] = 0.0;
            continue;
        }

        const double mean = weighted_sum / all.sum;
        const double implicit_weight =
            has_implicit_zeros ? std::max(all.sum - stored_weight, 0.0) : 0.0;
        // Two-pass sum of squared deviations, implicit zeros in one term, so no
        // cancellation as in Σ w x² − W m². The second sum, zero in exact
        // arithmetic, corrects for the rounding of the mean (Chan, Golub and
        // LeVeque, "Algorithms for computing the sample variance", Am. Stat. 1983).
        double squares = implicit_weight * mean * mean;
        double deviations = -implicit_weight * mean;
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const double w = weight(rows[k]);
            const double d = static_cast<double>(values[k]) - mean;
            squares += w * d * d;
            deviations += w * d;
        }
        squares -= deviations * deviations / all.sum;
        stats.mean[col] = mean;
        stats.scale[col] = std::sqrt(std::max(squares, 0.0) / all.sum);
    }
}

}  // namespace

template <StorageValue T, StorageIndex I>
ColumnStats compute_column_stats(const CscMatrix<T, I>& X, std::span<const double> weights,
                                 StatsOptions options) {
    const detail::Executor executor(options.threads);
    const auto rows = static_cast<std::size_t>(X.rows());
    const auto cols = static_cast<std::size_t>(X.cols());
    if (rows == 0) {
        throw InvalidArgument("X", "has no rows; column means and scales need at least one");
    }
    const bool unit = weights.empty();
    const WeightTotals all = unit ? WeightTotals{static_cast<double>(rows), rows}
                                  : check_weights(weights, rows, executor);

    ColumnStats stats{std::vector<double>(cols), std::vector<double>(cols),
                      std::vector<double>(cols), all.sum};
    executor.for_each_range(cols, cols_per_block, [&](std::size_t begin, std::size_t end) {
        if (unit) {
            column_range_stats(
                X, [](I) { return 1.0; }, all, begin, end, stats);
        } else {
            column_range_stats(
                X, [&](I row) { return weights[static_cast<std::size_t>(row)]; }, all, begin, end,
                stats);
        }
    });
    return stats;
}

template ColumnStats compute_column_stats(const CscMatrix<float, std::int32_t>&,
                                          std::span<const double>, StatsOptions);
template ColumnStats compute_column_stats(const CscMatrix<float, std::int64_t>&,
                                          std::span<const double>, StatsOptions);
template ColumnStats compute_column_stats(const CscMatrix<double, std::int32_t>&,
                                          std::span<const double>, StatsOptions);
template ColumnStats compute_column_stats(const CscMatrix<double, std::int64_t>&,
                                          std::span<const double>, StatsOptions);

}  // namespace sparsereg
