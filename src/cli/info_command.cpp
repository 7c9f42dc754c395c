// sparsereg info: loads a data file and describes it — shape, sparsity, the
// labels, and how fast it was read — so a user can check a file before a fit.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "cli/input_data.hpp"
#include "sparsereg/io/binary_labels.hpp"

namespace sparsereg::cli {

namespace {

struct InfoOptions {
    InputOptions input;
    bool json = false;
};

struct LabelSummary {
    std::map<double, std::int64_t> counts;  // filled only for few distinct values
    std::int64_t distinct = 0;
    double min = 0, max = 0, mean = 0;
};

LabelSummary summarize_labels(const std::vector<double>& y) {
    constexpr std::size_t max_listed = 10;
    LabelSummary s;
    std::map<double, std::int64_t> counts;
    for (double v : y) ++counts[v];
    s.distinct = static_cast<std::int64_t>(counts.size());
    if (counts.size() <= max_listed) s.counts = counts;
    if (!y.empty()) {
        s.min = counts.begin()->first;
        s.max = counts.rbegin()->first;
        long double sum = 0;
        for (double v : y) sum += v;
        s.mean = static_cast<double>(sum / static_cast<long double>(y.size()));
    }
    return s;
}

std::string format_number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

std::string binomial_mapping(const std::vector<double>& y) {
    return describe(to_binary_labels(y));
}

template <StorageIndex I>
void run_info(const InputText& input, const InfoOptions& options) {
    const auto data = parse_input<double, I>(input, options.input);
    const auto& X = data.X;
    const double cells = static_cast<double>(X.rows()) * static_cast<double>(X.cols());
    const double density = cells > 0 ? static_cast<double>(X.nnz()) / cells : 0.0;
    const double text_mb = static_cast<double>(input.file.text.size()) / 1e6;
    const double parse_mb_per_s = data.parse_seconds > 0 ? text_mb / data.parse_seconds : 0.0;
    const double total_seconds = input.read_seconds + data.parse_seconds;
    const LabelSummary labels = summarize_labels(data.y);
    const bool binary = labels.distinct == 2;

    if (options.json) {
        nlohmann::ordered_json j;
        j["file"] = input.file.name;
        j["format"] = to_string(data.format);
        j["compression"] = std::string(to_string(input.file.compression));
        j["file_bytes"] = input.file.file_bytes;
        j["text_bytes"] = input.file.text.size();
        j["rows"] = X.rows();
        j["columns"] = X.cols();
        j["nnz"] = X.nnz();
        j["density"] = density;
        j["index_base"] = data.index_base == IndexBase::zero ? "zero" : "one";
        j["index_bits"] = sizeof(I) * 8;
        j["labels"] = {{"count", data.y.size()}, {"distinct", labels.distinct}};
        if (!data.y.empty()) {
            j["labels"]["min"] = labels.min;
            j["labels"]["max"] = labels.max;
            j["labels"]["mean"] = labels.mean;
        }
        if (binary) j["labels"]["binomial"] = binomial_mapping(data.y);
        j["read_seconds"] = input.read_seconds;
        j["parse_seconds"] = data.parse_seconds;
        j["parse_mb_per_second"] = parse_mb_per_s;
        j["matrix_bytes"] = X.storage_bytes();
        std::cout << j.dump(2) << '\n';
        return;
    }

    std::printf("file          %s (%s, %s, %llu bytes on disk)\n", input.file.name.c_str(),
                to_string(data.format), std::string(to_string(input.file.compression)).c_str(),
                static_cast<unsigned long long>(input.file.file_bytes));
    std::printf("rows          %lld\n", static_cast<long long>(X.rows()));
    std::printf("columns       %lld\n", static_cast<long long>(X.cols()));
    std::printf("nonzeros      %lld (density %.4g)\n", static_cast<long long>(X.nnz()), density);
    std::printf("index base    %s-based%s, %zu-bit indices\n",
                data.index_base == IndexBase::zero ? "zero" : "one",
                data.format == InputFormat::matrix_market             ? " (Matrix Market)"
                : options.input.index_base == IndexBase::automatic ? " (detected)"
                                                                   : "",
                sizeof(I) * 8);
    if (data.y.empty()) {
        std::printf("labels        none\n");
    } else {
        std::string listed;
        for (const auto& [value, count] : labels.counts) {
            listed += (listed.empty() ? "" : ", ") + format_number(value) + " (" +
                      std::to_string(count) + ")";
        }
        std::printf("labels        %lld distinct, min %s, max %s, mean %s%s%s\n",
                    static_cast<long long>(labels.distinct), format_number(labels.min).c_str(),
                    format_number(labels.max).c_str(), format_number(labels.mean).c_str(),
                    listed.empty() ? "" : ": ", listed.c_str());
        if (binary) std::printf("binomial      %s\n", binomial_mapping(data.y).c_str());
    }
    std::printf("read          %.3f s for %.2f MB of text: %.3f s reading%s, %.3f s parsing "
                "(%.0f MB/s)\n",
                total_seconds, text_mb, input.read_seconds,
                input.file.compression == Compression::none ? "" : " and decompressing",
                data.parse_seconds, parse_mb_per_s);
    std::printf("memory        %.2f MB for X in CSR\n",
                static_cast<double>(X.storage_bytes()) / 1e6);
}

}  // namespace

void register_info_command(CLI::App& app) {
    auto options = std::make_shared<InfoOptions>();
    CLI::App* command =
        app.add_subcommand("info", "Load a data file and print its shape, labels and read speed");
    add_input_options(*command, options->input);
    command->add_flag("--json", options->json, "Print the summary as JSON");
    command->callback([options] {
        const InputText input = read_input_text(options->input);
        if (needs_64bit_indices(input)) {
            run_info<std::int64_t>(input, *options);
        } else {
            run_info<std::int32_t>(input, *options);
        }
    });
}

}  // namespace sparsereg::cli
