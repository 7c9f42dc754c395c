#include "sparsereg/io/svmlight.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "io/release_freed_memory.hpp"
#include "io/size_text.hpp"
#include "io/text_scan.hpp"
#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"

namespace sparsereg {

namespace {

// Text is cut into line-aligned chunks of about this size and the chunks are
// parsed concurrently. The size, not the thread count, fixes the cut, and the
// chunks are joined in order, so the result is the same for any thread count.
constexpr std::size_t chunk_bytes = std::size_t{1} << 20;
constexpr std::size_t no_failure = std::numeric_limits<std::size_t>::max();

// What one chunk holds after parsing; indices are as written in the file.
template <class T>
struct Chunk {
    std::vector<double> labels;
    std::vector<std::int64_t> row_end;  // cumulative entry count after each row
    std::vector<std::int64_t> indices;
    std::vector<T> values;
    std::int64_t min_index = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_index = -1;
    std::size_t failure_offset = no_failure;  // byte offset into the whole text
    std::string failure;
};

// Feature indices outside [lowest, highest] are errors found while parsing.
struct IndexBounds {
    std::int64_t lowest;
    std::int64_t highest;
    std::string above_message;  // why an index above `highest` is wrong
};

template <class T>
constexpr const char* type_name() {
    return std::is_same_v<T, float> ? "float" : "double";
}

bool has_binary_bytes(const char* p, const char* end) {
    for (const char* q = p, *stop = detail::token_end(p, end); q != stop; ++q) {
        const auto c = static_cast<unsigned char>(*q);
        if ((c < 0x20 && c != '\t') || c >= 0x7f) return true;
    }
    return false;
}

const char* skip_line(const char* p, const char* end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    return nl ? static_cast<const char*>(nl) + 1 : end;
}

// Parses the lines in [begin, end) of `text`, both at line starts. Stops at
// the first malformed token and records where and why, so the caller can
// report the first error of the whole file whichever thread found it.
template <class T>
void parse_chunk(std::string_view text, std::size_t begin, std::size_t end,
                 const IndexBounds& bounds, std::int64_t index_capacity, bool allow_nonfinite,
                 Chunk<T>& out) {
    const char* const base = text.data();
    const char* p = base + begin;
    const char* const e = base + end;
    auto fail = [&](const char* at, std::string problem) {
        if (has_binary_bytes(at, e)) {
            problem = "binary or non-ASCII data where " + problem.substr(0, problem.find(':')) +
                      " was expected: is this a text svmlight file?";
        }
        out.failure_offset = static_cast<std::size_t>(at - base);
        out.failure = std::move(problem);
    };

    // An entry line of text is rarely shorter than 8 bytes per nonzero.
    const std::size_t estimate = (end - begin) / 8 + 16;
    out.indices.reserve(estimate);
    out.values.reserve(estimate);

    while (p < e) {
        while (p < e && detail::is_blank(*p)) ++p;
        if (p == e) break;
        if (*p == '\n') {
            ++p;
            continue;
        }
        if (*p == '\r' && (p + 1 == e || p[1] == '\n')) {
            p += (p + 1 == e) ? 1 : 2;
            continue;
        }
        if (*p == '#') {
            p = skip_line(p, e);
            continue;
        }

        const char* token = p;
        double label = 0;
        switch (detail::parse_real(p, e, label)) {
            case detail::NumberStatus::ok:
                break;
            case detail::NumberStatus::invalid: {
                const std::string_view t(token, static_cast<std::size_t>(p - token));
                if (t.find(',') != std::string_view::npos) {
                    return fail(token, "label: multi-label rows are not supported");
                }
                if (t.find(':') != std::string_view::npos) {
                    return fail(token, "label: missing, the line starts with a feature");
                }
                return fail(token, "label: not a number");
            }
            case detail::NumberStatus::overflow:
                return fail(token, "label: overflows a double");
            case detail::NumberStatus::nonfinite:
                if (!allow_nonfinite) return fail(token, "label: NaN and infinite labels are rejected");
                break;
        }

        std::int64_t first = -1;
        std::int64_t previous = -1;
        bool has_features = false;
        for (;;) {
            while (p < e && detail::is_blank(*p)) ++p;
            if (p == e) break;
            const char c = *p;
            if (c == '\n') {
                ++p;
                break;
            }
            if (c == '\r') {
                if (p + 1 == e || p[1] == '\n') {
                    p += (p + 1 == e) ? 1 : 2;
                    break;
                }
                return fail(p, "line: a carriage return stands inside the line");
            }
            if (c == '#') {
                p = skip_line(p, e);
                break;
            }

            token = p;
            if (e - p >= 4 && std::memcmp(p, "qid:", 4) == 0) {
                if (has_features) return fail(token, "qid: must come before the features");
                p += 4;
                std::int64_t qid = 0;
                if (detail::parse_index(p, e, std::numeric_limits<std::int64_t>::max(), qid) !=
                        detail::IndexStatus::ok ||
                    !detail::ends_token(p, e)) {
                    return fail(token, "qid: needs a non-negative integer, as in qid:3");
                }
                continue;
            }

            std::int64_t index = 0;
            switch (detail::parse_index(p, e, index_capacity, index)) {
                case detail::IndexStatus::ok:
                    break;
                case detail::IndexStatus::invalid:
                    return fail(token, "feature: expected index:value");
                case detail::IndexStatus::negative:
                    return fail(token, "feature index: negative");
                case detail::IndexStatus::overflow:
                    return fail(token, "feature index: beyond " + std::to_string(index_capacity) +
                                           ", the largest the index type holds (use 64-bit indices)");
            }
            if (p == e || *p != ':') {
                return fail(token, "feature: expected index:value, no ':' follows the index");
            }
            ++p;
            if (index < bounds.lowest) {
                return fail(token, "feature index: 0 in a one-based file (indices start at 1; "
                                   "read it as zero-based if it is)");
            }
            if (index > bounds.highest) return fail(token, "feature index: " + bounds.above_message);
            if (index <= previous) {
                return fail(token, index == previous
                                       ? "feature index: " + std::to_string(index) +
                                             " appears twice in the row"
                                       : "feature index: indices must increase within a row, " +
                                             std::to_string(index) + " follows " +
                                             std::to_string(previous));
            }

            const char* value_token = p;
            T value = 0;
            switch (detail::parse_real(p, e, value)) {
                case detail::NumberStatus::ok:
                    break;
                case detail::NumberStatus::invalid:
                    if (detail::ends_token(value_token, e)) {
                        return fail(token, "feature value: missing after ':'");
                    }
                    return fail(value_token, "feature value: not a number");
                case detail::NumberStatus::overflow:
                    return fail(value_token, std::string("feature value: overflows a ") + type_name<T>());
                case detail::NumberStatus::nonfinite:
                    if (!allow_nonfinite) {
                        return fail(value_token, "feature value: NaN and infinite values are rejected");
                    }
                    break;
            }
            if (!has_features) first = index;
            previous = index;
            has_features = true;
            out.indices.push_back(index);
            out.values.push_back(value);
        }
        if (has_features) {
            out.min_index = std::min(out.min_index, first);
            out.max_index = std::max(out.max_index, previous);
        }
        out.labels.push_back(label);
        out.row_end.push_back(static_cast<std::int64_t>(out.indices.size()));
    }
}

// Line-aligned cut points: every chunk but the last ends just after a '\n'.
std::vector<std::size_t> chunk_boundaries(std::string_view text) {
    std::vector<std::size_t> cuts{0};
    while (cuts.back() + chunk_bytes < text.size()) {
        const std::size_t from = cuts.back() + chunk_bytes;
        const void* nl = std::memchr(text.data() + from, '\n', text.size() - from);
        if (!nl) break;
        cuts.push_back(static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1);
    }
    if (cuts.back() != text.size()) cuts.push_back(text.size());
    return cuts;
}

template <class T>
std::vector<Chunk<T>> parse_chunks(std::string_view text, const std::vector<std::size_t>& cuts,
                                   const IndexBounds& bounds, std::int64_t index_capacity,
                                   bool allow_nonfinite, const detail::Executor& executor) {
    std::vector<Chunk<T>> chunks(cuts.size() - 1);
    executor.for_each_block(chunks.size(), [&](std::size_t c) {
        parse_chunk(text, cuts[c], cuts[c + 1], bounds, index_capacity, allow_nonfinite,
                    chunks[c]);
    });
    return chunks;
}

template <class T>
void throw_first_failure(const std::vector<Chunk<T>>& chunks, std::string_view text,
                         std::string_view name) {
    for (const auto& chunk : chunks) {
        if (chunk.failure_offset != no_failure) {
            detail::throw_parse_error(name, text, chunk.failure_offset, chunk.failure);
        }
    }
}

// Parses the chunks, throwing the first parse error in file order. With a
// max_nnz, chunks are parsed in waves of 1, 2, 4, ... 64 (fixed sizes, so the
// outcome does not depend on the thread count), and parsing stops at the first
// wave that passes the limit: a file far over it costs little time and memory.
template <class T>
std::vector<Chunk<T>> parse_limited(std::string_view text, std::string_view name,
                                    const std::vector<std::size_t>& cuts,
                                    const IndexBounds& bounds, std::int64_t index_capacity,
                                    bool allow_nonfinite, std::int64_t max_nnz,
                                    const detail::Executor& executor) {
    if (max_nnz == 0) {
        auto chunks = parse_chunks<T>(text, cuts, bounds, index_capacity, allow_nonfinite, executor);
        throw_first_failure(chunks, text, name);
        return chunks;
    }
    const std::size_t n = cuts.size() - 1;
    std::vector<Chunk<T>> chunks(n);
    std::uint64_t nnz = 0;
    std::size_t begin = 0;
    std::size_t wave = 1;
    constexpr std::size_t max_wave = 64;
    while (begin < n) {
        const std::size_t end = std::min(n, begin + wave);
        executor.for_each_block(end - begin, [&](std::size_t c) {
            parse_chunk(text, cuts[begin + c], cuts[begin + c + 1], bounds, index_capacity,
                        allow_nonfinite, chunks[begin + c]);
        });
        for (std::size_t c = begin; c < end; ++c) {
            if (chunks[c].failure_offset != no_failure) {
                detail::throw_parse_error(name, text, chunks[c].failure_offset, chunks[c].failure);
            }
            nnz += chunks[c].indices.size();
            if (nnz <= static_cast<std::uint64_t>(max_nnz)) continue;
            const std::string limit = "max_nnz = " + detail::with_commas(static_cast<std::uint64_t>(max_nnz));
            if (c + 1 == n) {
                throw IoError(std::string(name),
                              detail::with_commas(nnz) + " nonzeros exceed " + limit);
            }
            const double read = static_cast<double>(cuts[c + 1]);
            const double estimate = static_cast<double>(nnz) * static_cast<double>(text.size()) / read;
            throw IoError(std::string(name),
                          "at least " + detail::with_commas(nnz) + " nonzeros; about " +
                              detail::format_count(estimate) + " estimated from the first " +
                              detail::format_percent(read, static_cast<double>(text.size())) +
                              " of the text; exceeds " + limit);
        }
        begin = end;
        wave = std::min(wave * 2, max_wave);
    }
    return chunks;
}

}  // namespace

template <StorageValue T, StorageIndex I>
LabeledData<T, I> parse_svmlight(std::string_view text, std::string_view name,
                                 const SvmlightOptions& options) {
    constexpr std::int64_t capacity = std::numeric_limits<I>::max();
    if (options.n_features < 0 || options.n_features > capacity) {
        throw InvalidArgument("n_features", "must be in [0, " + std::to_string(capacity) +
                                                "], got " + std::to_string(options.n_features));
    }
    if (options.max_nnz < 0) {
        throw InvalidArgument("max_nnz", "must be >= 0 (0: no limit), got " +
                                             std::to_string(options.max_nnz));
    }
    const detail::Executor executor(options.threads);
    const auto cuts = chunk_boundaries(text);

    // Bounds we can enforce while parsing; with automatic numbering an index
    // equal to n_features is legal until we know the file is zero-based.
    const bool one_based = options.index_base == IndexBase::one;
    const std::int64_t n_features = options.n_features;
    IndexBounds bounds{one_based ? 1 : 0, capacity, ""};
    if (n_features > 0) {
        bounds.highest = options.index_base == IndexBase::zero ? n_features - 1 : n_features;
        bounds.above_message = "beyond n_features = " + std::to_string(n_features);
    }
    auto chunks = parse_limited<T>(text, name, cuts, bounds, capacity, options.allow_nonfinite,
                                   options.max_nnz, executor);

    std::int64_t min_index = std::numeric_limits<std::int64_t>::max();
    std::int64_t max_index = -1;
    std::int64_t rows = 0;
    std::int64_t nnz = 0;
    for (const auto& chunk : chunks) {
        min_index = std::min(min_index, chunk.min_index);
        max_index = std::max(max_index, chunk.max_index);
        rows += static_cast<std::int64_t>(chunk.labels.size());
        nnz += static_cast<std::int64_t>(chunk.indices.size());
    }
    if (rows == 0) {
        detail::throw_parse_error(name, text, 0,
                                  text.empty() ? "empty file: no data rows"
                                               : "no data rows: only blank or comment lines");
    }

    LabeledData<T, I> data;
    data.index_base = options.index_base != IndexBase::automatic ? options.index_base
                      : min_index == 0                           ? IndexBase::zero
                                                                 : IndexBase::one;
    const std::int64_t shift = data.index_base == IndexBase::one ? 1 : 0;
    if (n_features > 0 && max_index - shift >= n_features) {
        // Only automatic numbering gets here: parse again with the bounds now
        // known, to name the first offending line.
        bounds = {shift, n_features - 1 + shift,
                  "beyond n_features = " + std::to_string(n_features) +
                      " (the file is zero-based: it has index 0)"};
        throw_first_failure(
            parse_chunks<T>(text, cuts, bounds, capacity, options.allow_nonfinite, executor),
            text, name);
    }
    // A file without a single feature has 0 columns in either numbering
    // (max_index is -1 there, which one-based numbering would make -1 columns).
    const std::int64_t cols = n_features > 0 ? n_features
                              : max_index < 0 ? 0
                                              : max_index + 1 - shift;
    if (rows > capacity || nnz > capacity || cols > capacity) {
        throw Error(std::string(name) + ": the file has " + std::to_string(rows) + " rows, " +
                    std::to_string(nnz) + " nonzeros and " + std::to_string(cols) +
                    " columns: more than 32-bit indices hold; read it with 64-bit indices");
    }

    // Join the chunks in order into the final arrays.
    std::vector<std::int64_t> row_offset(chunks.size() + 1, 0);
    std::vector<std::int64_t> entry_offset(chunks.size() + 1, 0);
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        row_offset[c + 1] = row_offset[c] + static_cast<std::int64_t>(chunks[c].labels.size());
        entry_offset[c + 1] = entry_offset[c] + static_cast<std::int64_t>(chunks[c].indices.size());
    }
    std::vector<I> indptr(static_cast<std::size_t>(rows) + 1, 0);
    std::vector<I> indices(static_cast<std::size_t>(nnz));
    std::vector<T> values(static_cast<std::size_t>(nnz));
    data.y.resize(static_cast<std::size_t>(rows));
    executor.for_each_block(chunks.size(), [&](std::size_t c) {
        Chunk<T>& chunk = chunks[c];
        const auto r0 = static_cast<std::size_t>(row_offset[c]);
        const auto k0 = static_cast<std::size_t>(entry_offset[c]);
        std::copy(chunk.labels.begin(), chunk.labels.end(), data.y.begin() + r0);
        for (std::size_t r = 0; r < chunk.row_end.size(); ++r) {
            indptr[r0 + r + 1] = static_cast<I>(entry_offset[c] + chunk.row_end[r]);
        }
        for (std::size_t k = 0; k < chunk.indices.size(); ++k) {
            indices[k0 + k] = static_cast<I>(chunk.indices[k] - shift);
        }
        std::copy(chunk.values.begin(), chunk.values.end(), values.begin() + k0);
        chunk = Chunk<T>{};  // release the chunk's memory as soon as it is copied
    });
    data.X = CsrMatrix<T, I>(static_cast<I>(rows), static_cast<I>(cols), std::move(indptr),
                             std::move(indices), std::move(values),
                             {.allow_nonfinite = options.allow_nonfinite, .threads = options.threads});
    data.text_bytes = text.size();
    return data;
}

template <StorageValue T, StorageIndex I>
LabeledData<T, I> read_svmlight(const std::filesystem::path& path, const SvmlightOptions& options) {
    LabeledData<T, I> data;
    {
        const TextFile file = read_text_file(path, {.max_bytes = options.max_bytes});
        data = parse_svmlight<T, I>(file.text, file.name, options);
        data.compression = file.compression;
        data.file_bytes = file.file_bytes;
    }
    detail::release_freed_memory();
    return data;
}

#define SPARSEREG_INSTANTIATE_SVMLIGHT(T, I)                                                     \
    template LabeledData<T, I> read_svmlight<T, I>(const std::filesystem::path&,                \
                                                   const SvmlightOptions&);                     \
    template LabeledData<T, I> parse_svmlight<T, I>(std::string_view, std::string_view,         \
                                                    const SvmlightOptions&);
SPARSEREG_INSTANTIATE_SVMLIGHT(float, std::int32_t)
SPARSEREG_INSTANTIATE_SVMLIGHT(float, std::int64_t)
SPARSEREG_INSTANTIATE_SVMLIGHT(double, std::int32_t)
SPARSEREG_INSTANTIATE_SVMLIGHT(double, std::int64_t)
#undef SPARSEREG_INSTANTIATE_SVMLIGHT

}  // namespace sparsereg
