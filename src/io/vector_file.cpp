#include "sparsereg/io/vector_file.hpp"

#include <cstring>
#include <string>

#include "io/text_scan.hpp"
#include "sparsereg/error.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

// Only blanks end a token here: "1.5#x" or "2\r3" is one bad token, quoted whole.
const char* field_end(const char* p, const char* end) noexcept {
    while (p != end && !is_space(*p)) ++p;
    return p;
}

}  // namespace

std::vector<double> parse_vector(std::string_view text, std::string_view name,
                                 const VectorFileOptions& options) {
    std::vector<double> values;
    const char* const text_begin = text.data();
    const char* const text_end = text.data() + text.size();
    const auto offset = [&](const char* p) { return static_cast<std::size_t>(p - text_begin); };
    const char* line = text_begin;
    while (line != text_end) {
        const auto* nl = static_cast<const char*>(
            std::memchr(line, '\n', static_cast<std::size_t>(text_end - line)));
        const char* end = nl != nullptr ? nl : text_end;
        const char* next = nl != nullptr ? nl + 1 : text_end;
        if (end != line && end[-1] == '\r') --end;

        const char* p = line;
        while (p != end && is_space(*p)) ++p;
        if (p != end && *p != '#') {
            const char* start = p;
            const char* token_end = field_end(p, end);
            double value = 0;
            const detail::NumberStatus status = detail::parse_real(p, token_end, value);
            const auto length = static_cast<std::size_t>(token_end - start);
            if (status == detail::NumberStatus::invalid || p != token_end) {
                detail::throw_parse_error(name, text, offset(start), length,
                                          "expected one number on the line");
            }
            if (status == detail::NumberStatus::overflow) {
                detail::throw_parse_error(name, text, offset(start), length,
                                          "number is too large for double");
            }
            if (status == detail::NumberStatus::nonfinite && !options.allow_nonfinite) {
                detail::throw_parse_error(
                    name, text, offset(start), length,
                    "NaN or infinite value (set allow_nonfinite to accept it)");
            }
            while (p != end && is_space(*p)) ++p;
            if (p != end) {
                detail::throw_parse_error(name, text, offset(p), static_cast<std::size_t>(end - p),
                                          "unexpected text after the number: one number a line");
            }
            values.push_back(value);
        }
        line = next;
    }
    return values;
}

std::vector<double> read_vector(const std::filesystem::path& path,
                                const VectorFileOptions& options) {
    const TextFile file = read_text_file(path, {.max_bytes = options.max_bytes});
    return parse_vector(file.text, file.name, options);
}

}  // namespace sparsereg
