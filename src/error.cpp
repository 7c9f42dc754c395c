#include "sparsereg/error.hpp"

#include <utility>

namespace sparsereg {

InvalidArgument::InvalidArgument(std::string argument, const std::string& message)
    : Error(argument + ": " + message), argument_(std::move(argument)) {}

IoError::IoError(std::string file, const std::string& message)
    : Error(file + ": " + message), file_(std::move(file)) {}

ParseError::ParseError(std::string file, std::int64_t line, std::int64_t column, std::string text,
                       const std::string& problem)
    : Error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + problem +
            (text.empty() ? std::string() : " ('" + text + "')")),
      file_(std::move(file)),
      line_(line),
      column_(column),
      text_(std::move(text)) {}

}  // namespace sparsereg
