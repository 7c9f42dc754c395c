#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace sparsereg {

struct VectorFileOptions {
    // NaN and infinite values are errors unless this is set.
    bool allow_nonfinite = false;
    std::uint64_t max_bytes = 0;  // see TextFileOptions
};

// A column of numbers, one a line: labels y, sample weights, penalty factors,
// a lambda grid. Blank lines and lines whose first non-blank character is '#'
// are skipped; blanks around the number are allowed; CRLF line ends and a
// missing final newline are accepted; .gz, .bz2 and .xz are read transparently.
// Anything else on a line throws ParseError naming file, line, column and text.
std::vector<double> read_vector(const std::filesystem::path& path,
                                const VectorFileOptions& options = {});

// The same on text already in memory; `name` stands for the file in messages.
std::vector<double> parse_vector(std::string_view text, std::string_view name,
                                 const VectorFileOptions& options = {});

}  // namespace sparsereg
