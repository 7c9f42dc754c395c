#pragma once

// Shared by model.cpp and model_json.cpp: the rules a model obeys, checked
// with messages in the numbering and under the name the caller's user knows.

#include <charconv>
#include <cstdint>
#include <string>

#include "sparsereg/model/model.hpp"

namespace sparsereg::detail {

// Shortest text that reads back as the same double ("0.1", "-1", "nan").
inline std::string format_number(double value) {
    char digits[32];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    return std::string(digits, end);
}

// 1355 -> "1,355", for sizes in messages.
inline std::string with_commas(std::int64_t value) {
    const std::string digits = std::to_string(value);
    std::string out;
    const std::size_t first = value < 0 ? 1 : 0;  // after the sign
    for (std::size_t k = 0; k < digits.size(); ++k) {
        if (k > first && (digits.size() - k) % 3 == 0) out.push_back(',');
        out.push_back(digits[k]);
    }
    return out;
}

// Throws InvalidArgument(argument, "<key> = <value>: <problem>") for the first
// rule of the model file format the model breaks. Features are shown plus
// `shown_base` (the file's numbering when the model came from a file).
void check_model(const Model& model, const std::string& argument, int shown_base);

}  // namespace sparsereg::detail
