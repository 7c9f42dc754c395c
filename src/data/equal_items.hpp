#pragma once

// Groups equal sparse vectors (a design's columns, its rows): for each item,
// the first item (lowest index) equal to it, or the item itself. Hashes in
// parallel, groups equal hashes, and compares exactly within them, so a hash
// collision never merges items that differ.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "parallel/executor.hpp"

namespace sparsereg::detail {

// splitmix64's finalizer: every input bit reaches every output bit.
inline std::uint64_t mix_hash(std::uint64_t h) noexcept {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

// An item's hash from its key: seed() (its size, and whatever else sets it
// apart) and mix_entry(h, k) for each entry k, or for the first, middle and
// last only (quick: cheap on long items, and enough to tell most apart).
template <class Key>
std::uint64_t item_hash(const Key& key, bool quick) noexcept {
    std::uint64_t h = key.seed();
    const std::size_t size = key.size();
    if (quick && size > 3) {
        for (const std::size_t k : {std::size_t{0}, size / 2, size - 1}) h = key.mix_entry(h, k);
        return h;
    }
    for (std::size_t k = 0; k < size; ++k) h = key.mix_entry(h, k);
    return h;
}

namespace equal_items_detail {

using Hashed = std::vector<std::pair<std::uint64_t, std::int64_t>>;

// The (hash, item) pairs with item ≥ 0, grouped by hash (equal hashes
// adjacent, each run in item order): a counting sort on the hash's top bits
// (stable, so each bucket lists its items in order) and a sort of each small
// bucket. A plain sort of news20's 385,513 column hashes took 27 ms of its
// 1.4 s path. About one bucket per item, up to 2^16: a fixed 2^16 made
// diabetes' 1 ms path (10 columns, 442 rows) spend half its time clearing
// and faulting in the counters.
inline Hashed group_by_hash(const Hashed& hashed) {
    const int bucket_bits = std::clamp(static_cast<int>(std::bit_width(hashed.size())), 1, 16);
    std::vector<std::size_t> bucket_start((std::size_t{1} << bucket_bits) + 1, 0);
    const auto bucket = [bucket_bits](std::uint64_t h) {
        return static_cast<std::size_t>(h >> (64 - bucket_bits));
    };
    for (const auto& [h, i] : hashed) {
        if (i >= 0) ++bucket_start[bucket(h) + 1];
    }
    std::partial_sum(bucket_start.begin(), bucket_start.end(), bucket_start.begin());
    Hashed grouped(bucket_start.back());
    {
        std::vector<std::size_t> next(bucket_start.begin(), bucket_start.end() - 1);
        for (const auto& entry : hashed) {
            if (entry.second >= 0) grouped[next[bucket(entry.first)]++] = entry;
        }
    }
    for (std::size_t b = 0; b + 1 < bucket_start.size(); ++b) {
        const auto first_entry = grouped.begin() + static_cast<std::ptrdiff_t>(bucket_start[b]);
        const auto last_entry = grouped.begin() + static_cast<std::ptrdiff_t>(bucket_start[b + 1]);
        if (last_entry - first_entry > 1) std::sort(first_entry, last_entry);
    }
    return grouped;
}

// Calls run(begin, end) for each run of two or more equal hashes.
template <class Run>
void for_each_shared_hash(const Hashed& grouped, Run run) {
    for (std::size_t begin = 0, end = 0; begin < grouped.size(); begin = end) {
        end = begin + 1;
        while (end < grouped.size() && grouped[end].first == grouped[begin].first) ++end;
        if (end - begin > 1) run(begin, end);
    }
}

}  // namespace equal_items_detail

// key(i) gives item i's key, with size(), seed(), mix_entry(h, k) (see
// item_hash) and equals(other key); items for which comparable(i) is false
// are their own and never compared. Only items whose quick hash another
// item shares are hashed whole: on wide dense data (lung's rows,
// 12,533 values each) hashing every entry took a fifth of a 60 ms path.
template <class Key, class Comparable>
std::vector<std::int64_t> first_equal_items(std::size_t count, const Executor& executor, Key key,
                                            Comparable comparable) {
    using namespace equal_items_detail;
    constexpr std::size_t items_per_block = 4096;
    const auto hash_all = [&](bool quick, const auto& included) {
        Hashed hashed(count);
        executor.for_each_range(count, items_per_block, [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                hashed[i] = included(i) ? std::pair{item_hash(key(i), quick), static_cast<std::int64_t>(i)}
                                        : std::pair{std::uint64_t{0}, std::int64_t{-1}};
            }
        });
        return group_by_hash(hashed);
    };
    std::vector<char> shared(count, 0);
    {
        const Hashed quick = hash_all(true, comparable);
        for_each_shared_hash(quick, [&](std::size_t begin, std::size_t end) {
            for (std::size_t at = begin; at < end; ++at) shared[static_cast<std::size_t>(quick[at].second)] = 1;
        });
    }
    const Hashed grouped = hash_all(false, [&shared](std::size_t i) { return shared[i] != 0; });

    std::vector<std::int64_t> first(count);
    std::iota(first.begin(), first.end(), std::int64_t{0});
    std::vector<std::int64_t> distinct;  // the run's items unlike any before them
    for_each_shared_hash(grouped, [&](std::size_t begin, std::size_t end) {
        distinct.clear();
        for (std::size_t at = begin; at < end; ++at) {
            const std::int64_t i = grouped[at].second;
            const auto item = key(static_cast<std::size_t>(i));
            const auto same = std::find_if(distinct.begin(), distinct.end(), [&](std::int64_t earlier) {
                return key(static_cast<std::size_t>(earlier)).equals(item);
            });
            if (same == distinct.end()) {
                distinct.push_back(i);
            } else {
                first[static_cast<std::size_t>(i)] = *same;
            }
        }
    });
    return first;
}

}  // namespace sparsereg::detail
