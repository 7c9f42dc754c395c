#pragma once

// Small scanning pieces shared by the text readers: number parsing with the
// distinctions our error messages need, and turning a byte offset into the
// line and column a person can find in an editor.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fast_float/fast_float.h>

#include "sparsereg/error.hpp"

namespace sparsereg::detail {

inline bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// Ends a token: white space, a line end, a comment, or the end of the text.
inline bool ends_token(const char* p, const char* end) noexcept {
    return p == end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '#';
}

inline const char* token_end(const char* p, const char* end) noexcept {
    while (!ends_token(p, end)) ++p;
    return p;
}

enum class NumberStatus { ok, invalid, overflow, nonfinite };

// Parses one real number token that must end at a token boundary. A leading
// '+' is accepted (svmlight labels are often "+1"); "nan"/"inf" spellings are
// reported as nonfinite so the caller can reject them by default, and a
// finite spelling too large for T as overflow. Underflow rounds to 0 or a
// subnormal, as a correctly rounded parse should. On return `p` is past the token.
template <class T>
NumberStatus parse_real(const char*& p, const char* end, T& out) noexcept {
    const char* first = p;
    if (first != end && *first == '+') ++first;
    const auto result = fast_float::from_chars(first, end, out);
    if (result.ec != std::errc() || !ends_token(result.ptr, end) ||
        (first != p && first != end && *first == '-')) {
        p = token_end(p, end);
        return NumberStatus::invalid;
    }
    p = result.ptr;
    if (std::isfinite(out)) return NumberStatus::ok;
    // fast_float returns inf for a finite spelling that overflows; only a
    // spelling that starts with a letter after its sign is a real nan/inf.
    const char* digits = (*first == '-') ? first + 1 : first;
    const bool spelled_nonfinite = digits != end && (*digits == 'n' || *digits == 'N' ||
                                                     *digits == 'i' || *digits == 'I');
    return spelled_nonfinite ? NumberStatus::nonfinite : NumberStatus::overflow;
}

enum class IndexStatus { ok, invalid, negative, overflow };

// Parses a non-negative decimal integer no larger than `max_value`, stopping
// at the first non-digit (the caller checks what follows).
inline IndexStatus parse_index(const char*& p, const char* end, std::int64_t max_value,
                               std::int64_t& out) noexcept {
    if (p != end && *p == '-') return IndexStatus::negative;
    if (p != end && *p == '+') ++p;
    const char* start = p;
    const auto limit = static_cast<std::uint64_t>(max_value);
    std::uint64_t value = 0;
    bool overflow = false;
    while (p != end && static_cast<unsigned char>(*p - '0') < 10) {
        value = value * 10 + static_cast<std::uint64_t>(*p - '0');
        overflow |= value > limit;
        ++p;
    }
    if (p == start) return IndexStatus::invalid;
    // Up to 19 digits the sum cannot wrap around 2^64, and the check above
    // is exact. A longer run (rare: leading zeros or an absurd number) is
    // summed again with the limit checked before each digit is taken in;
    // checked after, a 20-digit number could wrap around to a small one
    // (18446744073709551617 read as 1). A check before every digit made
    // reading news20's text 5% slower.
    if (p - start > 19) {
        const std::uint64_t tenth = limit / 10, last = limit % 10;
        value = 0;
        overflow = false;
        for (const char* q = start; q != p && !overflow; ++q) {
            const auto digit = static_cast<std::uint64_t>(*q - '0');
            overflow = value > tenth || (value == tenth && digit > last);
            value = value * 10 + digit;
        }
    }
    if (overflow) return IndexStatus::overflow;
    out = static_cast<std::int64_t>(value);
    return IndexStatus::ok;
}

// The token as it can be printed in a message: at most 40 bytes, with
// non-printable bytes (binary garbage, NUL) escaped as \xNN.
inline std::string printable_token(std::string_view token) {
    constexpr std::size_t max_shown = 40;
    std::string out;
    for (std::size_t k = 0; k < token.size() && k < max_shown; ++k) {
        const auto c = static_cast<unsigned char>(token[k]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            constexpr char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    if (token.size() > max_shown) out += "...";
    return out;
}

struct TextPosition {
    std::int64_t line = 1;    // 1-based
    std::int64_t column = 1;  // 1-based, in bytes
};

// Only used to report an error, so a linear count from the start is fine.
inline TextPosition position_of(std::string_view text, std::size_t offset) noexcept {
    TextPosition pos;
    std::size_t line_start = 0;
    for (std::size_t k = 0; k < offset && k < text.size(); ++k) {
        if (text[k] == '\n') {
            ++pos.line;
            line_start = k + 1;
        }
    }
    pos.column = static_cast<std::int64_t>(offset - line_start) + 1;
    return pos;
}

// A ParseError at byte `offset` of `text`, quoting exactly
// text[offset, offset + length): for formats where '#' or '\r' do not end a
// token, or to quote a whole line.
[[noreturn]] inline void throw_parse_error(std::string_view name, std::string_view text,
                                           std::size_t offset, std::size_t length,
                                           const std::string& problem) {
    const TextPosition pos = position_of(text, offset);
    throw ParseError(std::string(name), pos.line, pos.column,
                     printable_token(text.substr(std::min(offset, text.size()), length)), problem);
}

// The same, quoting the token that starts at `offset`.
[[noreturn]] inline void throw_parse_error(std::string_view name, std::string_view text,
                                           std::size_t offset, const std::string& problem) {
    const char* begin = text.data() + std::min(offset, text.size());
    const char* end = text.data() + text.size();
    throw_parse_error(name, text, offset, static_cast<std::size_t>(token_end(begin, end) - begin),
                      problem);
}

}  // namespace sparsereg::detail
