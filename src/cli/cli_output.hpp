#pragma once

// What every subcommand that writes results shares: output prefixes checked
// before any work, files that report a full disk instead of truncating
// silently, a progress line for terminals, and number formatting.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "sparsereg/error.hpp"

namespace sparsereg::cli {

double seconds_since(std::chrono::steady_clock::time_point start);

// PREFIX + each suffix, after checking that PREFIX has a file name part and
// names a writable directory, and that no output is a directory; throws
// InvalidArgument("--out", ...). Checked before any work, so a typo in --out
// does not cost a whole fit.
std::vector<std::string> output_files(const std::string& prefix,
                                      const std::vector<std::string>& suffixes);

// Buffered text output that reports a full disk or a failed close as an error
// naming the file, instead of leaving a silently truncated result.
class OutputFile {
public:
    explicit OutputFile(std::string name) : name_(std::move(name)) {
        file_ = std::fopen(name_.c_str(), "wb");
        if (file_ == nullptr) throw IoError(name_, std::string("cannot create: ") + std::strerror(errno));
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (file_ != nullptr) std::fclose(file_);
    }

    OutputFile& text(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= flush_bytes) flush();
        return *this;
    }
    // %.17g: every double reads back as the same bits.
    OutputFile& number(double value) {
        char digits[32];
        const auto end = std::to_chars(digits, digits + sizeof digits, value,
                                       std::chars_format::general, 17).ptr;
        return text(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }
    OutputFile& integer(std::int64_t value) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        return text(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }

    void close() {
        flush();
        std::FILE* file = file_;
        file_ = nullptr;
        if (std::fclose(file) != 0) throw IoError(name_, std::string("cannot write: ") + std::strerror(errno));
    }

private:
    static constexpr std::size_t flush_bytes = std::size_t{1} << 20;

    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            throw IoError(name_, std::string("cannot write: ") + std::strerror(errno));
        }
        buffer_.clear();
    }

    std::string name_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
};

// One status line on stderr, rewritten in place; only for a terminal, so logs
// and CI output stay clean. Cleared when the work is done or fails.
class ProgressLine {
public:
    ProgressLine() : enabled_(::isatty(STDERR_FILENO) == 1) {}
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    ~ProgressLine() { clear(); }

    void show(const std::string& message) {
        if (!enabled_) return;
        const std::size_t pad = width_ > message.size() ? width_ - message.size() : 0;
        std::fprintf(stderr, "\r%s%*s", message.c_str(), static_cast<int>(pad), "");
        std::fflush(stderr);
        width_ = std::max(width_, message.size());
    }
    void clear() {
        if (!enabled_ || width_ == 0) return;
        std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
        std::fflush(stderr);
        width_ = 0;
    }

private:
    bool enabled_;
    std::size_t width_ = 0;
};

// %.*g with `digits` significant digits, for summaries meant to be read.
std::string format_g(double value, int digits = 4);

}  // namespace sparsereg::cli
