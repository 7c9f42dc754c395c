#include "cli/cli_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "sparsereg/error.hpp"

namespace sparsereg::cli {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> output_files(const std::string& prefix,
                                      const std::vector<std::string>& suffixes) {
    namespace fs = std::filesystem;
    const fs::path path(prefix);
    if (prefix.empty() || !path.has_filename()) {
        throw InvalidArgument("--out", "'" + prefix + "' has no file name part; give one such as "
                                                      "results/run1 (writes results/run1" +
                                           suffixes.front() + (suffixes.size() > 1 ? ", ...)" : ")"));
    }
    const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::error_code error;
    const fs::file_status status = fs::status(directory, error);
    if (!fs::exists(status)) {
        throw InvalidArgument("--out", "directory '" + directory.string() + "' does not exist");
    }
    if (!fs::is_directory(status)) {
        throw InvalidArgument("--out", "'" + directory.string() + "' is not a directory");
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
        throw InvalidArgument("--out", "directory '" + directory.string() +
                                           "' is not writable: " + std::strerror(errno));
    }
    std::vector<std::string> files;
    for (const auto& suffix : suffixes) {
        files.push_back(prefix + suffix);
        if (fs::is_directory(fs::status(files.back(), error))) {
            throw InvalidArgument("--out", "'" + files.back() + "' is a directory");
        }
    }
    return files;
}

std::string format_g(double value, int digits) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

}  // namespace sparsereg::cli
