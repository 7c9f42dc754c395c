// fuzz_replay: runs saved inputs through the fuzz targets without libFuzzer,
// so every corpus file and every crash ever found stays a regression test in
// ordinary (g++, sanitizer) builds.
//
//   fuzz_replay TARGET DIR...   runs each regular file under each DIR (a DIR
//                               that does not exist is skipped) through TARGET
//
// A bug aborts the process, as under libFuzzer; the file being run is printed
// first so the failure names it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" int fuzz_svmlight(const std::uint8_t*, std::size_t);
extern "C" int fuzz_matrix_market(const std::uint8_t*, std::size_t);
extern "C" int fuzz_model_json(const std::uint8_t*, std::size_t);
extern "C" int fuzz_csr_view(const std::uint8_t*, std::size_t);

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

struct Named {
    std::string_view name;
    Target target;
};

constexpr Named targets[] = {
    {"fuzz_svmlight", fuzz_svmlight},
    {"fuzz_matrix_market", fuzz_matrix_market},
    {"fuzz_model_json", fuzz_model_json},
    {"fuzz_csr_view", fuzz_csr_view},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET DIR...\n");
        return 2;
    }
    const std::string_view name = argv[1];
    const auto* found = std::find_if(std::begin(targets), std::end(targets),
                                     [&](const Named& t) { return t.name == name; });
    if (found == std::end(targets)) {
        std::fprintf(stderr, "fuzz_replay: unknown target '%s'\n", argv[1]);
        return 2;
    }
    std::vector<std::filesystem::path> files;
    for (int a = 2; a < argc; ++a) {
        const std::filesystem::path dir = argv[a];
        if (!std::filesystem::is_directory(dir)) continue;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            if (entry.is_regular_file()) files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "fuzz_replay: no input files for %s\n", argv[1]);
        return 1;
    }
    for (const auto& file : files) {
        std::fprintf(stderr, "%s: %s\n", argv[1], file.c_str());
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        found->target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    }
    std::printf("%s: %zu inputs ran clean\n", argv[1], files.size());
    return 0;
}
