#pragma once

// Sizes and counts as the readers' limit messages print them.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sparsereg::detail {

// 1234567 -> "1,234,567".
inline std::string with_commas(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k > 0 && (digits.size() - k) % 3 == 0) out.push_back(',');
        out.push_back(digits[k]);
    }
    return out;
}

// Three significant digits, trailing zeros dropped: 64.83 -> "64.8", 10.0 -> "10".
inline std::string three_digits(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f",
                  value);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out;
}

// Below 10,000 exact ("9,999 bytes"), else in decimal units ("64.8 MB").
inline std::string format_bytes(std::uint64_t bytes) {
    if (bytes < 10000) return with_commas(bytes) + (bytes == 1 ? " byte" : " bytes");
    static constexpr const char* units[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
    double value = static_cast<double>(bytes) / 1e3;
    int unit = 0;
    while (value >= 999.5 && unit < 5) {
        value /= 1e3;
        ++unit;
    }
    return three_digits(value) + " " + units[unit];
}

// Below 10,000 exact, else "3.9 M", "120 K".
inline std::string format_count(double count) {
    if (count < 10000) return with_commas(static_cast<std::uint64_t>(std::llround(count)));
    static constexpr const char* units[] = {"K", "M", "G", "T", "P", "E"};
    double value = count / 1e3;
    int unit = 0;
    while (value >= 999.5 && unit < 5) {
        value /= 1e3;
        ++unit;
    }
    return three_digits(value) + " " + units[unit];
}

// The share of a whole that `part` is, for "from the first 3% of the text".
inline std::string format_percent(double part, double whole) {
    const double percent = whole > 0 ? 100.0 * part / whole : 100.0;
    if (percent >= 1) return three_digits(percent < 100 ? percent : 100) + "%";
    return percent >= 0.01 ? three_digits(percent) + "%" : "0.01%";
}

}  // namespace sparsereg::detail
