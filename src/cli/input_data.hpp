#pragma once

// Loading the --data/--labels input shared by every subcommand: the format is
// recognized from the content, and reading and parsing are timed separately
// so a user sees where the time of a run goes.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sparsereg/data/csr_matrix.hpp"
#include "sparsereg/io/svmlight.hpp"
#include "sparsereg/io/text_file.hpp"

namespace sparsereg::cli {

enum class InputFormat { automatic, svmlight, matrix_market };

struct InputOptions {
    std::string data_path;
    std::string labels_path;  // required for Matrix Market X; optional otherwise
    InputFormat format = InputFormat::automatic;
    IndexBase index_base = IndexBase::automatic;
    std::int64_t n_features = 0;
    std::uint64_t max_bytes = 0;  // text of --data and --labels; 0: no limit
    std::int64_t max_nnz = 0;     // 0: no limit
    int threads = 0;
};

// Registers --data, --labels, --format, --zero-based/--one-based, --n-features,
// --max-bytes, --max-nnz and --threads on a subcommand.
void add_input_options(CLI::App& command, InputOptions& options);

// The data file read into memory, before parsing.
struct InputText {
    TextFile file;
    double read_seconds = 0;  // reading and decompressing the file
};

InputText read_input_text(const InputOptions& options);

// 32-bit indices hold any text below 2 GiB (every nonzero takes at least 4
// bytes of text: "1:1 "); a larger input needs 64-bit ones.
inline bool needs_64bit_indices(const InputText& input) {
    return input.file.text.size() >= (std::uint64_t{1} << 31);
}

template <StorageValue T, StorageIndex I>
struct InputData {
    CsrMatrix<T, I> X;
    std::vector<double> y;  // empty when the input has no labels
    InputFormat format = InputFormat::svmlight;
    IndexBase index_base = IndexBase::one;
    double parse_seconds = 0;  // turning text into CSR, and reading --labels
};

template <StorageValue T, StorageIndex I>
InputData<T, I> parse_input(const InputText& input, const InputOptions& options);

const char* to_string(InputFormat format) noexcept;

// A byte count as --max-bytes takes it: "500M", "2G", "1.5GB", "64KiB", "123456".
// K, M, G, T (optionally followed by B) are powers of 1000, KiB, MiB, GiB, TiB
// powers of 1024. Throws InvalidArgument("--max-bytes", ...) otherwise.
std::uint64_t parse_byte_size(const std::string& text);

}  // namespace sparsereg::cli
