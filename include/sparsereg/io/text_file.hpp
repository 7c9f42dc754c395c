#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sparsereg {

enum class Compression { none, gzip, bzip2, xz };

std::string_view to_string(Compression compression) noexcept;

struct TextFileOptions {
    // Refuse to decompress or read more than this many bytes of text (0: no
    // limit), so a file larger than memory fails with its size, not an OOM kill.
    // Never more than max_bytes + 1 bytes are allocated for the text. The
    // IoError states the size: exact for a plain file (checked before reading),
    // from the xz index or the gzip trailer (its size mod 2^32, used when only
    // one value is consistent with the compressed size) before decompressing,
    // else estimated from the compression ratio so far, e.g.
    //   "news20.svm.xz: 64.8 MB of text (from the xz index) exceeds max_bytes = 10 MB"
    //   "x.svm.bz2: about 1.2 MB of text (estimated from the first 8% of the
    //    bzip2 file) exceeds max_bytes = 100 KB"
    std::uint64_t max_bytes = 0;
};

// The whole text of a file, decompressed. The format is recognized by its
// magic bytes, not its name, so "data.svm" that is really gzip still reads.
struct TextFile {
    std::string name;          // the path as given, for messages
    std::string text;          // the uncompressed content
    Compression compression = Compression::none;
    std::uint64_t file_bytes = 0;  // size on disk
};

// Throws IoError naming the file when it cannot be opened or read, when a
// compressed stream is corrupt or truncated, or when max_bytes is exceeded.
TextFile read_text_file(const std::filesystem::path& path, const TextFileOptions& options = {});

}  // namespace sparsereg
