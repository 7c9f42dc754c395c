#pragma once

// A small strict reader for the CSV files sparsereg writes (PREFIX.path.csv,
// PREFIX.coef.csv, PREFIX.cv.csv): a header line naming the columns, then one
// record a line of plain comma-separated fields (no quoting). Every problem is
// a ParseError naming the file, line, column and the offending text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sparsereg::cli {

class CsvTable {
public:
    // Reads `path` (plain or compressed, as read_text_file); throws IoError if
    // it cannot be read and ParseError if the header lacks one of `required`
    // columns, a record has the wrong number of fields, or (unless `allow_no_rows`)
    // there are no records.
    static CsvTable read(const std::string& path, const std::vector<std::string>& required,
                         bool allow_no_rows = false);

    const std::string& file() const noexcept { return file_; }
    std::size_t rows() const noexcept { return records_.size(); }

    // Index of a column the header names (one of `required`).
    std::size_t column(std::string_view name) const;

    // The line number of record `row` in the file (1-based; the header is line 1).
    std::int64_t line(std::size_t row) const { return records_[row].line; }

    // A field as a finite double / integer; throws ParseError naming the field's
    // line, column and column name otherwise.
    double finite(std::size_t row, std::size_t column) const;
    std::int64_t integer(std::size_t row, std::size_t column) const;

    // Throws ParseError at the field: "<column name> <problem>".
    [[noreturn]] void fail(std::size_t row, std::size_t column, const std::string& problem) const;

private:
    struct Field {
        std::size_t begin = 0;  // offset of the field in `text_`
        std::size_t size = 0;
        std::int64_t column = 0;  // 1-based byte column in its line
    };
    struct Record {
        std::int64_t line = 0;
        std::vector<Field> fields;
    };

    std::string_view text(const Field& field) const {
        return std::string_view(text_).substr(field.begin, field.size);
    }

    std::string file_;
    std::string text_;
    std::vector<std::string> header_;
    std::vector<Record> records_;
};

}  // namespace sparsereg::cli
