#pragma once

// Loads one glmnet reference case made by tests/reference/make_glmnet_reference.R
// (that script documents the files and how glmnet was run). Header-only, for
// the tests. Every malformed file throws std::runtime_error naming the file,
// the line and what is wrong; vectors go through sparsereg::read_vector, whose
// ParseError names file, line and column.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "sparsereg/api/fit.hpp"
#include "sparsereg/io/text_file.hpp"
#include "sparsereg/io/vector_file.hpp"

namespace sparsereg::reference {

struct ReferenceCase {
    std::string name;
    std::string dataset;  // a file in datasets/
    Family family = Family::gaussian;
    double alpha = 1;
    bool standardize = true;
    bool intercept = true;
    std::vector<double> y;                // the response exactly as glmnet got it
    std::vector<double> weights;          // as given to glmnet; empty: none
    std::vector<double> penalty_factors;  // as given to glmnet; empty: none
    double thresh = 0;                    // glmnet's thresh for these coefficients
    std::int64_t n_lambda = 0;            // the nlambda glmnet's grid was made with
    // One entry per λ of glmnet's path, in its order.
    std::vector<double> lambdas;
    std::vector<double> a0;
    std::vector<double> dev_ratio;
    std::vector<std::int64_t> df;
    std::vector<std::vector<double>> beta;  // [λ][feature], dense, original scale
};

// Where the script writes: tests/reference/glmnet next to datasets/.
inline std::filesystem::path reference_dir() {
    return std::filesystem::path(SPARSEREG_DATASETS_DIR) / ".." / "tests" / "reference" / "glmnet";
}

namespace detail {

struct CsvTable {
    std::filesystem::path file;
    std::vector<std::vector<std::string>> rows;  // without the header
    std::vector<std::int64_t> line_numbers;      // 1-based line of each row
};

[[noreturn]] inline void fail(const std::filesystem::path& file, std::int64_t line,
                              const std::string& message) {
    std::string where = file.string();
    if (line > 0) where += ":" + std::to_string(line);
    throw std::runtime_error(where + ": " + message);
}

inline std::vector<std::string> split(std::string_view line, char sep) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = line.find(sep, start);
        fields.emplace_back(line.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return fields;
        start = end + 1;
    }
}

// A comma-separated file whose first line must be exactly `header`; every
// other non-empty line must have as many fields. Compressed files are read
// transparently.
inline CsvTable read_csv(const std::filesystem::path& file, std::string_view header) {
    const auto text = read_text_file(file).text;
    CsvTable table{file, {}, {}};
    const auto expected_fields = split(header, ',').size();
    std::size_t pos = 0;
    std::int64_t line_number = 0;
    bool seen_header = false;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (!seen_header) {
            if (line != header) {
                fail(file, line_number,
                     "header is '" + std::string(line) + "', expected '" + std::string(header) + "'");
            }
            seen_header = true;
            continue;
        }
        auto fields = split(line, ',');
        if (fields.size() != expected_fields) {
            fail(file, line_number,
                 std::to_string(fields.size()) + " fields, expected " +
                     std::to_string(expected_fields) + " ('" + std::string(line) + "')");
        }
        table.rows.push_back(std::move(fields));
        table.line_numbers.push_back(line_number);
    }
    if (!seen_header) fail(file, 0, "empty file, expected the header '" + std::string(header) + "'");
    return table;
}

inline double to_double(const CsvTable& t, std::size_t row, std::size_t column) {
    const std::string& s = t.rows[row][column];
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
        fail(t.file, t.line_numbers[row],
             "field " + std::to_string(column + 1) + ": not a finite number ('" + s + "')");
    }
    return value;
}

inline std::int64_t to_int(const CsvTable& t, std::size_t row, std::size_t column) {
    const std::string& s = t.rows[row][column];
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
        fail(t.file, t.line_numbers[row],
             "field " + std::to_string(column + 1) + ": not an integer ('" + s + "')");
    }
    return value;
}

inline bool to_bool(const CsvTable& t, std::size_t row, std::size_t column) {
    const std::string& s = t.rows[row][column];
    if (s == "true") return true;
    if (s == "false") return false;
    fail(t.file, t.line_numbers[row],
         "field " + std::to_string(column + 1) + ": expected true or false ('" + s + "')");
}

inline constexpr std::string_view cases_header =
    "case,dataset,family,alpha,standardize,intercept,weights,penalty_factors,thresh,n_lambda";

inline CsvTable read_cases(const std::filesystem::path& dir) {
    return read_csv(dir / "cases.csv", cases_header);
}

}  // namespace detail

// The case names in cases.csv, in file order. Throws on a malformed file.
inline std::vector<std::string> case_names(const std::filesystem::path& dir = reference_dir()) {
    const auto table = detail::read_cases(dir);
    std::vector<std::string> names;
    for (const auto& row : table.rows) names.push_back(row[0]);
    return names;
}

// The data set (a file in datasets/) of the case `name`.
inline std::string dataset_of(const std::string& name,
                              const std::filesystem::path& dir = reference_dir()) {
    const auto table = detail::read_cases(dir);
    for (const auto& row : table.rows) {
        if (row[0] == name) return row[1];
    }
    detail::fail(table.file, 0, "no case named '" + name + "'");
}

// One case. n_features is the column count of the case's X: the size of
// every dense coefficient vector, and the length penalty factors must have.
inline ReferenceCase load_case(const std::string& name, std::int64_t n_features,
                               const std::filesystem::path& dir = reference_dir()) {
    using detail::fail;
    const auto cases = detail::read_cases(dir);
    const auto it = std::find_if(cases.rows.begin(), cases.rows.end(),
                                 [&](const auto& row) { return row[0] == name; });
    if (it == cases.rows.end()) fail(cases.file, 0, "no case named '" + name + "'");
    const auto r = static_cast<std::size_t>(it - cases.rows.begin());
    const auto& row = *it;

    ReferenceCase c;
    c.name = name;
    c.dataset = row[1];
    if (row[2] == "gaussian") {
        c.family = Family::gaussian;
    } else if (row[2] == "binomial") {
        c.family = Family::binomial;
    } else {
        fail(cases.file, cases.line_numbers[r], "family must be gaussian or binomial ('" + row[2] + "')");
    }
    c.alpha = detail::to_double(cases, r, 3);
    c.standardize = detail::to_bool(cases, r, 4);
    c.intercept = detail::to_bool(cases, r, 5);
    c.thresh = detail::to_double(cases, r, 8);
    c.n_lambda = detail::to_int(cases, r, 9);

    c.y = read_vector(dir / (name + ".y.txt"));
    if (row[6] != "none") c.weights = read_vector(dir / row[6]);
    if (row[7] != "none") {
        c.penalty_factors = read_vector(dir / row[7]);
        if (static_cast<std::int64_t>(c.penalty_factors.size()) != n_features) {
            fail(dir / row[7], 0,
                 std::to_string(c.penalty_factors.size()) + " penalty factors for " +
                     std::to_string(n_features) + " features");
        }
    }
    if (!c.weights.empty() && c.weights.size() != c.y.size()) {
        fail(dir / row[6], 0,
             std::to_string(c.weights.size()) + " weights for " + std::to_string(c.y.size()) +
                 " responses");
    }

    const auto path = detail::read_csv(dir / (name + ".path.csv"), "lambda,a0,dev_ratio,df");
    if (path.rows.empty()) fail(path.file, 0, "no lambdas");
    for (std::size_t k = 0; k < path.rows.size(); ++k) {
        const double lambda = detail::to_double(path, k, 0);
        if (!(lambda > 0) || (k > 0 && !(lambda < c.lambdas.back()))) {
            fail(path.file, path.line_numbers[k], "lambdas must be positive and strictly decreasing");
        }
        c.lambdas.push_back(lambda);
        c.a0.push_back(detail::to_double(path, k, 1));
        c.dev_ratio.push_back(detail::to_double(path, k, 2));
        const std::int64_t df = detail::to_int(path, k, 3);
        if (df < 0 || df > n_features) fail(path.file, path.line_numbers[k], "df out of range");
        c.df.push_back(df);
    }

    // The coefficients: <case>.coef.csv, or compressed as <case>.coef.csv.xz.
    auto coef_file = dir / (name + ".coef.csv");
    if (!std::filesystem::exists(coef_file)) coef_file += ".xz";
    const auto coef = detail::read_csv(coef_file, "lambda_index,feature,value");
    const auto n_lambdas = static_cast<std::int64_t>(c.lambdas.size());
    c.beta.assign(c.lambdas.size(), std::vector<double>(static_cast<std::size_t>(n_features), 0.0));
    std::vector<std::int64_t> count(c.lambdas.size(), 0);
    for (std::size_t i = 0; i < coef.rows.size(); ++i) {
        const std::int64_t k = detail::to_int(coef, i, 0);
        const std::int64_t j = detail::to_int(coef, i, 1);
        const double value = detail::to_double(coef, i, 2);
        if (k < 0 || k >= n_lambdas) {
            fail(coef.file, coef.line_numbers[i],
                 "lambda_index " + std::to_string(k) + " outside [0, " + std::to_string(n_lambdas) + ")");
        }
        if (j < 0 || j >= n_features) {
            fail(coef.file, coef.line_numbers[i],
                 "feature " + std::to_string(j) + " outside [0, " + std::to_string(n_features) + ")");
        }
        auto& slot = c.beta[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)];
        if (value == 0 || slot != 0) {
            fail(coef.file, coef.line_numbers[i], "a zero or repeated coefficient");
        }
        slot = value;
        ++count[static_cast<std::size_t>(k)];
    }
    for (std::size_t k = 0; k < c.lambdas.size(); ++k) {
        if (count[k] != c.df[k]) {
            fail(coef.file, 0,
                 "lambda_index " + std::to_string(k) + " has " + std::to_string(count[k]) +
                     " coefficients but path.csv says df = " + std::to_string(c.df[k]));
        }
    }
    return c;
}

}  // namespace sparsereg::reference
