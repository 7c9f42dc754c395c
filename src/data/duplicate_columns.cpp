#include "data/duplicate_columns.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <span>

#include "data/equal_items.hpp"

namespace sparsereg::detail {

namespace {

// Column j as the comparison sees it: its rows, and its values divided by
// the first one when `proportional`, with that value's sign kept apart (a
// column and its negation have opposite working columns).
template <class T, class I>
struct ColumnKey {
    std::span<const I> rows;
    std::span<const T> values;
    bool proportional;

    double first() const noexcept { return static_cast<double>(values[0]); }
    double value(std::size_t k) const noexcept {
        const double v = static_cast<double>(values[k]);
        return proportional ? v / first() : v;
    }
    std::size_t size() const noexcept { return rows.size(); }
    std::uint64_t seed() const noexcept {
        return mix_hash(rows.size() + (proportional && first() < 0 ? 1ULL << 63 : 0));
    }
    std::uint64_t mix_entry(std::uint64_t h, std::size_t k) const noexcept {
        h = mix_hash(h ^ static_cast<std::uint64_t>(rows[k]));
        return mix_hash(h ^ std::bit_cast<std::uint64_t>(value(k)));
    }
    bool equals(const ColumnKey& other) const noexcept {
        if (rows.size() != other.rows.size() || !std::equal(rows.begin(), rows.end(), other.rows.begin())) {
            return false;
        }
        if (proportional && (first() < 0) != (other.first() < 0)) return false;
        for (std::size_t k = 0; k < rows.size(); ++k) {
            if (!(value(k) == other.value(k))) return false;
        }
        return true;
    }
};

}  // namespace

template <StorageValue T, StorageIndex I>
std::vector<std::int64_t> first_equal_columns(const DesignMatrix<T, I>& X) {
    const auto& csc = X.csc();
    const auto p = static_cast<std::size_t>(X.cols());
    const bool proportional = X.standardize();
    const auto key = [&](std::size_t j) {
        const auto col = static_cast<I>(j);
        return ColumnKey<T, I>{csc.col_rows(col), csc.col_values(col), proportional};
    };
    // A column is compared only when it can be: not fixed, some nonzero,
    // and (for proportions) a first value to divide by.
    const auto comparable = [&](std::size_t j) {
        const auto jj = static_cast<std::int64_t>(j);
        const auto values = csc.col_values(static_cast<I>(j));
        return !X.fixed_at_zero(jj) && !values.empty() && values[0] != T{0};
    };
    return first_equal_items(p, Executor(X.threads()), key, comparable);
}

template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<float, std::int32_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<float, std::int64_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<double, std::int32_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<double, std::int64_t>&);

}  // namespace sparsereg::detail
