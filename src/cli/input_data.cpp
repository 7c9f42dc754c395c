#include "cli/input_data.hpp"

#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

#include "sparsereg/error.hpp"
#include "sparsereg/io/matrix_market.hpp"
#include "sparsereg/io/vector_file.hpp"

namespace sparsereg::cli {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool looks_like_matrix_market(std::string_view text) {
    constexpr std::string_view banner = "%%matrixmarket";
    if (text.size() < banner.size()) return false;
    for (std::size_t k = 0; k < banner.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(text[k])) != banner[k]) return false;
    }
    return true;
}

}  // namespace

void add_input_options(CLI::App& command, InputOptions& options) {
    command.add_option("--data", options.data_path,
                       "Data file: svmlight/libsvm, or Matrix Market with --labels "
                       "(plain, .gz, .bz2 or .xz)")
        ->required()
        ->check(CLI::ExistingFile);
    command.add_option("--labels", options.labels_path,
                       "Labels, one number a line (for a Matrix Market --data)")
        ->check(CLI::ExistingFile);
    const std::map<std::string, InputFormat> formats{{"auto", InputFormat::automatic},
                                                     {"svmlight", InputFormat::svmlight},
                                                     {"mtx", InputFormat::matrix_market}};
    // IsMember as a transform hands the canonical spelling on ("MTX" -> "mtx") and
    // fails with a message a user reads: "--format: xyz not in {auto,mtx,svmlight}".
    command
        .add_option_function<std::string>(
            "--format", [&options, formats](const std::string& name) { options.format = formats.at(name); },
            "Input format: auto, svmlight or mtx")
        ->transform(CLI::IsMember(formats, CLI::ignore_case))
        ->default_str("auto");
    auto* zero = command.add_flag_callback(
        "--zero-based", [&options] { options.index_base = IndexBase::zero; },
        "svmlight feature indices start at 0 (default: detect)");
    command
        .add_flag_callback(
            "--one-based", [&options] { options.index_base = IndexBase::one; },
            "svmlight feature indices start at 1 (default: detect)")
        ->excludes(zero);
    command.add_option("--n-features", options.n_features,
                       "Number of columns (default: the largest index in the file)")
        ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
    command
        .add_option_function<std::string>(
            "--max-bytes",
            [&options](const std::string& size) { options.max_bytes = parse_byte_size(size); },
            "Refuse input with more text than this, after decompression (500M, 2G, 1GiB, "
            "bytes; default: no limit)")
        ->type_name("SIZE");
    command.add_option("--max-nnz", options.max_nnz,
                       "Refuse input with more nonzeros than this (default 0: no limit)")
        ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
    command.add_option("--threads", options.threads, "Threads (default 0: all cores)")
        ->check(CLI::Range(0, 4096));
}

const char* to_string(InputFormat format) noexcept {
    switch (format) {
        case InputFormat::automatic: return "auto";
        case InputFormat::svmlight: return "svmlight";
        case InputFormat::matrix_market: return "matrix-market";
    }
    return "?";
}

std::uint64_t parse_byte_size(const std::string& text) {
    const auto bad = [&]() -> std::uint64_t {
        throw InvalidArgument("--max-bytes",
                              "'" + text + "' is not a size: expected bytes, or a number with "
                                           "K, M, G, T (powers of 1000) or KiB, MiB, GiB, TiB "
                                           "(powers of 1024), as in 500M or 2G");
    };
    std::size_t digits = 0;
    while (digits < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
        ++digits;
    }
    if (digits == 0 || text[0] == '.') return bad();
    std::string unit = text.substr(digits);
    for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const std::map<std::string, double> units{
        {"", 1},           {"B", 1},
        {"K", 1e3},        {"KB", 1e3},          {"M", 1e6},          {"MB", 1e6},
        {"G", 1e9},        {"GB", 1e9},          {"T", 1e12},         {"TB", 1e12},
        {"KIB", 1024.0},   {"MIB", 1048576.0},   {"GIB", 1073741824.0},
        {"TIB", 1099511627776.0}};
    const auto found = units.find(unit);
    if (found == units.end()) return bad();
    const std::string number = text.substr(0, digits);
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return bad();
    const double bytes = std::round(value * found->second);
    if (!(bytes >= 1) || bytes >= 1.8e19) {
        throw InvalidArgument("--max-bytes", "'" + text + "' must be at least 1 byte and below 2^64");
    }
    return static_cast<std::uint64_t>(bytes);
}

InputText read_input_text(const InputOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    InputText input{read_text_file(options.data_path, {.max_bytes = options.max_bytes}), 0.0};
    input.read_seconds = seconds_since(start);
    return input;
}

template <StorageValue T, StorageIndex I>
InputData<T, I> parse_input(const InputText& input, const InputOptions& options) {
    const TextFile& file = input.file;
    InputData<T, I> data;
    data.format = options.format != InputFormat::automatic ? options.format
                  : looks_like_matrix_market(file.text)    ? InputFormat::matrix_market
                                                           : InputFormat::svmlight;
    const auto start = std::chrono::steady_clock::now();
    if (data.format == InputFormat::svmlight) {
        auto parsed = parse_svmlight<T, I>(file.text, file.name,
                                           {.index_base = options.index_base,
                                            .n_features = options.n_features,
                                            .max_nnz = options.max_nnz,
                                            .threads = options.threads});
        data.X = std::move(parsed.X);
        data.y = std::move(parsed.y);
        data.index_base = parsed.index_base;
    } else {
        data.X = parse_matrix_market<T, I>(file.text, file.name,
                                           {.max_nnz = options.max_nnz, .threads = options.threads});
        data.index_base = IndexBase::one;
        if (options.n_features > 0 && options.n_features != data.X.cols()) {
            throw InvalidArgument("--n-features", "is " + std::to_string(options.n_features) +
                                                      " but " + file.name + " has " +
                                                      std::to_string(data.X.cols()) + " columns");
        }
    }
    if (!options.labels_path.empty()) {
        data.y = read_vector(options.labels_path, {.max_bytes = options.max_bytes});
        if (data.y.size() != static_cast<std::size_t>(data.X.rows())) {
            throw InvalidArgument("--labels", options.labels_path + " has " +
                                                  std::to_string(data.y.size()) +
                                                  " values but " + file.name + " has " +
                                                  std::to_string(data.X.rows()) + " rows");
        }
    }
    data.parse_seconds = seconds_since(start);
    return data;
}

template InputData<double, std::int32_t> parse_input(const InputText&, const InputOptions&);
template InputData<double, std::int64_t> parse_input(const InputText&, const InputOptions&);
template InputData<float, std::int32_t> parse_input(const InputText&, const InputOptions&);
template InputData<float, std::int64_t> parse_input(const InputText&, const InputOptions&);

}  // namespace sparsereg::cli
