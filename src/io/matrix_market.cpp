#include "sparsereg/io/matrix_market.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "io/release_freed_memory.hpp"
#include "io/size_text.hpp"
#include "io/text_scan.hpp"
#include "parallel/executor.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg {

namespace {

constexpr std::string_view banner_example =
    "'%%MatrixMarket matrix coordinate real general' (or array instead of coordinate; "
    "integer or pattern instead of real)";

// Rows per block when sorting rows and looking for duplicates.
constexpr std::size_t rows_per_block = 4096;

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// A duplicate coordinate entry: entry numbers in file order, and its row.
struct Duplicate {
    std::size_t second = none;
    std::size_t first = none;
    std::size_t row = none;
};

enum class Format { coordinate, array };
enum class Field { real, integer, pattern };

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

// In Matrix Market only blanks separate tokens; '#' and a stray '\r' are text
// to quote, not boundaries (a line's final '\r' is cut before scanning).
const char* field_end(const char* p, const char* end) noexcept {
    while (p != end && !is_space(*p)) ++p;
    return p;
}

const char* skip_spaces(const char* p, const char* end) noexcept {
    while (p != end && is_space(*p)) ++p;
    return p;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[k]) != lower(b[k])) return false;
    }
    return true;
}

template <class I>
std::string index_type_name() {
    return sizeof(I) == 4 ? "32-bit (std::int32_t)" : "64-bit (std::int64_t)";
}

template <class T>
std::string value_type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

template <StorageValue T, StorageIndex I>
class Parser {
public:
    Parser(std::string_view text, std::string_view name, const MatrixMarketOptions& options)
        : text_(text), name_(name), options_(options) {}

    CsrMatrix<T, I> parse() {
        if (options_.max_nnz < 0) {
            throw InvalidArgument("max_nnz", "must be >= 0 (0: no limit), got " +
                                                 std::to_string(options_.max_nnz));
        }
        if (text_.empty()) {
            fail(std::size_t{0}, 0,
                 "empty file: expected the Matrix Market banner " + std::string(banner_example));
        }
        parse_banner();
        parse_size_line();
        if (format_ == Format::coordinate) {
            parse_coordinate_entries();
        } else {
            parse_array_entries();
        }
        return build();
    }

private:
    struct Line {
        const char* begin;
        const char* end;  // before "\n" or "\r\n"
    };

    [[noreturn]] void fail(const char* at, const char* token_end,
                           const std::string& problem) const {
        fail(static_cast<std::size_t>(at - text_.data()), static_cast<std::size_t>(token_end - at),
             problem);
    }
    [[noreturn]] void fail(std::size_t offset, std::size_t length,
                           const std::string& problem) const {
        detail::throw_parse_error(name_, text_, offset, length, problem);
    }
    // Quotes the blank-delimited field starting at `at`.
    [[noreturn]] void fail_field(const char* at, const Line& line,
                                 const std::string& problem) const {
        fail(at, field_end(at, line.end), problem);
    }

    bool next_line(Line& line) noexcept {
        if (pos_ >= text_.size()) return false;
        const char* begin = text_.data() + pos_;
        const char* text_end = text_.data() + text_.size();
        const auto* nl = static_cast<const char*>(
            std::memchr(begin, '\n', static_cast<std::size_t>(text_end - begin)));
        const char* end = nl != nullptr ? nl : text_end;
        pos_ = static_cast<std::size_t>(end - text_.data()) + (nl != nullptr ? 1 : 0);
        if (end != begin && end[-1] == '\r') --end;
        line = {begin, end};
        return true;
    }

    // Blank lines and '%' comments carry no data anywhere after the banner.
    static bool is_data(const Line& line) noexcept {
        const char* p = skip_spaces(line.begin, line.end);
        return p != line.end && *p != '%';
    }

    bool next_data_line(Line& line) noexcept {
        while (next_line(line)) {
            if (is_data(line)) return true;
        }
        return false;
    }

    void parse_banner() {
        Line line{};
        next_line(line);
        const char* p = line.begin;
        const char* e = field_end(p, line.end);
        const std::string_view first(p, static_cast<std::size_t>(e - p));
        if (!iequals(first, "%%MatrixMarket")) {
            if (first.starts_with("%%")) {
                fail(p, e,
                     "garbled banner: the first line must start with %%MatrixMarket, as in " +
                         std::string(banner_example));
            }
            fail(p, e,
                 "not a Matrix Market file: the first line must be the banner " +
                     std::string(banner_example));
        }
        const char* tokens[4];
        const char* token_ends[4];
        for (int k = 0; k < 4; ++k) {
            p = skip_spaces(e, line.end);
            if (p == line.end) {
                fail(line.begin, line.end,
                     "incomplete banner: expected " + std::string(banner_example));
            }
            e = field_end(p, line.end);
            tokens[k] = p;
            token_ends[k] = e;
        }
        const auto token = [&](int k) {
            return std::string_view(tokens[k], static_cast<std::size_t>(token_ends[k] - tokens[k]));
        };
        p = skip_spaces(e, line.end);
        if (p != line.end) {
            fail_field(p, line,
                       "unexpected text after the banner's symmetry; expected " +
                           std::string(banner_example));
        }

        if (!iequals(token(0), "matrix")) {
            fail(tokens[0], token_ends[0],
                 iequals(token(0), "vector")
                     ? "Matrix Market vectors are not supported: only 'matrix' objects are read"
                     : "unknown object: only 'matrix' is supported");
        }

        if (iequals(token(1), "coordinate")) {
            format_ = Format::coordinate;
        } else if (iequals(token(1), "array")) {
            format_ = Format::array;
        } else {
            fail(tokens[1], token_ends[1], "unknown format: expected 'coordinate' or 'array'");
        }

        const std::string supported_fields =
            format_ == Format::coordinate ? "real, integer and pattern" : "real and integer";
        if (iequals(token(2), "real")) {
            field_ = Field::real;
        } else if (iequals(token(2), "integer")) {
            field_ = Field::integer;
        } else if (iequals(token(2), "pattern") && format_ == Format::coordinate) {
            field_ = Field::pattern;
        } else if (iequals(token(2), "pattern")) {
            fail(tokens[2], token_ends[2],
                 "pattern is only valid with the coordinate format; array fields can be " +
                     supported_fields);
        } else if (iequals(token(2), "complex")) {
            fail(tokens[2], token_ends[2],
                 "complex matrices are not supported: supported fields are " + supported_fields);
        } else {
            fail(tokens[2], token_ends[2],
                 "unknown field: supported fields are " + supported_fields);
        }

        if (!iequals(token(3), "general")) {
            const bool known = iequals(token(3), "symmetric") ||
                               iequals(token(3), "skew-symmetric") ||
                               iequals(token(3), "hermitian");
            fail(tokens[3], token_ends[3],
                 std::string(known ? "unsupported symmetry" : "unknown symmetry") +
                     ": only 'general' matrices are read (expand a symmetric matrix to both "
                     "triangles and write it as general)");
        }
    }

    // A whole number in the size line, as int64; `what` names it in messages.
    std::int64_t size_field(const char*& p, const Line& line, const char* what) {
        const char* start = p;
        std::int64_t value = 0;
        const detail::IndexStatus status =
            detail::parse_index(p, line.end, std::numeric_limits<std::int64_t>::max(), value);
        const std::string expected =
            format_ == Format::coordinate ? "'rows columns entries'" : "'rows columns'";
        switch (status) {
            case detail::IndexStatus::ok: break;
            case detail::IndexStatus::negative:
                fail_field(start, line, std::string("negative ") + what + " in the size line");
            case detail::IndexStatus::invalid:
                fail_field(start, line,
                           std::string("bad size line: the ") + what +
                               " must be a whole number; expected " + expected);
            case detail::IndexStatus::overflow:
                fail_field(start, line,
                           std::string("bad size line: the ") + what +
                               " is too large (more than 2^63 - 1)");
        }
        if (p != line.end && !is_space(*p)) {
            fail_field(start, line,
                       std::string("bad size line: the ") + what +
                           " must be a whole number; expected " + expected);
        }
        return value;
    }

    void parse_size_line() {
        Line line{};
        if (!next_data_line(line)) {
            fail(text_.size(), 0,
                 std::string("missing size line after the banner: expected ") +
                     (format_ == Format::coordinate ? "'rows columns entries'" : "'rows columns'"));
        }
        const char* names[3] = {"row count", "column count", "entry count"};
        const int n_fields = format_ == Format::coordinate ? 3 : 2;
        std::int64_t values[3] = {0, 0, 0};
        const char* starts[3] = {nullptr, nullptr, nullptr};
        const char* p = skip_spaces(line.begin, line.end);
        for (int k = 0; k < n_fields; ++k) {
            if (p == line.end) {
                fail(line.begin, line.end,
                     "bad size line: it has " + std::to_string(k) + " number" +
                         (k == 1 ? "" : "s") + "; a " +
                         (format_ == Format::coordinate ? "coordinate" : "array") +
                         " matrix needs " +
                         (format_ == Format::coordinate ? "'rows columns entries'"
                                                        : "'rows columns'"));
            }
            starts[k] = p;
            values[k] = size_field(p, line, names[k]);
            p = skip_spaces(p, line.end);
        }
        if (p != line.end) {
            fail_field(
                p, line,
                std::string("bad size line: unexpected text after ") +
                    (format_ == Format::coordinate ? "'rows columns entries'" : "'rows columns'"));
        }
        constexpr auto max_index = static_cast<std::int64_t>(std::numeric_limits<I>::max());
        for (int k = 0; k < 2; ++k) {
            if (values[k] > max_index) {
                fail_field(starts[k], line,
                           std::string("the ") + names[k] + " " + std::to_string(values[k]) +
                               " does not fit " + index_type_name<I>() +
                               " indices; read the file with std::int64_t indices");
            }
        }
        rows_ = values[0];
        cols_ = values[1];
        // Both are at most 2^63 - 1, so the product check needs a division.
        const bool product_fits =
            rows_ == 0 || cols_ <= std::numeric_limits<std::int64_t>::max() / rows_;
        if (format_ == Format::coordinate) {
            declared_ = values[2];
            if (options_.max_nnz > 0 && declared_ > options_.max_nnz) {
                throw IoError(std::string(name_),
                              "the header declares " +
                                  detail::with_commas(static_cast<std::uint64_t>(declared_)) +
                                  " entries, more than max_nnz = " +
                                  detail::with_commas(static_cast<std::uint64_t>(options_.max_nnz)));
            }
            if (declared_ > max_index) {
                fail_field(starts[2], line,
                           "the header declares " + std::to_string(declared_) +
                               " entries, more than " + index_type_name<I>() +
                               " indices can address; read the file with std::int64_t indices");
            }
            if (product_fits && declared_ > rows_ * cols_) {
                fail_field(starts[2], line,
                           "the header declares " + std::to_string(declared_) + " entries but a " +
                               std::to_string(rows_) + " x " + std::to_string(cols_) +
                               " matrix has only " + std::to_string(rows_ * cols_) +
                               " positions (duplicates are not allowed)");
            }
        } else {
            if (!product_fits) {
                fail(line.begin, line.end,
                     "bad size line: rows x columns overflows a 64-bit count");
            }
            declared_ = rows_ * cols_;
        }
        // A header can declare any row count up to 2^63 - 1: beyond what a
        // vector can hold std::vector throws length_error, not bad_alloc.
        try {
            indptr_.assign(static_cast<std::size_t>(rows_) + 1, I{0});
        } catch (const std::length_error&) {
            fail_field(starts[0], line,
                       "cannot allocate row pointers for " + std::to_string(rows_) + " rows");
        } catch (const std::bad_alloc&) {
            fail_field(starts[0], line,
                       "cannot allocate row pointers for " + std::to_string(rows_) + " rows");
        }
    }

    // A 1-based index no larger than `limit`, returned 0-based.
    std::int64_t entry_index(const char*& p, const Line& line, const char* what, std::int64_t limit,
                             const char* limit_name) {
        const char* start = p;
        std::int64_t value = 0;
        const detail::IndexStatus status =
            detail::parse_index(p, line.end, std::numeric_limits<std::int64_t>::max(), value);
        if (status == detail::IndexStatus::negative) {
            fail_field(start, line, std::string("negative ") + what + " index");
        }
        if (status == detail::IndexStatus::invalid || (p != line.end && !is_space(*p))) {
            fail_field(start, line, std::string(what) + " index must be a whole number");
        }
        if (status == detail::IndexStatus::overflow) {
            fail_field(start, line, std::string(what) + " index is too large (more than 2^63 - 1)");
        }
        if (value == 0) {
            fail_field(start, line,
                       std::string(what) + " index 0: Matrix Market indices start at 1");
        }
        if (value > limit) {
            fail_field(start, line,
                       std::string(what) + " index " + std::to_string(value) + " exceeds the " +
                           std::to_string(limit) + " " + limit_name + " declared in the header");
        }
        return value - 1;
    }

    T entry_value(const char*& p, const Line& line) {
        const char* start = p;
        const char* end = field_end(p, line.end);
        T value{};
        const detail::NumberStatus status = detail::parse_real(p, end, value);
        if (status == detail::NumberStatus::invalid || p != end) {
            fail(start, end, "value is not a number");
        }
        if (status == detail::NumberStatus::nonfinite && !options_.allow_nonfinite) {
            fail(start, end, "NaN or infinite value (set allow_nonfinite to accept it)");
        }
        if (status == detail::NumberStatus::overflow) {
            fail(start, end, "value is too large for " + value_type_name<T>());
        }
        if (field_ == Field::integer) {
            const char* d = start;
            if (*d == '+' || *d == '-') ++d;
            const bool whole =
                d != end && std::all_of(d, end, [](char c) { return c >= '0' && c <= '9'; });
            if (!whole) fail(start, end, "value in an integer matrix must be a whole number");
        }
        return value;
    }

    std::string entry_shape() const {
        if (format_ == Format::array) return "one value a line";
        return field_ == Field::pattern ? "2 fields: row column" : "3 fields: row column value";
    }

    // Counts the data lines from `line` to the end, for a message that states
    // how many entries the file really has.
    std::int64_t count_data_lines_from(std::int64_t seen) {
        Line line{};
        while (next_data_line(line)) ++seen;
        return seen;
    }

    [[noreturn]] void fail_too_many(const Line& line, std::int64_t entry) {
        const std::int64_t total = count_data_lines_from(entry);
        const bool coordinate = format_ == Format::coordinate;
        const char* p = skip_spaces(line.begin, line.end);
        fail_field(p, line,
                   "the header declares " + std::to_string(declared_) +
                       (coordinate ? " entries" : " values") + ", file has " +
                       std::to_string(total) + " (this line holds " +
                       (coordinate ? "entry " : "value ") + std::to_string(entry) + ")");
    }

    [[noreturn]] void fail_too_few(std::int64_t found) {
        const char* what = format_ == Format::coordinate ? " entries" : " values";
        fail(text_.size(), 0,
             "the header declares " + std::to_string(declared_) + what + ", file has " +
                 std::to_string(found));
    }

    [[noreturn]] void fail_field_count(const Line& line, int found) {
        fail(line.begin, line.end,
             "entry line has " + std::to_string(found) + " field" + (found == 1 ? "" : "s") +
                 "; a " + (field_ == Field::pattern ? "pattern" : "real or integer") +
                 " coordinate entry has " + entry_shape());
    }

    void parse_coordinate_entries() {
        const auto reserve = static_cast<std::size_t>(
            std::min<std::uint64_t>(static_cast<std::uint64_t>(declared_), text_.size() / 4 + 1));
        entry_rows_.reserve(reserve);
        entry_cols_.reserve(reserve);
        entry_offsets_.reserve(reserve);
        if (field_ != Field::pattern) entry_values_.reserve(reserve);

        const int n_fields = field_ == Field::pattern ? 2 : 3;
        std::int64_t count = 0;
        Line line{};
        while (next_data_line(line)) {
            ++count;
            if (count > declared_) fail_too_many(line, count);
            const char* p = skip_spaces(line.begin, line.end);
            entry_offsets_.push_back(static_cast<std::size_t>(p - text_.data()));
            const std::int64_t row = entry_index(p, line, "row", rows_, "rows");
            p = skip_spaces(p, line.end);
            if (p == line.end) fail_field_count(line, 1);
            const std::int64_t col = entry_index(p, line, "column", cols_, "columns");
            p = skip_spaces(p, line.end);
            if (field_ != Field::pattern) {
                if (p == line.end) fail_field_count(line, 2);
                entry_values_.push_back(entry_value(p, line));
                p = skip_spaces(p, line.end);
            }
            if (p != line.end) {
                int found = n_fields;
                for (const char* q = p; q != line.end;
                     q = skip_spaces(field_end(q, line.end), line.end)) {
                    ++found;
                }
                fail_field(p, line,
                           "entry line has " + std::to_string(found) + " fields; a " +
                               (field_ == Field::pattern ? "pattern" : "real or integer") +
                               " coordinate entry has " + entry_shape());
            }
            entry_rows_.push_back(static_cast<I>(row));
            entry_cols_.push_back(static_cast<I>(col));
        }
        if (count < declared_) fail_too_few(count);
    }

    void parse_array_entries() {
        std::int64_t count = 0;
        constexpr auto max_nnz = static_cast<std::int64_t>(std::numeric_limits<I>::max());
        Line line{};
        while (next_data_line(line)) {
            ++count;
            if (count > declared_) fail_too_many(line, count);
            const char* p = skip_spaces(line.begin, line.end);
            const char* start = p;
            const T value = entry_value(p, line);
            p = skip_spaces(p, line.end);
            if (p != line.end) {
                fail_field(p, line,
                           "unexpected text after the value: an array file has one "
                           "value a line");
            }
            if (value == T(0)) continue;
            if (options_.max_nnz > 0 &&
                static_cast<std::int64_t>(entry_values_.size()) == options_.max_nnz) {
                fail_nnz_limit(count);
            }
            if (static_cast<std::int64_t>(entry_values_.size()) == max_nnz) {
                fail_field(start, line,
                           "more nonzeros than " + index_type_name<I>() +
                               " indices can address; read the file with std::int64_t indices");
            }
            const std::int64_t k = count - 1;
            entry_rows_.push_back(static_cast<I>(k % rows_));
            entry_cols_.push_back(static_cast<I>(k / rows_));
            entry_values_.push_back(value);
        }
        if (count < declared_) fail_too_few(count);
    }

    // An array file's nonzeros passed max_nnz at value number `count`.
    [[noreturn]] void fail_nnz_limit(std::int64_t count) const {
        const auto nnz = static_cast<std::uint64_t>(options_.max_nnz) + 1;
        const std::string limit =
            "max_nnz = " + detail::with_commas(static_cast<std::uint64_t>(options_.max_nnz));
        if (count == declared_) {
            throw IoError(std::string(name_), detail::with_commas(nnz) + " nonzeros exceed " + limit);
        }
        const double estimate =
            static_cast<double>(nnz) * static_cast<double>(declared_) / static_cast<double>(count);
        throw IoError(std::string(name_),
                      "at least " + detail::with_commas(nnz) + " nonzeros; about " +
                          detail::format_count(estimate) + " estimated from the first " +
                          detail::format_percent(static_cast<double>(count),
                                                 static_cast<double>(declared_)) +
                          " of the values; exceeds " + limit);
    }

    // Buckets the entries by row (stably, so file order survives within a
    // row), sorts each row by column where needed, and reports the duplicate
    // whose second occurrence comes first in the file.
    CsrMatrix<T, I> build() {
        const std::size_t n = entry_rows_.size();
        const auto n_rows = static_cast<std::size_t>(rows_);
        for (std::size_t e = 0; e < n; ++e) ++indptr_[static_cast<std::size_t>(entry_rows_[e]) + 1];
        for (std::size_t r = 0; r < n_rows; ++r) indptr_[r + 1] += indptr_[r];

        std::vector<I> order(n);
        {
            std::vector<I> next(indptr_.begin(), indptr_.end() - 1);
            for (std::size_t e = 0; e < n; ++e) {
                order[static_cast<std::size_t>(next[static_cast<std::size_t>(entry_rows_[e])]++)] =
                    static_cast<I>(e);
            }
        }
        std::vector<I>().swap(entry_rows_);

        std::vector<I> indices(n);
        std::vector<T> values(n);
        const bool pattern = field_ == Field::pattern;
        const std::size_t n_blocks = detail::Executor::block_count(n_rows, rows_per_block);
        std::vector<Duplicate> duplicate(n_blocks);
        const detail::Executor executor(options_.threads);
        executor.for_each_range(n_rows, rows_per_block, [&](std::size_t begin, std::size_t end) {
            Duplicate& found = duplicate[begin / rows_per_block];
            for (std::size_t r = begin; r < end; ++r) {
                const auto first = order.begin() + static_cast<std::ptrdiff_t>(indptr_[r]);
                const auto last = order.begin() + static_cast<std::ptrdiff_t>(indptr_[r + 1]);
                const auto by_column = [&](I a, I b) {
                    const I ca = entry_cols_[static_cast<std::size_t>(a)];
                    const I cb = entry_cols_[static_cast<std::size_t>(b)];
                    return ca < cb || (ca == cb && a < b);
                };
                if (!std::is_sorted(first, last, by_column)) std::sort(first, last, by_column);
                auto group = first;  // the first entry with the current column
                for (auto it = first; it != last; ++it) {
                    const auto e = static_cast<std::size_t>(*it);
                    const auto k = static_cast<std::size_t>(it - order.begin());
                    indices[k] = entry_cols_[e];
                    values[k] = pattern ? T(1) : entry_values_[e];
                    if (it == first || indices[k] != indices[k - 1]) {
                        group = it;
                    } else if (e < found.second) {
                        // Equal columns sit in file order, so the group's
                        // first element is the first occurrence.
                        found = {e, static_cast<std::size_t>(*group), r};
                    }
                }
            }
        });
        const auto dup = std::min_element(
            duplicate.begin(), duplicate.end(),
            [](const Duplicate& a, const Duplicate& b) { return a.second < b.second; });
        if (dup != duplicate.end() && dup->second != none) {
            const std::size_t at = entry_offsets_[dup->second];
            std::string_view line = text_.substr(at);
            line = line.substr(0, std::min(line.find('\n'), line.size()));
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            fail(at, line.size(),
                 "duplicate entry for row " + std::to_string(dup->row + 1) + ", column " +
                     std::to_string(entry_cols_[dup->second] + 1) + "; first given on line " +
                     std::to_string(detail::position_of(text_, entry_offsets_[dup->first]).line));
        }
        std::vector<I>().swap(order);
        std::vector<I>().swap(entry_cols_);
        std::vector<T>().swap(entry_values_);
        return CsrMatrix<T, I>(
            static_cast<I>(rows_), static_cast<I>(cols_), std::move(indptr_), std::move(indices),
            std::move(values),
            {.allow_nonfinite = options_.allow_nonfinite, .threads = options_.threads});
    }

    std::string_view text_;
    std::string_view name_;
    const MatrixMarketOptions& options_;
    std::size_t pos_ = 0;

    Format format_ = Format::coordinate;
    Field field_ = Field::real;
    std::int64_t rows_ = 0;
    std::int64_t cols_ = 0;
    std::int64_t declared_ = 0;  // entries (coordinate) or values (array)

    std::vector<I> indptr_;
    std::vector<I> entry_rows_;
    std::vector<I> entry_cols_;
    std::vector<T> entry_values_;
    std::vector<std::size_t> entry_offsets_;  // where each coordinate entry starts
};

}  // namespace

template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> parse_matrix_market(std::string_view text, std::string_view name,
                                    const MatrixMarketOptions& options) {
    return Parser<T, I>(text, name, options).parse();
}

template <StorageValue T, StorageIndex I>
CsrMatrix<T, I> read_matrix_market(const std::filesystem::path& path,
                                   const MatrixMarketOptions& options) {
    CsrMatrix<T, I> X = [&] {
        const TextFile file = read_text_file(path, {.max_bytes = options.max_bytes});
        return parse_matrix_market<T, I>(file.text, file.name, options);
    }();
    detail::release_freed_memory();
    return X;
}

#define SPARSEREG_DEFINE_MATRIX_MARKET(T, I)                                               \
    template CsrMatrix<T, I> read_matrix_market<T, I>(const std::filesystem::path&,        \
                                                      const MatrixMarketOptions&);         \
    template CsrMatrix<T, I> parse_matrix_market<T, I>(std::string_view, std::string_view, \
                                                       const MatrixMarketOptions&);
SPARSEREG_DEFINE_MATRIX_MARKET(float, std::int32_t)
SPARSEREG_DEFINE_MATRIX_MARKET(float, std::int64_t)
SPARSEREG_DEFINE_MATRIX_MARKET(double, std::int32_t)
SPARSEREG_DEFINE_MATRIX_MARKET(double, std::int64_t)
#undef SPARSEREG_DEFINE_MATRIX_MARKET

}  // namespace sparsereg
