#include "cli/csv_table.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <system_error>

#include "sparsereg/error.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg::cli {

namespace {

// The offending text for a message: at most 40 bytes, non-printable bytes escaped.
std::string shown(std::string_view text) {
    constexpr std::size_t max_bytes = 40;
    std::string out;
    for (std::size_t i = 0; i < text.size() && i < max_bytes; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        }
    }
    if (text.size() > max_bytes) out += "...";
    return out;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
    return out;
}

}  // namespace

CsvTable CsvTable::read(const std::string& path, const std::vector<std::string>& required,
                        bool allow_no_rows) {
    CsvTable table;
    table.file_ = path;
    table.text_ = read_text_file(path).text;
    const std::string_view text(table.text_);

    std::size_t position = 0;
    if (text.starts_with("\xEF\xBB\xBF")) position = 3;  // a UTF-8 byte order mark
    std::int64_t line = 0;
    bool have_header = false;
    while (position < text.size()) {
        ++line;
        std::size_t end = text.find('\n', position);
        if (end == std::string_view::npos) end = text.size();
        std::size_t content_end = end;
        if (content_end > position && text[content_end - 1] == '\r') --content_end;
        const std::size_t line_start = position;
        position = end + 1;
        if (content_end == line_start) continue;  // a blank line

        Record record;
        record.line = line;
        std::size_t begin = line_start;
        while (true) {
            std::size_t comma = text.find(',', begin);
            if (comma == std::string_view::npos || comma > content_end) comma = content_end;
            record.fields.push_back(Field{begin, comma - begin,
                                          static_cast<std::int64_t>(begin - line_start) + 1});
            if (comma == content_end) break;
            begin = comma + 1;
        }

        if (!have_header) {
            have_header = true;
            for (const Field& field : record.fields) table.header_.emplace_back(table.text(field));
            for (const std::string& name : required) {
                bool found = false;
                for (const std::string& column : table.header_) found = found || column == name;
                if (!found) {
                    throw ParseError(path, line, 1,
                                     shown(text.substr(line_start, content_end - line_start)),
                                     "header lacks column '" + name + "' (expected " +
                                         joined(required) + ")");
                }
            }
            continue;
        }
        if (record.fields.size() != table.header_.size()) {
            const std::size_t n = std::min(record.fields.size(), table.header_.size());
            const std::int64_t column =
                record.fields.size() > table.header_.size()
                    ? record.fields[n].column
                    : static_cast<std::int64_t>(content_end - line_start) + 1;
            throw ParseError(path, line, column, "",
                             std::to_string(record.fields.size()) + " fields, but the header names " +
                                 std::to_string(table.header_.size()));
        }
        table.records_.push_back(std::move(record));
    }
    if (!have_header) {
        throw ParseError(path, 1, 1, "", "empty file; expected a header naming " + joined(required));
    }
    if (table.records_.empty() && !allow_no_rows) throw ParseError(path, line + 1, 1, "", "no rows after the header");
    return table;
}

std::size_t CsvTable::column(std::string_view name) const {
    for (std::size_t k = 0; k < header_.size(); ++k) {
        if (header_[k] == name) return k;
    }
    throw InvalidArgument(file_, "no column '" + std::string(name) + "'");
}

void CsvTable::fail(std::size_t row, std::size_t column, const std::string& problem) const {
    const Record& record = records_[row];
    const Field& field = record.fields[column];
    throw ParseError(file_, record.line, field.column, shown(text(field)),
                     header_[column] + " " + problem);
}

double CsvTable::finite(std::size_t row, std::size_t column) const {
    const std::string_view field = text(records_[row].fields[column]);
    double value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty()) fail(row, column, "is empty");
    if (error != std::errc() || end != field.data() + field.size()) fail(row, column, "is not a number");
    if (!std::isfinite(value)) fail(row, column, "is not a finite number");
    return value;
}

std::int64_t CsvTable::integer(std::size_t row, std::size_t column) const {
    const std::string_view field = text(records_[row].fields[column]);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty()) fail(row, column, "is empty");
    if (error != std::errc() || end != field.data() + field.size()) fail(row, column, "is not an integer");
    return value;
}

}  // namespace sparsereg::cli
