#include "data/duplicate_rows.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>

#include "data/equal_items.hpp"

namespace sparsereg::detail {

namespace {

template <class T, class I>
struct RowKey {
    std::span<const I> columns;
    std::span<const T> values;

    std::size_t size() const noexcept { return columns.size(); }
    std::uint64_t seed() const noexcept { return mix_hash(columns.size()); }
    std::uint64_t mix_entry(std::uint64_t h, std::size_t k) const noexcept {
        h = mix_hash(h ^ static_cast<std::uint64_t>(columns[k]));
        return mix_hash(h ^ std::bit_cast<std::uint64_t>(static_cast<double>(values[k])));
    }
    bool equals(const RowKey& other) const noexcept {
        return std::equal(columns.begin(), columns.end(), other.columns.begin(), other.columns.end()) &&
               std::equal(values.begin(), values.end(), other.values.begin(), other.values.end());
    }
};

}  // namespace

template <StorageValue T, StorageIndex I>
std::optional<MergedRows<T, I>> merge_duplicate_rows(CsrView<T, I> X, std::span<const double> y,
                                                     std::span<const double> weights, int threads) {
    const auto values = X.values();
    if (values.empty() || !std::all_of(values.begin(), values.end(), [](T v) { return std::isfinite(v); })) {
        return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(X.rows());
    const auto key = [&X](std::size_t i) {
        const auto row = static_cast<I>(i);
        return RowKey<T, I>{X.row_indices(row), X.row_values(row)};
    };
    const std::vector<std::int64_t> first =
        first_equal_items(n, Executor(threads), key, [](std::size_t) { return true; });

    std::size_t merged_entries = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (first[i] != static_cast<std::int64_t>(i)) merged_entries += key(i).columns.size();
    }
    if (static_cast<double>(merged_entries) < min_merged_share * static_cast<double>(values.size())) {
        return std::nullopt;
    }

    // Groups numbered in the order of their first rows (an earlier row is
    // always numbered before a later one equal to it).
    std::vector<std::size_t> group(n);
    std::size_t groups = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto earlier = static_cast<std::size_t>(first[i]);
        group[i] = earlier == i ? groups++ : group[earlier];
    }
    MergedRows<T, I> merged;
    merged.weights.assign(groups, 0.0);
    merged.y.assign(groups, 0.0);
    std::vector<double> first_y(groups);
    double weight_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        if (first[i] == static_cast<std::int64_t>(i)) first_y[group[i]] = y[i];
        merged.weights[group[i]] += w;
        merged.y[group[i]] += w * y[i];
        weight_sum += w;
    }
    for (std::size_t g = 0; g < groups; ++g) {
        // A group without weight takes no part in the fit; any response will do.
        merged.y[g] = merged.weights[g] > 0 ? merged.y[g] / merged.weights[g] : first_y[g];
    }
    if (weight_sum > 0) {
        for (std::size_t i = 0; i < n; ++i) {
            const double w = weights.empty() ? 1.0 : weights[i];
            const double d = y[i] - merged.y[group[i]];
            merged.within_squares += w * d * d;
        }
        merged.within_squares *= static_cast<double>(n) / weight_sum;
    }

    std::vector<I> indptr(groups + 1, I{0});
    std::vector<I> indices;
    std::vector<T> kept;
    indices.reserve(values.size() - merged_entries);
    kept.reserve(values.size() - merged_entries);
    for (std::size_t i = 0; i < n; ++i) {
        if (first[i] != static_cast<std::int64_t>(i)) continue;
        const RowKey<T, I> row = key(i);
        indices.insert(indices.end(), row.columns.begin(), row.columns.end());
        kept.insert(kept.end(), row.values.begin(), row.values.end());
        indptr[group[i] + 1] = static_cast<I>(indices.size());
    }
    merged.X = CsrMatrix<T, I>(static_cast<I>(groups), X.cols(), std::move(indptr), std::move(indices),
                               std::move(kept), {.threads = threads});
    return merged;
}

template std::optional<MergedRows<float, std::int32_t>> merge_duplicate_rows(
    CsrView<float, std::int32_t>, std::span<const double>, std::span<const double>, int);
template std::optional<MergedRows<float, std::int64_t>> merge_duplicate_rows(
    CsrView<float, std::int64_t>, std::span<const double>, std::span<const double>, int);
template std::optional<MergedRows<double, std::int32_t>> merge_duplicate_rows(
    CsrView<double, std::int32_t>, std::span<const double>, std::span<const double>, int);
template std::optional<MergedRows<double, std::int64_t>> merge_duplicate_rows(
    CsrView<double, std::int64_t>, std::span<const double>, std::span<const double>, int);

}  // namespace sparsereg::detail
