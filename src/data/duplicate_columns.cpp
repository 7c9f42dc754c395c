#include "data/duplicate_columns.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <numeric>
#include <span>
#include <utility>

#include "parallel/executor.hpp"

namespace sparsereg::detail {

namespace {

// splitmix64's finalizer: every input bit reaches every output bit.
std::uint64_t mix(std::uint64_t h) noexcept {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

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
    std::uint64_t hash() const noexcept {
        std::uint64_t h = mix(rows.size() + (proportional && first() < 0 ? 1ULL << 63 : 0));
        for (std::size_t k = 0; k < rows.size(); ++k) {
            h = mix(h ^ static_cast<std::uint64_t>(rows[k]));
            h = mix(h ^ std::bit_cast<std::uint64_t>(value(k)));
        }
        return h;
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

    // Hashes in parallel (news20: 3.9 M nonzeros), then the comparable
    // columns grouped by hash: a counting sort on its top bits (stable, so
    // each bucket lists its columns in order), and a sort of each small
    // bucket by hash and index. A plain sort of news20's 385,513 columns
    // took 27 ms of its 1.4 s path.
    std::vector<std::pair<std::uint64_t, std::int64_t>> hashed(p);
    const Executor executor(X.threads());
    constexpr std::size_t columns_per_block = 4096;
    executor.for_each_range(p, columns_per_block, [&](std::size_t begin, std::size_t end) {
        for (std::size_t j = begin; j < end; ++j) {
            hashed[j] = comparable(j) ? std::pair{key(j).hash(), static_cast<std::int64_t>(j)}
                                      : std::pair{std::uint64_t{0}, std::int64_t{-1}};
        }
    });
    constexpr int bucket_bits = 16;
    std::vector<std::size_t> bucket_start((std::size_t{1} << bucket_bits) + 1, 0);
    const auto bucket = [](std::uint64_t h) { return static_cast<std::size_t>(h >> (64 - bucket_bits)); };
    for (const auto& [h, j] : hashed) {
        if (j >= 0) ++bucket_start[bucket(h) + 1];
    }
    std::partial_sum(bucket_start.begin(), bucket_start.end(), bucket_start.begin());
    std::vector<std::pair<std::uint64_t, std::int64_t>> grouped(bucket_start.back());
    {
        std::vector<std::size_t> next(bucket_start.begin(), bucket_start.end() - 1);
        for (const auto& entry : hashed) {
            if (entry.second >= 0) grouped[next[bucket(entry.first)]++] = entry;
        }
    }
    hashed = {};
    for (std::size_t b = 0; b + 1 < bucket_start.size(); ++b) {
        const auto first_entry = grouped.begin() + static_cast<std::ptrdiff_t>(bucket_start[b]);
        const auto last_entry = grouped.begin() + static_cast<std::ptrdiff_t>(bucket_start[b + 1]);
        if (last_entry - first_entry > 1) std::sort(first_entry, last_entry);
    }

    std::vector<std::int64_t> first(p);
    std::iota(first.begin(), first.end(), std::int64_t{0});
    std::vector<std::int64_t> distinct;  // the run's columns unlike any before them
    for (std::size_t run = 0, end = 0; run < grouped.size(); run = end) {
        end = run + 1;
        while (end < grouped.size() && grouped[end].first == grouped[run].first) ++end;
        if (end - run == 1) continue;  // a lone hash has no equal
        distinct.clear();
        for (std::size_t at = run; at < end; ++at) {
            const std::int64_t j = grouped[at].second;
            const auto column = key(static_cast<std::size_t>(j));
            const auto same = std::find_if(distinct.begin(), distinct.end(), [&](std::int64_t earlier) {
                return key(static_cast<std::size_t>(earlier)).equals(column);
            });
            if (same == distinct.end()) {
                distinct.push_back(j);
            } else {
                first[static_cast<std::size_t>(j)] = *same;
            }
        }
    }
    return first;
}

template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<float, std::int32_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<float, std::int64_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<double, std::int32_t>&);
template std::vector<std::int64_t> first_equal_columns(const DesignMatrix<double, std::int64_t>&);

}  // namespace sparsereg::detail
