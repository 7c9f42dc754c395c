#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sparsereg {

// Every error sparsereg reports on bad input derives from Error, so a caller
// can catch one type at its boundary. The message always names what was wrong
// and where (file, line, column and text; or argument and index).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A function argument or array content broke a documented precondition.
// `argument()` names the argument, e.g. "indices" or "alpha".
class InvalidArgument : public Error {
public:
    InvalidArgument(std::string argument, const std::string& message);
    const std::string& argument() const noexcept { return argument_; }

private:
    std::string argument_;
};

// A file could not be opened, read or decompressed.
class IoError : public Error {
public:
    IoError(std::string file, const std::string& message);
    const std::string& file() const noexcept { return file_; }

private:
    std::string file_;
};

// A text file's content is malformed. Line and column are 1-based; column
// counts bytes from the start of the line. `text()` is the offending token,
// with non-printable bytes escaped.
class ParseError : public Error {
public:
    ParseError(std::string file, std::int64_t line, std::int64_t column, std::string text,
               const std::string& problem);
    const std::string& file() const noexcept { return file_; }
    std::int64_t line() const noexcept { return line_; }
    std::int64_t column() const noexcept { return column_; }
    const std::string& text() const noexcept { return text_; }

private:
    std::string file_;
    std::int64_t line_;
    std::int64_t column_;
    std::string text_;
};

}  // namespace sparsereg
