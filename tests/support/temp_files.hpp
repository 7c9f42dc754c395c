#pragma once

// Files for the reader tests: a directory of their own, bytes in and out, and
// the compressed forms (gzip, bzip2, xz) the readers must open, each written
// by the compression library itself, as a user's tool would write it.

#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

namespace sparsereg::testing {

// A directory of its own under the system temp dir, removed with everything
// in it, even after a test took away its permissions.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("sparsereg_test_" + std::to_string(::getpid()) + "_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good()) << path;
}

inline std::string read_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// gzip through zlib's own file interface (a scratch file in dir).
inline std::string gzip(const TempDir& dir, const std::string& text) {
    const std::filesystem::path tmp = dir / "scratch.gz";
    gzFile f = gzopen(tmp.c_str(), "wb6");
    EXPECT_NE(f, nullptr);
    if (!text.empty()) {
        EXPECT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())), static_cast<int>(text.size()));
    }
    EXPECT_EQ(gzclose(f), Z_OK);
    std::string bytes = read_bytes(tmp);
    std::filesystem::remove(tmp);
    return bytes;
}

inline std::string bzip2(const std::string& text) {
    std::string out(text.size() + text.size() / 100 + 600, '\0');
    auto out_len = static_cast<unsigned>(out.size());
    const int ret = BZ2_bzBuffToBuffCompress(out.data(), &out_len, const_cast<char*>(text.data()),
                                             static_cast<unsigned>(text.size()), 1, 0, 0);
    EXPECT_EQ(ret, BZ_OK);
    out.resize(out_len);
    return out;
}

inline std::string xz(const std::string& text) {
    std::string out(lzma_stream_buffer_bound(text.size()), '\0');
    std::size_t out_pos = 0;
    const lzma_ret ret = lzma_easy_buffer_encode(
        1, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(text.data()), text.size(),
        reinterpret_cast<std::uint8_t*>(out.data()), &out_pos, out.size());
    EXPECT_EQ(ret, LZMA_OK);
    out.resize(out_pos);
    return out;
}

}  // namespace sparsereg::testing
